"""The .docx reader on seed 001 written as a real Word file, on small documents and on bad zips."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml

from planwatch.documents import Document, read_bytes, read_document
from planwatch.errors import DocumentError
from tests.documents.helpers import assert_offsets, table_with, tables
from tests.documents.writers import GROUP_LABEL, INDICATOR_HEADER, write_zip_bomb


def _docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_seed_001_docx_has_the_same_text_blocks_as_the_txt(
    seed001_docx: Path, seed001_txt: Document
) -> None:
    doc = read_document(seed001_docx)
    assert doc.format == "docx" and doc.file == seed001_docx.name
    assert_offsets(doc)
    texts = [b.text for b in doc.blocks if b.kind != "table"]
    assert texts == [b.text for b in seed001_txt.blocks if b.kind != "table"]


def test_seed_001_docx_headings_come_from_styles(seed001_docx: Path) -> None:
    doc = read_document(seed001_docx)
    levels = {b.text: b.level for b in doc.blocks if b.kind == "heading"}
    assert levels["三、主要任务"] == 1
    assert levels["（一）打造创新驱动发展样板"] == 2
    assert levels["1.构建核心技术创新体系"] == 3
    assert all(b.level is None for b in doc.blocks if b.kind == "paragraph")


def test_seed_001_docx_indicator_table_with_merged_header(
    seed001_docx: Path, seed001_txt: Document
) -> None:
    doc = read_document(seed001_docx)
    table = table_with(doc, "5G基站开通数（座）")
    assert table.rows is not None
    # horizontal merge: one cell; vertical merge: the text above repeated
    assert table.rows[0] == ("序号", "指标名称", GROUP_LABEL, "指标性质")
    assert table.rows[1] == INDICATOR_HEADER
    expected = table_with(seed001_txt, "5G基站开通数（座）").rows
    assert expected is not None
    assert table.rows[2:] == expected[1:]
    assert ("2", "5G基站开通数（座）", "4000", "9700", "预期性") in table.rows


def test_seed_001_docx_other_tables_match_the_txt(
    seed001_docx: Path, seed001_txt: Document
) -> None:
    doc = read_document(seed001_docx)
    ours, theirs = tables(doc), tables(seed001_txt)
    assert len(ours) == len(theirs) == 7
    for mine, original in list(zip(ours, theirs, strict=True))[1:]:
        assert mine.rows == original.rows  # cell line breaks survive as <w:br/>
    project = ours[-1]
    assert project.rows is not None and project.rows[0][3] == "建设\n阶段"
    assert "建设 阶段" in project.text  # the text rendering puts cell breaks as spaces


def test_heading_by_chinese_style_name_and_outline_level() -> None:
    document = docx.Document()
    style = document.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("（一）按中文样式名识别", style=style)
    outlined = document.add_paragraph("第二章 按大纲级别识别")
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl xmlns:w="{_W}" w:val="0"/>'))
    document.add_paragraph("普通正文。")
    doc = read_bytes(_docx_bytes(document), "small.docx")
    assert [(b.kind, b.level) for b in doc.blocks] == [
        ("heading", 2),
        ("heading", 1),
        ("paragraph", None),
    ]


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TEXT_BOX = (
    f'<w:pict xmlns:w="{_W}" xmlns:v="urn:schemas-microsoft-com:vml"><v:shape><v:textbox>'
    "<w:txbxContent><w:p><w:r><w:t>文本框里的说明文字</w:t></w:r></w:p></w:txbxContent>"
    "</v:textbox></v:shape></w:pict>"
)


def test_text_box_text_is_read() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("正文在前。")
    paragraph.add_run()._r.append(parse_xml(_TEXT_BOX))
    doc = read_bytes(_docx_bytes(document), "box.docx")
    assert [b.text for b in doc.blocks] == ["正文在前。", "文本框里的说明文字"]


def test_vertical_merge_in_a_body_row_and_empty_rows() -> None:
    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "类别", "项目", "数量"
    merged = table.cell(1, 0).merge(table.cell(2, 0))
    merged.text = "甲类"
    table.cell(1, 1).text, table.cell(1, 2).text = "一号", "3"
    table.cell(2, 1).text, table.cell(2, 2).text = "二号", "5"
    doc = read_bytes(_docx_bytes(document), "merge.docx")
    assert doc.blocks[0].rows == (
        ("类别", "项目", "数量"),
        ("甲类", "一号", "3"),
        ("甲类", "二号", "5"),
    )


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,
        b"PK\x03\x04" + b"\x00" * 200,
    ],
    ids=["random", "broken-zip-header"],
)
def test_corrupt_docx_is_refused(data: bytes) -> None:
    with pytest.raises(DocumentError) as info:
        read_bytes(data, "bad.docx")
    assert "Word" in info.value.zh


def test_zip_that_is_not_a_word_file_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "不是 Word 文件")
    with pytest.raises(DocumentError):
        read_bytes(buffer.getvalue(), "fake.docx")


def test_truncated_docx_is_refused(seed001_docx: Path) -> None:
    data = seed001_docx.read_bytes()
    with pytest.raises(DocumentError):
        read_bytes(data[: len(data) // 2], "cut.docx")


@pytest.mark.parametrize("megabytes", [256, 16], ids=["huge", "absurd-ratio"])
def test_zip_bomb_is_refused_without_inflating(tmp_path: Path, megabytes: int) -> None:
    path = write_zip_bomb(tmp_path / "bomb.docx", megabytes)
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert "压缩炸弹" in info.value.zh
