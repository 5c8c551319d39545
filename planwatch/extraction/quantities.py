"""Quantities in running text: 「1570」「60%以上」「3000亿元」「1万亿元」「超百亿」「3-5个」「20家左右」.

A quantity keeps its value in the unit as written (「1万亿元」 is 1 万亿元); ranges keep both ends.
Runs of numerals and spaces are bounded so that a long run costs linear time, not quadratic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.extraction.numbers import parse_chinese_numeral, to_halfwidth

_MAGNITUDE = "万亿|千亿|百亿|亿|千万|百万|万|千"
_MEASURE = (
    "个百分点|平方公里|平方米|人次|公里|千米|美元|元|万户|户|人|家|个|座|项|条|台|套|名|辆|所|款|"
    "次|亩|吨|件|部|张|类|端口|站|载波|EB|PB|TB|Tbps|Gbps|Mbps|%|％|倍|G|M|T"
)
_QUANTITY = re.compile(
    rf"(?P<pre>不超过|不低于|不少于|达突破|超过|突破|高于|低于|超|近|约)?"
    rf"(?P<lo>\d+(?:\.\d+)?|[一二两三四五六七八九十百千]{{1,8}}(?=(?:{_MAGNITUDE})))"
    rf"(?:\s{{0,3}}(?P<dash>[-－—–~～至到])\s{{0,3}}(?P<hi>\d+(?:\.\d+)?))?"
    rf"(?P<mag>{_MAGNITUDE})?(?P<measure>{_MEASURE})?"
    rf"(?P<post>以上|以下|以内|左右|余|多)?"
)
# What may follow a number for it to be something other than an amount.
_NOT_AMOUNT_AFTER = re.compile(
    r"^(年|月|日|号|届|期|代|英寸|层|栋|寸|岁|小时|分钟|秒|大|类|\+|A级|级|星|强)"
)
_TECH_LETTER_UNITS = {"G", "M", "T"}


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    high: float | None  # the upper end of a range such as 3-5个
    unit: str | None
    comparator: str | None  # from the words around the number: >= <= =
    approximate: bool
    start: int  # offsets within the searched text
    end: int


def find_quantities(text: str) -> list[Quantity]:
    """Every amount in ``text`` that is not a year, a date, a model number or a name part."""
    ascii_text = to_halfwidth(text)
    found: list[Quantity] = []
    for match in _QUANTITY.finditer(ascii_text):
        quantity = _read(match, ascii_text)
        if quantity is not None:
            found.append(quantity)
    return found


def _read(match: re.Match[str], text: str) -> Quantity | None:
    lo_text = match["lo"]
    start, end = match.start(), match.end()
    before = text[max(0, match.start("lo") - 1) : match.start("lo")]
    if before and (before.isascii() and (before.isalnum() or before in ".-_/")):
        return None  # part of a code or a name: IPv6, B2B, 2.6GHz
    after = text[end : end + 4]
    if _NOT_AMOUNT_AFTER.match(after) and not match["measure"]:
        return None
    if after[:1].isascii() and after[:1].isalpha():
        return None  # 5G, 4K, 8K …
    measure = match["measure"]
    if measure in _TECH_LETTER_UNITS and after[:1] not in (
        "",
        "以",
        "，",
        ",",
        "。",
        "；",
        ";",
        "、",
        ")",
        "）",
    ):
        return None  # 5G网络, 4G基站: a technology, not an amount
    if measure == "%" and match["post"] is None and after.startswith("的"):
        pass
    value = _number(lo_text)
    if value is None:
        return None
    if re.fullmatch(r"(19|20)\d\d", lo_text) and not match["mag"] and not measure:
        return None  # a bare year
    high = float(match["hi"]) if match["hi"] else None
    if match["hi"] and match["dash"] in "至到" and not (match["mag"] or measure):
        return None
    unit = ((match["mag"] or "") + (measure or "")) or None
    if unit == "％":
        unit = "%"
    comparator, approximate = _comparator(match["pre"], match["post"])
    return Quantity(value, high, unit, comparator, approximate, start, end)


def _number(text: str) -> float | None:
    if text[0].isdigit():
        return float(text)
    numeral = parse_chinese_numeral(text)
    return float(numeral) if numeral is not None else None


def _comparator(pre: str | None, post: str | None) -> tuple[str | None, bool]:
    if post in ("以下", "以内") or pre in ("不超过", "低于"):
        return "<=", False
    if post in ("以上", "余", "多") or pre in (
        "超过",
        "突破",
        "不低于",
        "不少于",
        "达突破",
        "超",
        "高于",
    ):
        return ">=", False
    if post == "左右" or pre in ("近", "约"):
        return "=", True
    return None, False
