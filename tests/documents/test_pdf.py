"""The PDF reader on part of seed 001 rendered by WeasyPrint, and on scanned or broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.documents import Document, read_bytes, read_document
from planwatch.documents.pdflines import PAGE_NUMBER, Line, furniture, geometry, paragraphs
from planwatch.errors import DocumentError
from tests.documents.conftest import RUNNING_TITLE
from tests.documents.helpers import assert_offsets, squash, squash_rows, table_with, tables
from tests.documents.writers import GROUP_LABEL, INDICATOR_HEADER, write_encrypted_pdf


@pytest.fixture(scope="module")
def pdf_doc(seed001_pdf: Path) -> Document:
    return read_document(seed001_pdf)


def test_offsets_and_metadata(pdf_doc: Document, seed001_pdf: Path) -> None:
    assert pdf_doc.format == "pdf" and pdf_doc.file == "plan.pdf"
    assert_offsets(pdf_doc)


def test_paragraphs_are_rebuilt_from_wrapped_lines(
    pdf_doc: Document, seed001_txt: Document
) -> None:
    expected = [squash(b.text) for b in seed001_txt.blocks if b.kind != "table"]
    found = [squash(b.text) for b in pdf_doc.blocks if b.kind != "table"]
    assert found == expected


def test_running_header_and_page_numbers_are_dropped(pdf_doc: Document) -> None:
    assert RUNNING_TITLE not in pdf_doc.text
    assert not any(PAGE_NUMBER.match(b.text) for b in pdf_doc.blocks)
    assert any("页眉" in note for note in pdf_doc.notes)


def test_indicator_table_matches_docx_and_txt(pdf_doc: Document, seed001_txt: Document) -> None:
    table = table_with(pdf_doc, "5G基站开通数（座）")
    assert table.rows is not None
    assert table.rows[0] == ("序号", "指标名称", GROUP_LABEL, "指标性质")
    assert table.rows[1] == INDICATOR_HEADER
    expected = table_with(seed001_txt, "5G基站开通数（座）").rows
    assert expected is not None and table.rows[2:] == expected[1:]
    # the table's words are not repeated as paragraphs
    assert not any("5G基站开通数" in b.text for b in pdf_doc.blocks if b.kind == "paragraph")


def test_programme_box_keeps_its_paragraphs(pdf_doc: Document, seed001_txt: Document) -> None:
    box = table_with(pdf_doc, "专栏一 新型基础设施建设重点工程")
    original = table_with(seed001_txt, "专栏一  新型基础设施建设重点工程")
    assert squash_rows(box.rows) == squash_rows(original.rows)


def test_tables_broken_across_pages_are_joined(pdf_doc: Document, seed001_txt: Document) -> None:
    ours, theirs = tables(pdf_doc), tables(seed001_txt)
    assert len(ours) == len(theirs) == 7
    for mine, original in list(zip(ours, theirs, strict=True))[1:]:
        # a row cut by a page end is glued back; wrapped cell lines are joined
        assert [[squash(c) for c in row] for row in mine.rows or ()] == [
            [squash(c) for c in row] for row in original.rows or ()
        ]
    projects = ours[-1]
    assert projects.rows is not None and len(projects.rows) == 80
    assert projects.rows[5][:2] == ("2", "广东移动5G网络三期工程（汕头）")


def test_scanned_pdf_without_text_layer(picture_pdf: Path) -> None:
    with pytest.raises(DocumentError) as info:
        read_document(picture_pdf)
    assert "OCR" in info.value.zh and "no text layer" in info.value.en


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = write_encrypted_pdf(tmp_path / "locked.pdf", user_password=b"pw", owner_password=b"o")
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert "加密" in info.value.zh


@pytest.mark.parametrize("fraction", [0.2, 0.6, 0.97])
def test_truncated_pdf(seed001_pdf: Path, fraction: float) -> None:
    data = seed001_pdf.read_bytes()
    with pytest.raises(DocumentError) as info:
        read_bytes(data[: int(len(data) * fraction)], "cut.pdf")
    assert "损坏" in info.value.zh


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 40, b"%PDF-1.7\n" + bytes(range(256)) * 40, b"just some text " * 50],
    ids=["random", "pdf-header-then-garbage", "text"],
)
def test_garbage_named_pdf(data: bytes) -> None:
    with pytest.raises(DocumentError):
        read_bytes(data, "bad.pdf")


# ---------------------------------------------------------------- layout rules, no PDF needed


def _line(text: str, x0: float, x1: float, top: float, page: int = 0) -> Line:
    return Line(text, x0, x1, top, top + 10, page, 800.0)


def test_layout_rules_on_positioned_lines() -> None:
    lines = [
        _line("第一段的第一行，首行缩进两个字并写满整个", 20, 200, 100),
        _line("宽度，第二行结束于半途。", 0, 120, 112),
        _line("（二）一个编号标题", 0, 90, 124),
        _line("没有缩进的下一段也写到了右边界的位置上", 0, 200, 136),
        _line("1.编号行不会接到上一行后面", 0, 200, 148),
    ]
    column = geometry(lines * 4)
    assert column.left == 0 and column.right == 200 and column.indented_paragraphs
    assert paragraphs(lines, column) == [
        "第一段的第一行，首行缩进两个字并写满整个宽度，第二行结束于半途。",
        "（二）一个编号标题",
        "没有缩进的下一段也写到了右边界的位置上",
        "1.编号行不会接到上一行后面",
    ]


def test_latin_words_are_glued_with_a_space() -> None:
    lines = [_line("using the ABC", 0, 200, 100), _line("method here.", 0, 100, 112)]
    assert paragraphs(lines, geometry(lines)) == ["using the ABC method here."]


def test_furniture_is_repeated_margin_text_and_page_numbers() -> None:
    lines = []
    for page in range(3):
        lines += [
            _line("某某规划（征求意见稿）", 50, 150, 10, page),
            _line(f"正文第{page}页的内容", 0, 200, 300, page),
            _line(f"第 {page + 1} 页 / 共 3 页", 80, 120, 780, page),
        ]
    dropped = furniture(lines, pages=3)
    assert sorted(dropped) == [0, 2, 3, 5, 6, 8]


def test_line_wrapped_before_a_long_latin_word_continues() -> None:
    lines = [
        _line("第一行在右边留下空白，因为下一个英文词放不下", 0, 160, 100),
        _line("(LongLatinWord)接在后面。", 0, 120, 112),
        _line("另起一段写满一行", 0, 200, 124),
    ]
    column = geometry(lines + [_line("满行", 0, 200, 0)] * 6)
    assert column.right == 200
    assert paragraphs(lines, column) == [
        "第一行在右边留下空白，因为下一个英文词放不下(LongLatinWord)接在后面。",
        "另起一段写满一行",
    ]
