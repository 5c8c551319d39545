"""Ids and version numbers as they arrive in URLs and forms. A database id is a positive 64-bit
integer: a longer run of digits names nothing, so it is a 404 (in a URL) or bad input (in a
form), never a number handed to the database driver to overflow.
"""

from __future__ import annotations

from planwatch.web.errors import InvalidInput

MAX_ID = 2**63 - 1  # BigAutoField
MAX_VERSION = 2**31 - 1  # the version columns are IntegerFields


class IdConverter:
    """``<id:plan_id>``: like ``<int:…>``, but only numbers that can be a row's id match."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= MAX_ID:
            raise ValueError(value)  # the URL does not match: 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)


def parse_id(raw: str | None) -> int | None:
    """An id given in a form or query, or None when it is missing or cannot be one."""
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return None
    number = int(raw)
    return number if 0 < number <= MAX_ID else None


def posted_version(raw: str | None) -> int:
    """The version number a form sent back (optimistic locking), or InvalidInput."""
    raw = (raw or "").strip()
    if raw.isascii() and raw.isdigit() and int(raw) <= MAX_VERSION:
        return int(raw)
    raise InvalidInput("版本号无效，请刷新页面后重试", "invalid or missing version number")
