"""Checks shared by the reader tests: the offset invariant and finding a table by its cells."""

from __future__ import annotations

from planwatch.documents import Block, Document


def assert_offsets(doc: Document) -> None:
    """Every block's text is its span of doc.text; blocks are in order and do not overlap."""
    previous_end = 0
    for block in doc.blocks:
        assert doc.text[block.start : block.end] == block.text, block
        assert block.start >= previous_end, block
        assert block.end >= block.start
        previous_end = block.end


def tables(doc: Document) -> list[Block]:
    return [b for b in doc.blocks if b.kind == "table"]


def table_with(doc: Document, cell: str) -> Block:
    """The first table that has a cell exactly equal to ``cell``."""
    for block in tables(doc):
        assert block.rows is not None
        if any(cell in row for row in block.rows):
            return block
    raise AssertionError(f"no table has a cell {cell!r}")


def row_with(block: Block, cell: str) -> tuple[str, ...]:
    assert block.rows is not None
    for row in block.rows:
        if cell in row:
            return row
    raise AssertionError(f"no row has a cell {cell!r}")


def squash(text: str) -> str:
    """Text without any whitespace, to compare content across formats that reflow lines."""
    return "".join(text.split())


def squash_rows(rows: tuple[tuple[str, ...], ...] | None) -> list[list[list[str]]]:
    """Rows with each cell as its lines, whitespace removed: html and pdf collapse spaces."""
    assert rows is not None
    return [[[squash(line) for line in cell.split("\n")] for cell in row] for row in rows]
