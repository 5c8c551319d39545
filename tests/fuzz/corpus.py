"""Seed-derived documents to mutate: seed 001 in every format, built once per session.

The seed text is read from ../shared/seeds at run time (tests/documents/writers.py); nothing of
it is stored in the repository. Slices keep one example cheap enough to try hundreds.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from planwatch.documents import Block, read_document
from tests.conftest import seed_path
from tests.documents import writers

SEED = "001"  # the seed with real tables: main indicators, 专栏 boxes, key projects


@functools.cache
def blocks() -> tuple[Block, ...]:
    """Seed 001 from its start through the main-indicator table and the first 专栏 box."""
    return tuple(writers.seed_blocks(SEED)[:74])


def _written(suffix: str, write: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="planwatch-fuzz-") as folder:
        path = Path(folder) / f"seed{suffix}"
        if write == "docx":
            writers.write_docx(blocks(), path)
        elif write == "html":
            writers.write_html(blocks(), path)
        else:  # a short pdf: a few pages with the indicator table, as reading pdf is slow
            writers.write_pdf(_pdf_blocks(), path, running_title="示例规划页眉")
        return path.read_bytes()


def _pdf_blocks() -> list[Block]:
    table = next(i for i, block in enumerate(blocks()) if block.kind == "table")
    return [*blocks()[:8], *blocks()[table - 3 : table + 2]]


@functools.cache
def text() -> str:
    """The slice as the text reader saw it, flattened tables and all."""
    document = read_document(seed_path(SEED))
    return document.text[: blocks()[-1].end]


@functools.cache
def document_bytes(suffix: str) -> bytes:
    """The seed slice as the bytes of a .txt, .docx, .html or .pdf file."""
    if suffix == ".txt":
        return text().encode("utf-8")
    return _written(suffix, suffix.lstrip("."))
