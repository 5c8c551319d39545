"""Numbers as plans write them: full-width digits, 万 / 亿 multipliers, Chinese numerals.

``parse_number("1.3万亿")`` keeps the value in the unit as written (1.3, "万亿"); the caller
decides whether to scale. Chinese numerals (百, 两千, 十二) are read for forms such as 「超百亿」.
"""

from __future__ import annotations

import re

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％－", "0123456789.,%-")

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

CN_NUMERAL = "[零〇一二两三四五六七八九十百千]+"


def to_halfwidth(text: str) -> str:
    """Full-width digits and the few symbols around them, as ASCII; length is preserved."""
    return text.translate(_FULLWIDTH)


def parse_decimal(text: str) -> float | None:
    """'1,234.5' / '１２３' / '37.2' → float; None when it is not a plain number."""
    cleaned = to_halfwidth(text).replace(",", "").replace(" ", "").strip()
    if not re.fullmatch(r"[-+]?\d+(?:\.\d+)?", cleaned):
        return None
    return float(cleaned)


def parse_chinese_numeral(text: str) -> int | None:
    """'百' → 100, '两千' → 2000, '十二' → 12, '三百五十' → 350; None if not a numeral."""
    if not text or not re.fullmatch(CN_NUMERAL, text):
        return None
    total, digit = 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
    if digit is not None:
        total += digit
    return total
