"""Assemble a Document from blocks found one by one, computing each block's offsets.

Used by the structured readers (docx, pdf, html), whose text is rebuilt from their blocks.
"""

from __future__ import annotations

import hashlib
import re

from planwatch.documents.model import Block, Document
from planwatch.documents.txt import normalise

# Spaces around a line break. A match starts only at a break or where a run of spaces starts;
# otherwise a long run without a break would be rescanned from each of its characters.
_SPACES = re.compile(r"(?:(?<![ \t\u00a0\u3000])|(?=\n))[ \t\u00a0\u3000]*\n[ \t\u00a0\u3000]*")


def cell_text(text: str) -> str:
    """A cell's text: normalised, outer whitespace gone, line breaks kept (one per break)."""
    return _SPACES.sub("\n", normalise(text)[0]).strip()


class DocumentBuilder:
    """Collects headings, paragraphs and tables; blocks are separated by one newline."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._blocks: list[Block] = []
        self._length = 0
        self.notes: list[str] = []

    def _place(self, text: str) -> tuple[int, int]:
        if self._parts:
            self._parts.append("\n")
            self._length += 1
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        return start, self._length

    def paragraph(self, text: str, *, level: int | None = None) -> None:
        """Add a paragraph, or a heading when ``level`` is given; blank text adds nothing."""
        text = normalise(text)[0].strip()
        if not text:
            return
        start, end = self._place(text)
        if level is None:
            self._blocks.append(Block("paragraph", text, start, end))
        else:
            self._blocks.append(Block("heading", text, start, end, level=level))

    def table(self, rows: list[list[str]]) -> None:
        """Add a table; its text is cells joined by tabs and rows by newlines."""
        cells = tuple(tuple(cell_text(cell) for cell in row) for row in rows)
        cells = tuple(row for row in cells if any(row))
        if not cells:
            return
        text = "\n".join("\t".join(c.replace("\n", " ") for c in row) for row in cells)
        start, end = self._place(text)
        self._blocks.append(Block("table", text, start, end, rows=cells))

    @property
    def blocks(self) -> list[Block]:
        return self._blocks

    def build(self, data: bytes, filename: str, fmt: str, encoding: str | None = None) -> Document:
        return Document(
            text="".join(self._parts),
            blocks=tuple(self._blocks),
            file=filename,
            format=fmt,
            sha256=hashlib.sha256(data).hexdigest(),
            encoding=encoding,
            notes=tuple(self.notes),
        )
