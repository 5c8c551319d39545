"""Reading observation files: CSV (UTF-8 or GB18030) and XLSX into raw string columns.

Well-formed CSV goes through Polars' reader; anything odd falls back to the csv module so that
ragged rows can be reported with their numbers.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import polars as pl

from planwatch.errors import EvaluationError

REQUIRED = ("indicator", "period", "value")
OPTIONAL = ("region", "series", "source", "note")
# Chinese headers people put on their sheets → the contract's column names
HEADER_ALIASES = {
    "指标": "indicator",
    "指标名称": "indicator",
    "指标编号": "indicator",
    "期间": "period",
    "时期": "period",
    "年份": "period",
    "报告期": "period",
    "数值": "value",
    "值": "value",
    "指标值": "value",
    "地区": "region",
    "区域": "region",
    "行政区": "region",
    "分组": "series",
    "口径": "series",
    "来源": "source",
    "数据来源": "source",
    "备注": "note",
    "说明": "note",
}
UNSUPPORTED = (".xls", ".ods", ".numbers", ".et")


def column_name(header: object) -> str:
    """The contract's name for a header cell (case, spaces and Chinese aliases forgiven)."""
    text = "" if header is None else str(header).strip().lower()
    return HEADER_ALIASES.get(text, text)


def cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if hasattr(value, "year") and hasattr(value, "month"):
        return f"{value.year}-{value.month:02d}"
    text = str(value)
    return text if text.strip() else None


def raw_frame(names: list[str], rows: list[list[Any]]) -> pl.DataFrame:
    columns: dict[str, list[str | None]] = {}
    for col in (*REQUIRED, *OPTIONAL):
        if col in names:
            i = names.index(col)
            columns[col] = [cell(r[i]) if i < len(r) else None for r in rows]
        else:
            columns[col] = [None] * len(rows)
    frame = pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))
    return frame.with_row_index("row", offset=2).with_columns(pl.col("row").cast(pl.Int64))


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise EvaluationError("观测数据文件编码无法识别", "cannot decode the observations file")


def fast_csv(text: str) -> pl.DataFrame | None:
    """Polars' reader for well-formed files; None (→ the row-by-row reader) for anything odd."""
    try:
        frame = pl.read_csv(io.StringIO(text), infer_schema=False, raise_if_empty=True)
    except (pl.exceptions.PolarsError, ValueError):
        return None
    names = [column_name(c) for c in frame.columns]
    if len(set(names)) != len(names) or any(c not in names for c in REQUIRED):
        return None
    frame.columns = names
    stripped = [pl.col(c).str.strip_chars() for c in frame.columns]
    frame = frame.with_columns(
        pl.when(e != "").then(pl.col(n)).alias(n)
        for e, n in zip(stripped, frame.columns, strict=True)
    )
    columns = [
        pl.col(c) if c in names else pl.lit(None, pl.String).alias(c)
        for c in (*REQUIRED, *OPTIONAL)
    ]
    frame = frame.select(columns).with_row_index("row", offset=2)
    return frame.with_columns(pl.col("row").cast(pl.Int64))


def read_csv(text: str) -> tuple[list[str], list[list[Any]]]:
    reader = list(csv.reader(io.StringIO(text)))
    if not reader:
        raise EvaluationError("观测数据文件为空", "the observations file is empty")
    return reader[0], reader[1:]


def read_xlsx(source: Path) -> tuple[list[Any], list[list[Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a corrupt file
        raise EvaluationError(
            f"无法读取 Excel 文件 {source}", f"cannot read workbook {source}"
        ) from err
    try:
        rows = [[_xlsx_value(c) for c in r] for r in book.worksheets[0].iter_rows()]
    finally:
        book.close()
    if not rows:
        raise EvaluationError("观测数据文件为空", "the observations file is empty")
    return rows[0], rows[1:]


def _xlsx_value(cell: Any) -> Any:
    """A cell's value; a number shown as a percentage (0.55 shown as 55%) is read as 55."""
    value = getattr(cell, "value", None)
    fmt = getattr(cell, "number_format", "") or ""
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in fmt:
        return round(value * 100, 10)
    return value
