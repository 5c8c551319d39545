"""Fuzz the readers and the extractor with mutated seed-derived .txt, .html, .docx and .pdf files.

Every input is read and extracted end to end (tests/fuzz/checks.py says what must hold).
"""

from __future__ import annotations

import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import corpus
from tests.fuzz.checks import check_document
from tests.fuzz.mutations import (
    DOCX_EDITS,
    HTML_EDITS,
    ByteEdit,
    Edit,
    apply_bytes,
    apply_docx_xml,
    apply_html,
    apply_text,
    byte_edits,
    markup_edits,
    rezip,
    text_edits,
)
from tests.fuzz.settings import fuzz

ENCODINGS = ("utf-8", "gb18030", "utf-16", "utf-8-sig")


@fuzz(quick_examples=8)
@given(
    edits=text_edits(),
    encoding=st.sampled_from(ENCODINGS),
    damage=st.lists(byte_edits(max_size=1), max_size=1),
)
def test_txt(edits: list[Edit], encoding: str, damage: list[list[ByteEdit]]) -> None:
    data = apply_text(corpus.text(), edits).encode(encoding, errors="replace")
    for bad in damage:
        data = apply_bytes(data, bad)
    check_document(data, "plan.txt", "txt")


@fuzz(quick_examples=6)
@given(markup=markup_edits(HTML_EDITS), encoding=st.sampled_from(("utf-8", "gb18030")))
def test_html(markup: list[Edit], encoding: str) -> None:
    page = corpus.document_bytes(".html").decode("utf-8")
    page = apply_html(page, markup)
    if encoding != "utf-8":
        page = page.replace("charset=utf-8", f"charset={encoding}")
    check_document(page.encode(encoding, errors="replace"), "plan.html", "html")


@fuzz(quick_examples=6)
@given(markup=markup_edits(DOCX_EDITS), damage=st.lists(byte_edits(max_size=1), max_size=1))
def test_docx(markup: list[Edit], damage: list[list[ByteEdit]]) -> None:
    original = corpus.document_bytes(".docx")
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    data = rezip(original, "word/document.xml", apply_docx_xml(xml, markup).encode("utf-8"))
    for bad in damage:
        data = apply_bytes(data, bad)
    check_document(data, "plan.docx", "docx")


# Most edits that move bytes break the cross-reference table, and pdfminer refuses the file;
# flipped bytes keep it readable and reach the content streams and the layout code.
PDF_EDITS = ("flip", "flip", "flip", "flip", "insert", "delete", "truncate", "duplicate")


@fuzz(quick_examples=4)
@given(damage=byte_edits(kinds=PDF_EDITS))
def test_pdf(damage: list[ByteEdit]) -> None:
    check_document(apply_bytes(corpus.document_bytes(".pdf"), damage), "plan.pdf", "pdf")
