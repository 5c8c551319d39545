"""Budgets that stop hostile documents before they cost memory or time: spans, cells, nesting.

Memory is measured with tracemalloc and time in CPU seconds, each against a budget that the
old readers missed by orders of magnitude (gridSpan="999999" took 700 MB; deep furniture and
runs of line breaks took minutes).
"""

from __future__ import annotations

import io
import re
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.documents import builder, limits, read_bytes, read_document
from planwatch.documents.limits import CellBudget, check_depth
from planwatch.errors import DocumentError
from tests.documents import writers

T = TypeVar("T")
MB = 1024 * 1024


def peak_bytes(work: Callable[[], object]) -> int:
    """The most memory Python allocated while ``work`` ran (a refusal counts as done)."""
    tracemalloc.start()
    try:
        work()
    except DocumentError:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def cpu(work: Callable[[], T], budget: float = 5.0) -> T:
    began = time.process_time()
    result = work()
    assert time.process_time() - began < budget
    return result


def refusal(data: bytes, name: str) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        read_bytes(data, name)
    error = info.value
    assert error.zh != error.en and "\n" not in error.one_line()
    return error


# ---------------------------------------------------------------- docx


def test_huge_grid_span_is_refused_before_the_grid_is_filled(tmp_path: Path) -> None:
    path = writers.write_spanning_docx(tmp_path / "span.docx", span=999_999)
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert "列" in info.value.zh and "columns" in info.value.en
    assert peak_bytes(lambda: read_document(path)) < 50 * MB


def test_ordinary_spans_still_read(tmp_path: Path) -> None:
    path = writers.write_spanning_docx(tmp_path / "span.docx", span=2, columns=4)
    document = read_document(path)
    tables = [block for block in document.blocks if block.kind == "table"]
    assert tables and tables[0].rows == (("示例",) * 4,) * 3


def test_grid_before_past_the_column_budget(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "示例"
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    grid_before = docx.oxml.OxmlElement("w:gridBefore")
    grid_before.set(docx.oxml.ns.qn("w:val"), "5000000")
    tr_pr.append(grid_before)
    buffer = io.BytesIO()
    document.save(buffer)
    assert "columns" in refusal(buffer.getvalue(), "before.docx").en


def test_cells_past_the_document_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_CELLS", 20)
    path = writers.write_spanning_docx(tmp_path / "cells.docx", span=1, rows=3, columns=8)
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert "20" in info.value.zh and "cells" in info.value.en


def test_budget_counts_and_refuses() -> None:
    budget = CellBudget(max_cells=3, max_columns=2)
    budget.columns(2)
    budget.take(3)
    with pytest.raises(DocumentError):
        budget.take()
    with pytest.raises(DocumentError):
        budget.columns(3)
    check_depth(10, limit=10)
    with pytest.raises(DocumentError):
        check_depth(11, limit=10)


# ---------------------------------------------------------------- html


def page(body: str) -> bytes:
    return f"<html><body><div>{body}</div></body></html>".encode()


def test_deep_nesting_is_refused_with_a_reason() -> None:
    # libxml2 drops what lies below 256 levels: the page would seem empty, not too deep.
    body = "<div>" * (limits.MAX_DEPTH + 10) + "规划正文" * 20
    assert "嵌套" in refusal(page(body), "deep.html").zh


def test_wide_spans_are_refused_before_the_row_is_built() -> None:
    cells = "<td colspan='200' rowspan='200'>甲</td>" * 40  # 8,000 columns
    error = refusal(page(f"<table><tr>{cells}</tr><tr><td>乙</td></tr></table>"), "wide.html")
    assert "columns" in error.en


def test_many_rows_of_spans_stay_within_the_cell_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_CELLS", 10_000)
    row = "<tr>" + "<td colspan='100'>甲</td>" * 5 + "</tr>"
    assert "cells" in refusal(page(f"<table>{row * 100}</table>"), "cells.html").en


def test_sparse_rowspans_fill_the_row_ends() -> None:
    # Slots covered from above past a row's last cell are filled in one pass, not one scan of
    # every covered column per slot.
    cells = ("<td rowspan='200'>乙</td>" if n % 2 == 0 else "<td>甲</td>" for n in range(998))
    rows = "<tr>" + "".join(cells) + "</tr>" + "<tr><td>丙</td></tr>" * 199
    prose = "<p>规划正文。</p>" * 2000
    document = cpu(lambda: read_bytes(page(f"<table>{rows}</table>{prose}"), "x.html"))
    table = next(block for block in document.blocks if block.kind == "table")
    assert table.rows is not None
    assert table.rows[1][:4] == ("乙", "丙", "乙", "") and table.rows[1][-1] == "乙"
    assert len(table.rows[1]) == 997


def test_a_long_run_of_line_breaks_between_chinese_and_latin() -> None:
    text = "中" + "\n" * 200_000 + "a" + "规划正文" * 50
    document = cpu(lambda: read_bytes(page(f"<p>{text}</p>"), "breaks.html"))
    assert "中 a" in document.text


def test_line_breaks_between_chinese_characters_go() -> None:
    document = read_bytes(page("<p>规划\n  正文</p><p>规划 \n正文 the\nend</p>"), "x.html")
    assert document.text == "规划正文\n规划正文 the end"


def test_deep_furniture_around_long_text() -> None:
    # Each navigation box used to count the Chinese text of everything inside it.
    depth = limits.MAX_DEPTH - 20
    body = "<div class='nav'>" * depth + "<p>导航链接</p>" * 2000 + "</div>" * depth
    main = "<div class='article'>" + "<p>规划正文内容。</p>" * 2000 + "</div>"
    document = cpu(lambda: read_bytes(page(body + main), "furniture.html"))
    assert "规划正文内容。" in document.text and "导航链接" not in document.text


# ---------------------------------------------------------------- pdf


def test_ruling_lines_past_the_document_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint import HTML

    grid = "<table>" + ("<tr>" + "<td>字</td>" * 20 + "</tr>") * 20 + "</table>"
    style = "td { border: 0.5pt solid black; } table { border-collapse: collapse; }"
    pdf = HTML(string=f"<html><style>{style}</style><body>{grid}</body></html>").write_pdf()
    assert pdf is not None
    table = next(block for block in read_bytes(pdf, "grid.pdf").blocks if block.kind == "table")
    assert table.rows is not None and len(table.rows) == 20
    monkeypatch.setattr(limits, "MAX_RULES", 100)
    assert "ruling lines" in refusal(pdf, "grid.pdf").en


# ---------------------------------------------------------------- cell text


def test_a_cell_with_a_long_run_of_spaces(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_table(rows=1, cols=2).rows[0].cells[0].text = "甲" + " " * 200_000 + "乙"
    path = tmp_path / "spaces.docx"
    document.save(str(path))
    table = cpu(lambda: read_document(path)).blocks[0]
    assert table.rows is not None and table.rows[0][0].startswith("甲 ")


@given(st.text(alphabet=" \t\u3000\u00a0\n甲", max_size=16))
def test_cell_breaks_are_joined_as_the_plain_pattern_joins_them(text: str) -> None:
    plain = re.compile(r"[ \t\u00a0\u3000]*\n[ \t\u00a0\u3000]*")
    assert builder._SPACES.sub("\n", text) == plain.sub("\n", text)
