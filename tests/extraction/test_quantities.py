"""Amounts in running text, read as plans write them; expected values worked out by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.extraction.numbers import parse_chinese_numeral, parse_decimal
from planwatch.extraction.quantities import find_quantities


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("累计达1570", [(1570.0, None, None, None)]),
        ("达到60%以上", [(60.0, None, "%", ">=")]),
        ("争取超100亿元", [(100.0, None, "亿元", ">=")]),
        ("超过1万亿元", [(1.0, None, "万亿元", ">=")]),
        ("建成1-2条生产线", [(1.0, 2.0, "条", None)]),
        ("20个左右", [(20.0, None, "个", "=")]),
        ("控制在1.3以下", [(1.3, None, None, "<=")]),
        ("２０家以上", [(20.0, None, "家", ">=")]),
        ("升级到25G以上", [(25.0, None, "G", ">=")]),
        ("带动20万家企业", [(20.0, None, "万家", None)]),
        ("超百亿", [(100.0, None, "亿", ">=")]),
    ],
)
def test_amounts(text: str, expected: list[tuple[object, ...]]) -> None:
    found = [(q.value, q.high, q.unit, q.comparator) for q in find_quantities(text)]
    assert found == expected


@pytest.mark.parametrize(
    "text", ["2025年", "5G网络", "IPv6", "8.5代线", "12英寸", "4A级以上", "第11代", "千亿级产业"]
)
def test_not_amounts(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("numeral", "value"), [("百", 100), ("两千", 2000), ("十二", 12), ("三百五十", 350)]
)
def test_chinese_numerals(numeral: str, value: int) -> None:
    assert parse_chinese_numeral(numeral) == value


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_decimal_round_trip(whole: int, cents: int) -> None:
    text = f"{whole}.{cents:02d}"
    fullwidth = text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    assert parse_decimal(text) == float(text)
    assert parse_decimal(fullwidth) == float(text)
    assert parse_decimal(f"{whole:,}.{cents:02d}") == float(text)
