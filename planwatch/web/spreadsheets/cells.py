"""Cells planwatch writes into spreadsheets. Text is always written as text: a plan title or
indicator name that starts with ``= + - @``, a tab or a carriage return would otherwise become a
live formula (or, typed back, a command) in every reporter's copy. Numbers stay numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet


def write_row(sheet: Worksheet, row: int, values: Sequence[Any]) -> None:
    """Write ``values`` into ``row`` (from 1), one per column from A; None leaves a cell empty."""
    for column, value in enumerate(values, start=1):
        if value is None:
            continue
        if isinstance(value, str):
            # Control characters cannot be stored in the file at all (openpyxl refuses them).
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell = sheet.cell(row=row, column=column, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl would take "=…" for a formula
