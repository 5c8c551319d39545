"""Sentences and clauses with their offsets, the units that inline targets are read from.

No piece is longer than its limit: a run without punctuation is cut, so no pattern that the
target readers run over a piece ever sees an unbounded run of text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from planwatch.documents.model import Block, Document

_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_CLAUSE_END = re.compile(r"[，,：:]")
_OPEN = '（(“"《「『【'
_CLOSE = '）)”"》」』】'
_BLANK = " \t\n\u3000"
# The longest sentence in the seed plans has 464 characters and the longest clause 230. A run
# past these limits is not prose; cutting it keeps the regular expressions linear in practice.
MAX_SENTENCE = 2000
MAX_CLAUSE = 400


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    start: int
    end: int
    paragraph: int  # index of the paragraph (line) it belongs to


def sentences(document: Document) -> Iterator[Span]:
    """Sentences of the running text; table blocks are left to the table readers."""
    for index, block in enumerate(document.blocks):
        if _is_running_text(block):
            yield from _split(block.text, block.start, index, _SENTENCE_END, MAX_SENTENCE)


def _is_running_text(block: Block) -> bool:
    if block.kind != "table":
        return True
    return (
        block.rows is not None and len(block.rows) > 0 and len(block.rows[0]) == 1
    )  # a 专栏 box: its lines are running text


def clauses(sentence: Span) -> list[Span]:
    """Comma-separated clauses of a sentence, not splitting inside brackets or quotes."""
    return list(_split(sentence.text, sentence.start, sentence.paragraph, _CLAUSE_END, MAX_CLAUSE))


def _split(
    text: str, offset: int, paragraph: int, ends: re.Pattern[str], limit: int
) -> Iterator[Span]:
    depth = 0
    begin = 0
    for position, char in enumerate(text):
        if char in _OPEN and not (char == '"' and depth):
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
        elif depth == 0 and ends.match(char):
            yield from _pieces(text, begin, position + 1, offset, paragraph, limit)
            begin = position + 1
        elif char == "\n":
            depth = 0  # an unbalanced bracket never runs past a line
    yield from _pieces(text, begin, len(text), offset, paragraph, limit)


def _pieces(
    text: str, begin: int, end: int, offset: int, paragraph: int, limit: int
) -> Iterator[Span]:
    """The trimmed piece text[begin:end], cut into parts of at most ``limit`` characters."""
    for cut in range(begin, end, limit):
        piece = _trimmed(text, cut, min(cut + limit, end), offset, paragraph)
        if piece:
            yield piece


def _trimmed(text: str, begin: int, end: int, offset: int, paragraph: int) -> Span | None:
    chunk = text[begin:end]
    stripped = chunk.strip(_BLANK)
    if not stripped:
        return None
    lead = len(chunk) - len(chunk.lstrip(_BLANK))
    start = offset + begin + lead
    return Span(stripped, start, start + len(stripped), paragraph)
