"""What every reader returns: the document's normalised text and its blocks with offsets.

Invariant: for every block, ``document.text[block.start:block.end] == block.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "table"]


@dataclass(frozen=True, slots=True)
class Block:
    """One heading, paragraph or table of a document.

    ``level`` is the heading level when the source says it (a docx heading style, an html <hN>);
    None when only the numbering can tell. ``rows`` holds a table's cells, row by row, each cell's
    text with the line breaks inside it kept; it is None for headings and paragraphs.
    """

    kind: BlockKind
    text: str
    start: int
    end: int
    level: int | None = None
    rows: tuple[tuple[str, ...], ...] | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A read document: normalised text, blocks in reading order, and where it came from."""

    text: str
    blocks: tuple[Block, ...]
    file: str
    format: str  # txt | docx | pdf | html | doc | wps
    sha256: str
    encoding: str | None = None
    notes: tuple[str, ...] = field(default=())  # what the reader dropped or repaired
