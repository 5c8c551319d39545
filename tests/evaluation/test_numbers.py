from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.evaluation.numbers import NumberFormatError, parse_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234.5", 1234.5),
        ("1,234.5", 1234.5),
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),
        ("12 345 678", 12345678.0),
        ("50%", 50.0),
        ("237.25%", 237.25),
        ("１２３４．５", 1234.5),
        ("－３", -3.0),
        ("\u22123", -3.0),
        (" 7 ", 7.0),
        ("1,234", 1234.0),
        ("1e3", 1000.0),
        (42, 42.0),
        (2.5, 2.5),
    ],
)
def test_parses_what_people_type(raw: object, expected: float) -> None:
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["12,3", "约50", "—", "-", "", "abc", "50万", "1.2.3", "超100"])
def test_rejects_with_a_reason(raw: str) -> None:
    with pytest.raises(NumberFormatError) as info:
        parse_number(raw)
    assert info.value.zh and info.value.en


def test_ambiguous_comma_says_so() -> None:
    with pytest.raises(NumberFormatError, match="ambiguous"):
        parse_number("12,3")


def test_approximation_says_so() -> None:
    with pytest.raises(NumberFormatError, match="approximate"):
        parse_number("约50")


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_thousands_separators_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(f"{n:,}".replace(",", " ")) == n
