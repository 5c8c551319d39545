"""Tables that carry commitments: main-indicator tables and key-project tables.

Columns are found by their header words, so the same code reads a real Word table, a PDF table
and a table that a text conversion flattened to one cell per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.documents.model import Block
from planwatch.extraction.numbers import parse_decimal, to_halfwidth

_UNIT_IN_NAME = re.compile(r"[（(]\s*(?P<unit>[^（()）]{1,8})\s*[）)]\s*$")
_MISSING = {"", "—", "-", "－", "——", "/", "／", "…", "无", "暂无"}
_YEAR_HEADER = re.compile(r"(20\d\d)\s*年?")
# A line break and the spaces around it; matches start only where a run of spaces starts, so a
# long run without a break is scanned once, not once from each of its characters.
_BREAK = re.compile(r"(?<!\s)\s*\n\s*")


@dataclass(slots=True)
class TableIndicator:
    name: str
    unit: str | None
    baseline: tuple[int, float] | None
    targets: list[tuple[int, float]]
    nature: str | None
    quote: str
    start: int
    end: int


def _header_index(rows: tuple[tuple[str, ...], ...]) -> int | None:
    """The header row: the first of the top two rows that names 指标 and a year column.

    A merged two-row header (指标值 over 2020年 | 2025年) puts the years in the second row.
    """
    for index, row in enumerate(rows[:2]):
        text = " ".join(row)
        if _YEAR_HEADER.search(text) and ("指标" in text or index == 1):
            return index
    return None


def is_indicator_table(rows: tuple[tuple[str, ...], ...]) -> bool:
    index = _header_index(rows)
    return index is not None and len(rows) > index + 1 and "指标" in " ".join(rows[0] + rows[index])


def read_indicator_table(block: Block) -> list[TableIndicator]:
    rows = block.rows or ()
    header_at = _header_index(rows) or 0
    header = [_flat(cell) for cell in rows[header_at]]
    name_col = next(
        (i for i, h in enumerate(header) if "指标" in h and "性质" not in h and "属性" not in h),
        None,
    )
    years = [(i, int(m.group(1))) for i, h in enumerate(header) if (m := _YEAR_HEADER.search(h))]
    nature_col = next((i for i, h in enumerate(header) if "性质" in h or "属性" in h), None)
    unit_col = next((i for i, h in enumerate(header) if h in ("单位", "计量单位")), None)
    if name_col is None or not years:
        return []
    found: list[TableIndicator] = []
    spans = _row_spans(block)[header_at:]
    for row, (start, end) in zip(rows[header_at + 1 :], spans, strict=False):
        cells = [_flat(cell) for cell in row]
        if name_col >= len(cells) or not cells[name_col]:
            continue
        name, unit = split_unit(cells[name_col])
        if unit is None and unit_col is not None and unit_col < len(cells):
            unit = cells[unit_col] or None
        values = []
        for col, year in years:
            raw = cells[col] if col < len(cells) else ""
            value, value_unit = parse_cell_value(raw)
            unit = unit or value_unit
            values.append((year, value))
        known = [(y, v) for y, v in values if v is not None]
        if not known:
            continue
        baseline = values[0] if values[0][1] is not None and len(values) > 1 else None
        target_pairs = (
            [(y, v) for y, v in values[1:] if v is not None] if len(values) > 1 else known
        )
        nature = cells[nature_col] if nature_col is not None and nature_col < len(cells) else None
        found.append(
            TableIndicator(
                name=name,
                unit=unit,
                baseline=(baseline[0], baseline[1])
                if baseline and baseline[1] is not None
                else None,
                targets=[(y, float(v)) for y, v in target_pairs],
                nature=nature if nature in ("预期性", "约束性") else None,
                quote="\t".join(cells),
                start=start,
                end=end,
            )
        )
    return found


def split_unit(name: str) -> tuple[str, str | None]:
    """'5G基站开通数（座）' → ('5G基站开通数', '座')."""
    match = _UNIT_IN_NAME.search(name)
    if not match:
        return name.strip(), None
    unit = match["unit"].strip()
    return name[: match.start()].strip(), "%" if unit == "％" else unit


def parse_cell_value(raw: str) -> tuple[float | None, str | None]:
    text = to_halfwidth(raw).strip().replace(" ", "")
    if text in _MISSING:
        return None, None
    unit = None
    if text.endswith("%"):
        text, unit = text[:-1], "%"
    text = re.sub(r"(以上|左右|以下)$", "", text)
    return parse_decimal(text), unit


def _flat(cell: str) -> str:
    return _BREAK.sub("", cell).strip()


def _row_spans(block: Block) -> list[tuple[int, int]]:
    """Offsets of each body row in the document, found by its first and last cells."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    text = block.text
    for row in (block.rows or ())[1:]:
        first = next((c for c in row if c.strip()), "")
        last = next((c for c in reversed(row) if c.strip()), "")
        begin = text.find(first.split("\n")[0], cursor) if first else cursor
        if begin < 0:
            begin = cursor
        tail = last.split("\n")[-1]
        stop = text.find(tail, begin) if tail else begin
        stop = stop + len(tail) if stop >= 0 else begin
        spans.append((block.start + begin, block.start + max(stop, begin)))
        cursor = max(stop, begin)
    return spans


