"""Extraction: a read Document in, a structured plan (outline, indicators, projects …) out."""

from planwatch.extraction.plan import SCHEMA, extract_plan

__all__ = ["SCHEMA", "extract_plan"]
