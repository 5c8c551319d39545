"""Sentences and clauses with their offsets, the units that inline targets are read from."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from planwatch.documents.model import Document

_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_CLAUSE_END = re.compile(r"[，,：:]")
_OPEN = '（(“"《「『【'
_CLOSE = '）)”"》」』】'


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    start: int
    end: int
    paragraph: int  # index of the paragraph (line) it belongs to


def sentences(document: Document) -> Iterator[Span]:
    """Sentences of the running text; table blocks are left to the table readers."""
    for index, block in enumerate(document.blocks):
        if block.kind == "table":
            if block.rows and len(block.rows[0]) == 1:  # a 专栏 box: its lines are running text
                yield from _split(block.text, block.start, index, _SENTENCE_END)
            continue
        yield from _split(block.text, block.start, index, _SENTENCE_END)


def clauses(sentence: Span) -> list[Span]:
    """Comma-separated clauses of a sentence, not splitting inside brackets or quotes."""
    return list(_split(sentence.text, sentence.start, sentence.paragraph, _CLAUSE_END))


def _split(text: str, offset: int, paragraph: int, ends: re.Pattern[str]) -> Iterator[Span]:
    depth = 0
    begin = 0
    for position, char in enumerate(text):
        if char in _OPEN and not (char == '"' and depth):
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
        elif depth == 0 and ends.match(char):
            piece = _trimmed(text, begin, position + 1, offset, paragraph)
            if piece:
                yield piece
            begin = position + 1
        elif char == "\n":
            depth = 0  # an unbalanced bracket never runs past a line
    piece = _trimmed(text, begin, len(text), offset, paragraph)
    if piece:
        yield piece


def _trimmed(text: str, begin: int, end: int, offset: int, paragraph: int) -> Span | None:
    chunk = text[begin:end]
    stripped = chunk.strip(" \t\n\u3000")
    if not stripped:
        return None
    lead = len(chunk) - len(chunk.lstrip(" \t\n\u3000"))
    start = offset + begin + lead
    return Span(stripped, start, start + len(stripped), paragraph)
