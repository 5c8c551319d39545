"""Turn the bytes of a plain-text document into str: BOM, UTF-8, UTF-16, GB18030, then a guess.

Every candidate is decoded strictly and must look like text (few control characters) to win.
"""

from __future__ import annotations

import codecs
import re

from planwatch.errors import DocumentError

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Characters that do not occur in a real plan: C0/C1 controls (tab, newlines, form feed aside),
# private use, the replacement character, noncharacters.
_JUNK = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\ufffe\uffff]")
_SAMPLE = 65536
MAX_JUNK_SHARE = 0.01


def looks_like_text(text: str) -> bool:
    """True when ``text`` has printable content and at most 1% junk characters."""
    if not text.strip():
        return False
    sample = text[:_SAMPLE]
    return len(_JUNK.findall(sample)) <= MAX_JUNK_SHARE * len(sample)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if looks_like_text(text) else None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text betrays itself by NULs on one side only: the high byte of ASCII characters."""
    sample = data[:_SAMPLE]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = max(len(sample) // 2, 1)
    if odd >= 0.01 * pairs and even <= 0.001 * pairs:
        encoding = "utf-16-le"
    elif even >= 0.01 * pairs and odd <= 0.001 * pairs:
        encoding = "utf-16-be"
    else:
        return None
    text = _strict(data, encoding)
    return None if text is None else (text, encoding)


def _guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes  # last resort, and slow: imported only when needed

    best = from_bytes(data[: 4 * _SAMPLE]).best()
    if best is None:
        return None
    text = _strict(data, best.encoding)
    return None if text is None else (text, best.encoding)


def _by_bom(data: bytes) -> tuple[str, str] | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], encoding)
            return None if text is None else (text, encoding)
    return None


def _by_name(data: bytes, encoding: str) -> tuple[str, str] | None:
    text = _strict(data, encoding)
    return None if text is None else (text, encoding)


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and name the encoding used; ``declared`` (e.g. an html meta) goes first.

    UTF-16 is tried before UTF-8 because ASCII-only UTF-16 is valid UTF-8 (full of NULs, which
    ``looks_like_text`` refuses anyway). Raises DocumentError when nothing yields text.
    """
    result = _by_bom(data)
    if result is None and declared:
        result = _by_name(data, widen(declared))
    result = (
        result
        or _utf16_without_bom(data)
        or _by_name(data, "utf-8")
        or _by_name(data, "gb18030")
        or _guess(data)
    )
    if result is None:
        raise DocumentError(
            "无法识别文件的文字编码（或文件不是文本）",
            "cannot decode the file as text (tried UTF-8, UTF-16, GB18030)",
        )
    return result


def widen(encoding: str) -> str:
    """The codec to decode a declared charset with: GB2312/GBK as GB18030, as browsers do."""
    name = encoding.strip().lower().replace("_", "-")
    if name in {"gb2312", "gbk", "x-gbk", "gb-2312", "cp936", "euc-cn"}:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"
