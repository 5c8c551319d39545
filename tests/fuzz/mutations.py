"""Mutations of seed-derived documents: edits to text, to html and docx markup, and to raw bytes.

Each strategy draws a short list of edits and applies it to a base document, so a failure
shrinks to the few edits that cause it. The fragments are what hostile or broken plans hold:
long runs without punctuation, huge spans, deep nesting, unclosed brackets and marks.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

from hypothesis import strategies as st

from tests.fuzz.settings import MAX_REPEAT

FRAGMENTS = (
    *("分别", "分别达到10、20个", "、", "和", "的", "达到", "超过", "以上", "力争"),
    *("[bookmark: ", "[bookmark: _Toc1]", "（", "）", "(", "“", "《", "：", "，", "。"),
    *("专栏", "专栏1", "一、", "（一）", "1.", "①", "第一章", "主要任务", "发展目标", "指标"),
    *("\t", "\n", "\n\n", "\r", " ", "\u3000", "\u00a0", "\u200b", "\ufeff", "\x00"),
    *("到2025年，", "2020年", "2021-2025年", "从2020年的10提高到", "翻一番", "年均增长"),
    *("100%", "1570", "3.5", "一二三四五六七八九十", "百千万亿", "亿元", "个百分点", "——"),
)
PUNCTUATION = re.compile(r"[。，；：、！？,.;:!?\n\t]")


def fragments() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6))


# (kind, where, size, fragment): ``where`` is taken modulo the length of what is edited.
TEXT_EDITS = ("insert", "repeat", "unpunctuate", "run", "delete", "replace")
Edit = tuple[str, int, int, str]


def text_edits(max_size: int = 4) -> st.SearchStrategy[list[Edit]]:
    edit = st.tuples(
        st.sampled_from(TEXT_EDITS),
        st.integers(0, 1 << 24),
        st.integers(1, MAX_REPEAT),
        fragments(),
    )
    return st.lists(edit, min_size=1, max_size=max_size)


def apply_text(text: str, edits: list[Edit]) -> str:
    for kind, where, size, fragment in edits:
        at = where % (len(text) + 1)
        if kind == "insert":
            text = text[:at] + fragment * size + text[at:]
        elif kind == "repeat":
            piece = text[at : at + 1 + size % 97]
            text = text[:at] + piece * size + text[at:]
        elif kind == "unpunctuate":  # long runs without a place to split a sentence
            end = at + 40 * size
            text = text[:at] + PUNCTUATION.sub("", text[at:end]) + text[end:]
        elif kind == "run":  # the text around ``at`` again and again, its punctuation gone
            piece = PUNCTUATION.sub("", text[at : at + 80]) or fragment or "规划"
            text = text[:at] + piece * (size * 40 // len(piece) + 1) + fragment + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + size :]
        else:
            text = text[:at] + fragment + text[at + size % 50 :]
    return text


# ---------------------------------------------------------------- markup

SPANS = ("0", "1", "2", "3", "63", "199", "200", "201", "1000", "999999", "-1", "x", "")


def markup_edits(kinds: tuple[str, ...]) -> st.SearchStrategy[list[Edit]]:
    edit = st.tuples(
        st.sampled_from(kinds),
        st.integers(0, 1 << 16),
        st.integers(1, MAX_REPEAT),
        st.one_of(st.sampled_from(SPANS), fragments()),
    )
    return st.lists(edit, min_size=1, max_size=4)


def _nth(pattern: str, text: str, where: int, flags: int = 0) -> re.Match[str] | None:
    found = list(re.finditer(pattern, text, flags))
    return found[where % len(found)] if found else None


def _at(text: str, match: re.Match[str] | None, insert: str, *, after: bool = True) -> str:
    if match is None:
        return text
    at = match.end() if after else match.start()
    return text[:at] + insert + text[at:]


HTML_EDITS = ("span", "nest", "unclose", "rows", "text")


def apply_html(page: str, edits: list[Edit]) -> str:
    for kind, where, size, value in edits:
        if kind == "span":  # colspan and rowspan of any size, or none that parse
            cell = _nth(r"<t[dh]\b", page, where)
            page = _at(page, cell, f' colspan="{value}" rowspan="{size}"')
        elif kind == "nest":
            page = _at(page, _nth(r"<p>", page, where), "<div><span>" * size, after=False)
        elif kind == "unclose":
            closing = _nth(r"</\w+>", page, where)
            if closing is not None:
                page = page[: closing.start()] + page[closing.end() :]
        elif kind == "rows":
            row = _nth(r"<tr>.*?</tr>", page, where, re.DOTALL)
            page = _at(page, row, row.group() * (size % 400) if row else "")
        else:
            page = _at(page, _nth(r"<p>", page, where), escape(value) * size)
    return page


DOCX_EDITS = ("span", "vmerge", "before", "rows", "nest", "text")


def apply_docx_xml(xml: str, edits: list[Edit]) -> str:
    for kind, where, size, value in edits:
        if kind == "span":  # the same span on a run of cells
            cells = list(re.finditer(r"<w:tcPr>", xml))
            first = where % len(cells) if cells else 0
            for cell in reversed(cells[first : first + size % 64 + 1]):
                xml = _at(xml, cell, f'<w:gridSpan w:val="{value}"/>')
        elif kind == "vmerge":
            merge = '<w:vMerge w:val="restart"/>' if size % 2 else "<w:vMerge/>"
            xml = _at(xml, _nth(r"<w:tcPr>", xml, where), merge)
        elif kind == "before":
            before = f'<w:trPr><w:gridBefore w:val="{value}"/></w:trPr>'
            xml = _at(xml, _nth(r"<w:tr\b[^>]*>", xml, where), before)
        elif kind == "rows":
            row = _nth(r"<w:tr\b.*?</w:tr>", xml, where, re.DOTALL)
            xml = _at(xml, row, row.group() * (size % 400) if row else "")
        elif kind == "nest":  # paragraphs inside content controls inside content controls
            paragraph = _nth(r"<w:p\b.*?</w:p>", xml, where, re.DOTALL)
            if paragraph is not None:
                depth = size % 300
                wrapped = (
                    "<w:sdt><w:sdtContent>" * depth
                    + paragraph.group()
                    + "</w:sdtContent></w:sdt>" * depth
                )
                xml = xml[: paragraph.start()] + wrapped + xml[paragraph.end() :]
        else:
            xml = _at(xml, _nth(r"<w:t(?: [^>]*)?>", xml, where), escape(value) * size)
    return xml


def rezip(docx: bytes, member: str, content: bytes) -> bytes:
    """The docx with one member replaced."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = content if info.filename == member else source.read(info.filename)
            target.writestr(info.filename, data)
    return out.getvalue()


# ---------------------------------------------------------------- bytes

BYTE_EDITS = ("flip", "truncate", "duplicate", "delete", "insert")
ByteEdit = tuple[str, int, int, bytes]


def byte_edits(
    max_size: int = 3, kinds: tuple[str, ...] = BYTE_EDITS
) -> st.SearchStrategy[list[ByteEdit]]:
    edit = st.tuples(
        st.sampled_from(kinds),
        st.integers(0, 1 << 24),
        st.integers(1, 4096),
        st.binary(min_size=1, max_size=8),
    )
    return st.lists(edit, min_size=1, max_size=max_size)


def apply_bytes(data: bytes, edits: list[ByteEdit]) -> bytes:
    for kind, where, size, value in edits:
        at = where % (len(data) + 1)
        if kind == "flip":
            data = (
                data[:at]
                + bytes(b ^ 0xFF for b in data[at : at + len(value)])
                + data[at + len(value) :]
            )
        elif kind == "truncate":
            data = data[:at]
        elif kind == "duplicate":
            data = data[:at] + data[at : at + size] * 2 + data[at + size :]
        elif kind == "delete":
            data = data[:at] + data[at + size :]
        else:
            data = data[:at] + value + data[at:]
    return data
