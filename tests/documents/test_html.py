"""The html reader: seed 001 as a government web page with furniture around it, and small pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.documents import Document, read_bytes, read_document
from planwatch.errors import DocumentError
from tests.documents.helpers import assert_offsets, squash_rows, table_with, tables
from tests.documents.writers import GROUP_LABEL, INDICATOR_HEADER

FURNITURE = (
    "听全文",
    "字体",
    "打印本页",
    "分享到",
    "扫一扫",
    "首页",
    "当前位置",
    "备案号",
    "相关文章",
)


@pytest.fixture(scope="module")
def html_doc(seed001_html: Path) -> Document:
    return read_document(seed001_html)


def test_content_only_with_offsets(html_doc: Document, seed001_txt: Document) -> None:
    assert html_doc.format == "html" and html_doc.encoding == "utf-8"
    assert_offsets(html_doc)
    assert not [word for word in FURNITURE if word in html_doc.text]
    assert "脚本" not in html_doc.text
    texts = [b.text for b in html_doc.blocks if b.kind != "table"]
    assert texts == [b.text for b in seed001_txt.blocks if b.kind != "table"]


def test_headings_have_levels(html_doc: Document) -> None:
    levels = {b.text: b.level for b in html_doc.blocks if b.kind == "heading"}
    assert levels["三、主要任务"] == 2  # the writer puts level-1 numbering in <h2>
    assert levels["（一）打造创新驱动发展样板"] == 3


def test_spanning_cells_repeat_their_text(html_doc: Document, seed001_txt: Document) -> None:
    table = table_with(html_doc, "5G基站开通数（座）")
    assert table.rows is not None
    assert table.rows[0] == ("序号", "指标名称", GROUP_LABEL, GROUP_LABEL, "指标性质")
    assert table.rows[1] == INDICATOR_HEADER
    expected = table_with(seed001_txt, "5G基站开通数（座）").rows
    assert expected is not None and table.rows[2:] == expected[1:]
    for mine, original in list(zip(tables(html_doc), tables(seed001_txt), strict=True))[1:]:
        # <br> inside cells kept as line breaks; html collapses runs of spaces
        assert squash_rows(mine.rows) == squash_rows(original.rows)


def test_gb2312_page(seed001_html_gb: Path, html_doc: Document) -> None:
    doc = read_document(seed001_html_gb)
    assert doc.encoding == "gb18030" and doc.format == "html"
    assert doc.text == html_doc.text


def _page(body: str, head: str = '<meta charset="utf-8">') -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


def test_rowspan_colspan_and_breaks() -> None:
    page = _page(
        "<div id='content'><h1>示例标题</h1><p>第一行<br>第二行</p>"
        "<table><tr><td rowspan='2'>甲</td><td colspan='2'>乙</td></tr>"
        "<tr><td>丙</td><td>丁</td></tr><tr><td>戊</td><td></td><td>己</td></tr></table></div>"
    )
    doc = read_bytes(page, "small.html")
    assert [(b.kind, b.text) for b in doc.blocks][:3] == [
        ("heading", "示例标题"),
        ("paragraph", "第一行"),
        ("paragraph", "第二行"),
    ]
    assert doc.blocks[3].rows == (("甲", "乙", "乙"), ("甲", "丙", "丁"), ("戊", "", "己"))
    assert_offsets(doc)


def test_line_breaks_between_chinese_characters_are_not_spaces() -> None:
    doc = read_bytes(_page("<p>规划期内\n  持续推进 ABC\n  工作。</p>"), "wrap.html")
    assert doc.blocks[0].text == "规划期内持续推进 ABC 工作。"


def test_layout_table_is_read_as_content() -> None:
    inner = "".join(f"<p>第{n}段正文内容。</p>" for n in range(5))
    page = _page(
        f"<table><tr><td>{inner}<table><tr><td>1</td><td>2</td></tr></table></td></tr></table>"
    )
    doc = read_bytes(page, "frames.html")
    assert [b.kind for b in doc.blocks] == ["paragraph"] * 5 + ["table"]


def test_declared_charset_and_undeclared_gbk() -> None:
    body = "<p>到2025年，示范项目达到30个。</p>"
    declared = _page(body, '<meta http-equiv="Content-Type" content="text/html; charset=gbk">')
    assert read_bytes(declared.decode().encode("gbk"), "a.html").encoding == "gb18030"
    bare = f"<html><body>{body}</body></html>".encode("gbk")
    assert read_bytes(bare, "b.htm").blocks[0].text == "到2025年，示范项目达到30个。"


def test_entities_are_not_expanded_from_outside() -> None:
    page = (
        b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<html><body><p>\xe6\xad\xa3\xe6\x96\x87&x;</p></body></html>"
    )
    doc = read_bytes(page, "xxe.html")
    assert "root:" not in doc.text


@pytest.mark.parametrize(
    "page",
    [_page("<script>var a = '只有脚本';</script>"), b"<html></html>", bytes(range(256)) * 8],
    ids=["script-only", "empty", "binary"],
)
def test_pages_without_content_are_refused(page: bytes) -> None:
    with pytest.raises(DocumentError):
        read_bytes(page, "empty.html")
