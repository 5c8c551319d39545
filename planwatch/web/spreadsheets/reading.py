"""Rows of an uploaded .xlsx, read as a stream within a budget after the guard let it through.

openpyxl's read-only mode pads every row to the width the file declares and yields blank rows
up to the height it declares; the declaration is ignored and the width fixed by the caller.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import CellCoordinatesException, InvalidFileException

from planwatch.web.spreadsheets.guard import Budget, check_package, not_xlsx, refusal

Row = tuple[Any, ...]

# What a workbook that passed the guard can still raise while openpyxl reads it: malformed XML
# (ParseError is a SyntaxError), a shared string out of range, a bad coordinate, a bad member.
_UNREADABLE = (
    InvalidFileException,
    CellCoordinatesException,
    zipfile.BadZipFile,
    zlib.error,
    SyntaxError,
    KeyError,
    IndexError,
    TypeError,
    ValueError,
    OSError,
)


def sheet_rows(data: bytes, *, width: int, budget: Budget) -> list[tuple[int, Row]]:
    """The first sheet's rows that hold anything, numbered as Excel numbers them (from 1), each
    cut to ``width`` columns; refuses the file as soon as it passes ``budget.rows`` rows."""
    check_package(data, budget)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except _UNREADABLE as err:
        raise not_xlsx() from err
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the file's own word on its size is not taken
        rows = []
        for number, values in enumerate(sheet.iter_rows(max_col=width, values_only=True), start=1):
            if number > budget.rows:
                raise refusal(
                    f"工作表超过 {budget.rows:,} 行（含空行），请删除多余的行或分批上传",
                    f"the sheet has over {budget.rows:,} rows (blank ones included); "
                    "remove extra rows or upload it in parts",
                )
            if any(v not in (None, "") for v in values):
                rows.append((number, values))
        return rows
    except _UNREADABLE as err:
        raise not_xlsx() from err
    finally:
        book.close()
