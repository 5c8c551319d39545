"""Reporting periods for the web layer: the core's one grammar (``planwatch.evaluation.periods``)."""

from __future__ import annotations

from planwatch.evaluation.periods import Period, periods_between
from planwatch.evaluation.periods import parse_or_none as parse

__all__ = ["Period", "parse", "periods_between"]
