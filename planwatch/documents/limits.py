"""Limits every reader respects: document size, the zip-bomb guard, table and nesting budgets.

Sizes are checked from metadata (stat, the zip directory) before anything is read or inflated;
table cells and columns are counted as a reader meets them, before it allocates for them.
"""

from __future__ import annotations

import zipfile

from planwatch import config
from planwatch.errors import DocumentError

MB = 1024 * 1024
MAX_UNCOMPRESSED = 200 * MB  # a plan of a thousand pages is far smaller
MAX_RATIO = 100  # a deflated document is rarely more than 10x smaller than its content
RATIO_FLOOR = 4 * MB  # small members compress absurdly well (blank XML); judge ratios above this
MAX_ENTRIES = 10_000
# Word allows 63 columns and the seed plans' largest table has 67 rows of 10 cells; these are
# far beyond any plan and far below what exhausts memory.
MAX_COLUMNS = 1_000
MAX_CELLS = 500_000
MAX_DEPTH = 200  # html nesting; libxml2 silently drops whatever lies deeper than 256
# Finding a PDF page's tables costs the square of its ruling lines (capped per page in pdf.py);
# a few hundred ruled pages of a real plan hold far fewer lines than this in all.
MAX_RULES = 250_000


def default_max_bytes() -> int:
    """The configured size limit (PLANWATCH_MAX_DOCUMENT_MB) in bytes."""
    return int(config.get("PLANWATCH_MAX_DOCUMENT_MB")) * MB


def check_size(size: int, max_bytes: int | None) -> None:
    """Refuse an empty document or one larger than ``max_bytes`` (default: the configured limit)."""
    limit = default_max_bytes() if max_bytes is None else max_bytes
    if size == 0:
        raise DocumentError("文件是空的", "the file is empty")
    if size > limit:
        raise DocumentError(
            f"文件过大（{size / MB:.1f} MB），上限为 {limit / MB:.0f} MB",
            f"file too large ({size / MB:.1f} MB); the limit is {limit / MB:.0f} MB",
        )


def check_zip(archive: zipfile.ZipFile) -> None:
    """Refuse a zip whose declared content is huge, absurdly compressed, or has too many members.

    Declared sizes are enough: zipfile never inflates a member past its declared size (a
    member that lies fails its CRC check), so they bound what parsing can allocate.
    """
    members = archive.infolist()
    if len(members) > MAX_ENTRIES:
        raise DocumentError(
            f"压缩包内文件过多（{len(members)} 个），拒绝读取",
            f"too many members in the archive ({len(members)}); refused",
        )
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if total > MAX_UNCOMPRESSED or (total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1)):
        raise DocumentError(
            "文件解压后异常巨大（疑似压缩炸弹），拒绝读取",
            f"the archive inflates to {total / MB:.0f} MB from {packed / MB:.1f} MB "
            "(zip bomb?); refused",
        )


class CellBudget:
    """Table cells and grid columns of one document, counted before they are allocated."""

    def __init__(self, max_cells: int | None = None, max_columns: int | None = None) -> None:
        self.max_cells = MAX_CELLS if max_cells is None else max_cells
        self.max_columns = MAX_COLUMNS if max_columns is None else max_columns
        self.cells = 0

    def columns(self, count: int) -> None:
        """Refuse a row that would reach past ``max_columns`` grid columns."""
        if count > self.max_columns:
            raise DocumentError(
                f"表格过宽（超过 {self.max_columns} 列），拒绝读取",
                f"a table is wider than {self.max_columns} columns; refused",
            )

    def take(self, count: int = 1) -> None:
        """Count ``count`` more cells; refuse the document past ``max_cells``."""
        self.cells += count
        if self.cells > self.max_cells:
            raise DocumentError(
                f"表格单元格过多（超过 {self.max_cells} 个），拒绝读取",
                f"more than {self.max_cells} table cells in the document; refused",
            )


def check_depth(depth: int, limit: int | None = None) -> None:
    """Refuse markup nested deeper than ``limit`` (default MAX_DEPTH)."""
    limit = MAX_DEPTH if limit is None else limit
    if depth > limit:
        raise DocumentError(
            f"页面嵌套过深（超过 {limit} 层），拒绝读取",
            f"the page is nested more than {limit} levels deep; refused",
        )


def check_rules(count: int) -> None:
    """Refuse a PDF once the ruling lines searched for tables pass MAX_RULES in all."""
    if count > MAX_RULES:
        raise DocumentError(
            f"PDF 中的表格线过多（超过 {MAX_RULES} 条），拒绝读取",
            f"more than {MAX_RULES} ruling lines in the PDF's pages; refused",
        )