# --- key-project tables -------------------------------------------------------------------

_PROJECT_COLUMNS = {
    "number": ("序号", "编号"),
    "name": ("项目名称", "名称"),
    "content": ("建设内容", "主要内容", "内容"),
    "stage": ("阶段", "性质", "状态"),
    "years": ("起止", "年限", "建设期", "建设周期"),
    "total": ("总投资",),
    "period": ("期间投资", "十四五", "计划投资", "期内投资"),
    "builder": ("建设单位", "业主单位", "实施单位", "项目单位"),
    "responsible": ("责任单位", "管理责任", "主管单位", "牵头单位"),
}
_CATEGORY_NO = re.compile(r"^(?:[一二三四五六七八九十]+|[（(][一二三四五六七八九十]+[）)])$")
_TOTAL_ROW = re.compile(r"^(?:总计|合计|总共|小计)$")


def is_project_table(rows: tuple[tuple[str, ...], ...]) -> bool:
    if len(rows) < 2:
        return False
    header = _flat(" ".join(rows[0]))
    return "项目" in header and "投资" in header


def project_columns(header: tuple[str, ...]) -> dict[str, int]:
    flat = [_flat(cell) for cell in header]
    columns: dict[str, int] = {}
    for key, words in _PROJECT_COLUMNS.items():
        for index, cell in enumerate(flat):
            if index in columns.values():
                continue
            if any(word in cell for word in words) and not (key == "total" and "期间" in cell):
                columns[key] = index
                break
    return columns


@dataclass(slots=True)
class ProjectRow:
    number: str
    cells: dict[str, str]
    category: list[str]
    quote: str
    start: int
    end: int


def read_project_rows(block: Block) -> list[ProjectRow]:
    rows = block.rows or ()
    columns = project_columns(rows[0])
    if "name" not in columns:
        return []
    found: list[ProjectRow] = []
    path: list[tuple[int, str]] = []  # (depth, category name)
    for row, (start, end) in zip(rows[1:], _row_spans(block), strict=False):
        cells = {key: _flat(row[i]) if i < len(row) else "" for key, i in columns.items()}
        number = _flat(row[0]) if row else ""
        if _TOTAL_ROW.match(number) or _TOTAL_ROW.match(cells.get("name", "")):
            continue
        if _CATEGORY_NO.match(number):
            depth = 1 if number[0] not in "（(" else 2
            path = [(d, n) for d, n in path if d < depth] + [(depth, cells.get("name", ""))]
            continue
        if not cells.get("name"):
            continue
        found.append(
            ProjectRow(
                number=number,
                cells=cells,
                category=[name for _, name in path],
                quote="\t".join(_flat(c) for c in row),
                start=start,
                end=end,
            )
        )
    return found


def parse_years(raw: str) -> tuple[int | None, int | None]:
    years = [int(y) for y in re.findall(r"(?:19|20)\d\d", to_halfwidth(raw))]
    if not years:
        return None, None
    return years[0], years[-1]


def parse_amount(raw: str) -> float | None:
    value, _ = parse_cell_value(raw)
    return value
