"""Plain-text reader: light normalisation, then lines to paragraphs and flattened tables to tables.

Word tables saved as text put each cell on its own tab-led line and end each row with a blank line.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from planwatch.documents.encoding import decode_text
from planwatch.documents.model import Block, Document

_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\ufeff]")  # and the BOM
# Word writes bookmark names such as _Toc123456789; the bound keeps an unclosed mark linear.
_BOOKMARK = re.compile(r"\[bookmark: [^\]\n]{0,200}\]")
_SENTENCE_END = ("。", "！", "？", "；", "…", "”", ".", "!", "?", ";")
_CONTENT = re.compile(r"^[^\n]*\S[^\n]*$", re.MULTILINE)  # a line that is not blank


def normalise(text: str) -> tuple[str, tuple[str, ...]]:
    """Unify line ends; drop zero-width characters and Word bookmark residue. Nothing else.

    Full-width punctuation and tabs stay as written, so evidence quotes match the source.
    """
    notes: list[str] = []
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, count = _ZERO_WIDTH.subn("", text)
    if count:
        notes.append(f"删除了 {count} 个零宽字符 / removed {count} zero-width characters")
    text, count = _BOOKMARK.subn("", text)
    if count:
        notes.append(f"删除了 {count} 处 Word 书签残留 / removed {count} Word bookmark marks")
    return text, tuple(notes)


@dataclass
class _Table:
    """A flattened table being recovered: rows of cells, each cell a list of lines."""

    start: int
    end: int = 0
    rows: list[list[list[str]]] = field(default_factory=list)
    lines: list[tuple[str, int]] = field(default_factory=list)  # each line and its start
    blanks: int = 0  # blank lines since the last line of the table

    def add_cell(self, line: str, start: int) -> None:
        if self.blanks or not self.rows:
            self.rows.append([])
        self.rows[-1].append([line[1:].strip()])
        self.lines.append((line, start))
        self.blanks, self.end = 0, start + len(line)

    def continue_cell(self, line: str, start: int) -> None:
        self.rows[-1][-1].append(line.strip())
        self.lines.append((line, start))
        self.end = start + len(line)

    def blocks(self, text: str) -> list[Block]:
        """The table as one block; paragraphs if it is tab-indented prose; none if all empty."""
        rows = tuple(
            tuple("\n".join(part for part in cell if part).strip() for cell in row)
            for row in self.rows
        )
        cells = [cell for row in rows for cell in row if cell]
        if not cells:
            return []
        if _is_prose(cells):
            return [_paragraph(line, start) for line, start in self.lines if line.strip()]
        return [Block("table", text[self.start : self.end], self.start, self.end, rows=rows)]


def _is_prose(cells: list[str]) -> bool:
    """Paragraphs indented with a tab, not a table: three or more cells, mostly whole sentences.

    A table has short cells (numbers, names, years); a 专栏 box has a title cell.
    """
    sentences = sum(1 for cell in cells if cell.endswith(_SENTENCE_END))
    return len(cells) >= 3 and sentences >= 2 / 3 * len(cells)


def _lines(text: str) -> Iterator[tuple[str, int]]:
    """Each line of ``text`` with its start offset."""
    start = 0
    for line in text.split("\n"):
        yield line, start
        start += len(line) + 1


def _paragraph(line: str, start: int) -> Block:
    lead = len(line) - len(line.lstrip())
    body = line.strip()
    return Block("paragraph", body, start + lead, start + lead + len(body))


def blocks_of(text: str) -> tuple[Block, ...]:
    """Paragraph and table blocks of normalised text, in reading order."""
    if "\t" not in text:  # the common case: no flattened tables, one paragraph per line
        return tuple(_paragraph(m.group(), m.start()) for m in _CONTENT.finditer(text))
    blocks: list[Block] = []
    table: _Table | None = None
    for line, start in _lines(text):
        blank = not line.strip()
        if table is not None:
            if line.startswith("\t"):
                table.add_cell(line, start)
                continue
            if blank:
                table.blanks += 1
                continue
            if not table.blanks:  # a cell broken over lines
                table.continue_cell(line, start)
                continue
            blocks.extend(table.blocks(text))
            table = None
        if line.startswith("\t"):
            table = _Table(start)
            table.add_cell(line, start)
        elif not blank:
            blocks.append(_paragraph(line, start))
    if table is not None:
        blocks.extend(table.blocks(text))
    return tuple(blocks)


def read_text_document(
    text: str,
    filename: str = "x.txt",
    *,
    encoding: str | None = None,
    sha256: str | None = None,
    notes: tuple[str, ...] = (),
) -> Document:
    """Normalise already-decoded text and recover its blocks."""
    normalised, repaired = normalise(text)
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(
        text=normalised,
        blocks=blocks_of(normalised),
        file=filename,
        format="txt",
        sha256=digest,
        encoding=encoding,
        notes=notes + repaired,
    )


def read_txt(data: bytes, filename: str) -> Document:
    """Read a plain-text document from its bytes."""
    text, encoding = decode_text(data)
    return read_text_document(
        text, filename, encoding=encoding, sha256=hashlib.sha256(data).hexdigest()
    )
