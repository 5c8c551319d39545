"""Layout rules for PDF lines: drop running headers, footers and page numbers; rebuild paragraphs.

Pure functions over positioned lines, so they are tested without rendering a PDF.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# A line that starts a numbered heading or list item: 一、 （一） 1. 1、 (1) 第一章 第三条
HEADING_LIKE = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百\d]+[）)]|\d+(?:\.\d+)*[\.．、]"
    r"(?!\d)|第[一二三四五六七八九十百\d]+[编章节条部分]|专栏|附件|附表)"
)
PAGE_NUMBER = re.compile(
    r"^[-—–\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*(?:共\s*)?\d{1,4}\s*页?)?[-—–\s]*$"
    r"|^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
SENTENCE_END = tuple("。！？!?；;：:")
_LATIN_WORD = re.compile(r"[\x21-\x7e]+")
BAND = 0.1  # headers and footers live in the top and bottom tenth of a page


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text on a page, with its box in PDF points (top grows downwards)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    page_height: float

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    def in_margin_band(self) -> bool:
        return self.top < BAND * self.page_height or self.bottom > (1 - BAND) * self.page_height


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def furniture(lines: Sequence[Line], pages: int) -> set[int]:
    """Indexes of lines that are running headers, footers or bare page numbers."""
    dropped = {
        i for i, line in enumerate(lines) if line.in_margin_band() and PAGE_NUMBER.match(line.text)
    }
    if pages < 2:
        return dropped
    seen: dict[str, set[int]] = {}
    for line in lines:
        if line.in_margin_band():
            seen.setdefault(_furniture_key(line.text), set()).add(line.page)
    repeated = {key for key, on in seen.items() if len(on) >= max(2, pages / 2)}
    dropped.update(
        i
        for i, line in enumerate(lines)
        if line.in_margin_band() and _furniture_key(line.text) in repeated
    )
    return dropped


@dataclass(frozen=True, slots=True)
class Geometry:
    """The text column of a document: where full lines end and where unindented lines start."""

    left: float
    right: float
    indented_paragraphs: bool  # 首行缩进: paragraphs open with an indented first line


def geometry(lines: Sequence[Line]) -> Geometry:
    if not lines:
        return Geometry(0.0, 0.0, False)
    lefts = Counter(round(line.x0) for line in lines)
    common = [x for x, n in lefts.items() if n >= 0.05 * len(lines)]  # ignore stray positions
    left = float(min(common or lefts))
    rights = sorted(line.x1 for line in lines)
    right = rights[int(0.75 * (len(rights) - 1))]
    indented = sum(1 for line in lines if line.x0 > left + line.height) >= 0.05 * len(lines)
    return Geometry(left, right, indented)


def joins(current: Line, following: Line, column: Geometry) -> bool:
    """Whether ``following`` continues the paragraph that ``current`` is in."""
    if HEADING_LIKE.match(following.text):
        return False
    # A short line ends its paragraph, unless the next line opens with a Latin word or number
    # too long to have fitted in the gap (text wraps before "(MovingNetwork)" as a whole).
    word = _LATIN_WORD.match(following.text)
    allowance = (4 + (0.6 * len(word.group()) if word else 0)) * current.height
    if current.x1 < column.right - allowance:
        return False
    if column.indented_paragraphs:
        return following.x0 <= column.left + 0.8 * following.height
    return not current.text.rstrip().endswith(SENTENCE_END)


def glue(left: str, right: str) -> str:
    """Join two pieces of a wrapped line: no space in Chinese, one space between Latin words."""
    left, right = left.rstrip(), right.lstrip()
    latin = left and right and left[-1].isascii() and right[0].isascii()
    if latin and left[-1].isalnum() and right[0].isalnum():
        return f"{left} {right}"
    return left + right


def paragraphs(lines: Iterable[Line], column: Geometry) -> list[str]:
    """Consecutive lines grouped into paragraphs."""
    result: list[str] = []
    previous: Line | None = None
    for line in lines:
        if previous is not None and joins(previous, line, column):
            result[-1] = glue(result[-1], line.text)
        else:
            result.append(line.text.strip())
        previous = line
    return result
