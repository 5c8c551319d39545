"""Parse the numbers people type into observation sheets.

Accepted: `1234.5`, `1,234.5`, `1 234,5` (space thousands, comma decimal), `50%`, full-width
digits and signs, `−3`. Rejected with a reason: ambiguous `12,3`, approximate `约50`, dashes.
"""

from __future__ import annotations

import re
import unicodedata

_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_COMMA_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_SPACE_THOUSANDS = re.compile(r"[+-]?\d{1,3}( \d{3})+([.,]\d+)?")
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\ufe63": "-"})
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_APPROXIMATE = ("约", "近", "超", "逾", "余", "左右", "多", "以上", "以下", "~", "≈")


class NumberFormatError(ValueError):
    """A value is not a number; carries a Chinese and an English reason."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


def parse_number(raw: object) -> float:
    """The float a cell holds, or NumberFormatError saying why it is not one."""
    if isinstance(raw, bool):
        raise NumberFormatError("不是数值", "not a number")
    if isinstance(raw, int | float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise NumberFormatError("不是有限数值", "not a finite number")
        return float(raw)
    text = _normalise(str(raw))
    if not text:
        raise NumberFormatError("数值为空", "empty value")
    if text.endswith("%"):
        text = text[:-1].strip()
    return _parse_plain(text, raw)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_MINUS_SIGNS)
    return _SPACES.sub(" ", text).strip()


def _parse_plain(text: str, raw: object) -> float:
    if _PLAIN.fullmatch(text):
        return float(text)
    if _COMMA_THOUSANDS.fullmatch(text):
        return float(text.replace(",", ""))
    if _SPACE_THOUSANDS.fullmatch(text):
        return float(text.replace(" ", "").replace(",", "."))
    if re.fullmatch(r"[+-]?\d+,\d+", text):
        raise NumberFormatError(
            f"数值“{raw}”含义不明（小数点还是千位分隔符？）",
            f"ambiguous value {raw!r} (decimal comma or thousands separator?)",
        )
    if any(word in text for word in _APPROXIMATE):
        raise NumberFormatError(
            f"数值“{raw}”是约数，请填写确切数值",
            f"approximate value {raw!r}; enter the exact number",
        )
    raise NumberFormatError(f"“{raw}”不是数值", f"{raw!r} is not a number")
