"""Word .docx reader: body paragraphs, headings (by style or outline level) and tables, in order.

Merged cells: a horizontal merge gives one cell; a vertical merge repeats the text above.
Spans are checked against the column budget before the grid they cover is filled in.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from planwatch.documents.builder import DocumentBuilder
from planwatch.documents.limits import CellBudget, check_zip
from planwatch.documents.model import Document
from planwatch.errors import DocumentError

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _SDT, _TXBX = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:txbxContent")
_CORRUPT = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    ValueError,
    PackageNotFoundError,
    etree.LxmlError,
    NotImplementedError,
)


def read_docx(data: bytes, filename: str) -> Document:
    """Read a .docx from its bytes; a corrupt or hostile file raises DocumentError."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip(archive)
        document = docx.Document(io.BytesIO(data))
        builder = DocumentBuilder()
        _walk(document.element.body, document, builder, CellBudget())
    except _CORRUPT as err:
        raise DocumentError(
            "无法读取 Word 文件：文件已损坏或不是 .docx 格式",
            f"cannot read the Word file: corrupt or not a .docx ({type(err).__name__})",
        ) from err
    return builder.build(data, filename, "docx")


def _walk(
    container: etree._Element, document: object, builder: DocumentBuilder, budget: CellBudget
) -> None:
    """Visit body-level paragraphs and tables in order; content controls are looked into."""
    for child in container.iterchildren():
        if child.tag == _P:
            paragraph = Paragraph(child, document)  # type: ignore[arg-type]
            builder.paragraph(paragraph.text, level=_heading_level(paragraph))
            for text in _text_boxes(child):
                builder.paragraph(text)
        elif child.tag == _TBL:
            builder.table(_table_rows(child, budget))
        elif child.tag == _SDT:
            for content in child.iterchildren(qn("w:sdtContent")):
                _walk(content, document, builder, budget)


def _outline_level(element: etree._Element) -> int | None:
    """1-based outline level from <w:pPr><w:outlineLvl>; Word's 9 means body text."""
    for value in _xpath(element, "./w:pPr/w:outlineLvl/@w:val"):
        if str(value).isdigit() and int(value) < 9:
            return int(value) + 1
    return None


def _heading_level(paragraph: Paragraph) -> int | None:
    level = _outline_level(paragraph._p)
    if level is not None:
        return level
    style = paragraph.style
    for _ in range(10):  # follow "based on" a few steps; a style chain may loop
        if style is None:
            return None
        match = _HEADING_STYLE.match((style.name or "").strip())
        if match:
            return int(match.group(1))
        level = _outline_level(style.element)
        if level is not None:
            return level
        style = style.base_style
    return None


def _paragraph_text(p: etree._Element) -> str:
    return "".join(_run_texts(p))


def _run_texts(p: etree._Element) -> Iterator[str]:
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if node.tag == qn("w:t"):
            yield node.text or ""
        else:
            yield "\t" if node.tag == qn("w:tab") else "\n"


def _text_boxes(p: etree._Element) -> Iterator[str]:
    """Text in the paragraph's text boxes, skipping the VML copy kept for old Word versions."""
    for box in p.iter(_TXBX):
        if any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
            continue
        for inner in box.iter(_P):
            yield _paragraph_text(inner)


def _table_rows(tbl: etree._Element, budget: CellBudget) -> list[list[str]]:
    rows: list[list[str]] = []
    above: dict[int, str] = {}  # grid column -> text of the cell last seen there
    for tr in tbl.iterchildren(qn("w:tr")):
        row: list[str] = []
        column = _int_val(tr, "./w:trPr/w:gridBefore/@w:val", 0)
        budget.columns(column)
        for tc in tr.iterchildren(qn("w:tc")):
            span = max(_int_val(tc, "./w:tcPr/w:gridSpan/@w:val", 1), 1)
            budget.columns(column + span)  # gridSpan="999999" stops here, before the loop below
            budget.take()
            merge = _xpath(tc, "./w:tcPr/w:vMerge")
            continues = bool(merge) and merge[0].get(qn("w:val"), "continue") == "continue"
            text = above.get(column, "") if continues else _cell_text(tc)
            row.append(text)
            for covered in range(column, column + span):
                above[covered] = text
            column += span
        rows.append(row)
    return rows


def _cell_text(tc: etree._Element) -> str:
    return "\n".join(_paragraph_text(p) for p in tc.iter(_P))


def _int_val(element: etree._Element, path: str, default: int) -> int:
    values = _xpath(element, path)
    return int(values[0]) if values and str(values[0]).isdigit() else default


_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def _xpath(element: etree._Element, path: str) -> list[Any]:
    # python-docx's elements override xpath() without a namespaces argument: call lxml's own.
    result: Any = etree._Element.xpath(element, path, namespaces=_NS)
    return list(result)
