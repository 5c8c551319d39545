"""Limits every reader respects: the largest document accepted and the zip-bomb guard.

Sizes are checked from metadata (stat, the zip directory) before anything is read or inflated.
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
