from __future__ import annotations

from datetime import date

import pytest

from planwatch.evaluation.periods import date_time, parse_period


@pytest.mark.parametrize(
    ("raw", "text", "t"),
    [
        ("2023", "2023", 2023.0),
        (2023, "2023", 2023.0),
        ("2023-Q2", "2023-Q2", 2022.5),
        ("2023Q4", "2023-Q4", 2023.0),
        ("2023-06", "2023-06", 2022.5),
        ("2023-6", "2023-06", 2022.5),
        ("2023年", "2023", 2023.0),
        (date(2023, 3, 1), "2023-03", 2022.25),
    ],
)
def test_periods_sit_at_their_end(raw: object, text: str, t: float) -> None:
    period = parse_period(raw)
    assert period.text == text
    assert period.t == pytest.approx(t)


@pytest.mark.parametrize("raw", ["23", "2023-Q5", "2023-13", "二〇二三", "2023/06/01", ""])
def test_malformed_periods(raw: str) -> None:
    with pytest.raises(ValueError, match="malformed"):
        parse_period(raw)


def test_dates_on_the_axis() -> None:
    assert date_time(date(2020, 12, 31)) == pytest.approx(2020.0)
    assert date_time(date(2021, 1, 1)) == pytest.approx(2020 + 1 / 31 / 12)
    assert date_time(date(2023, 7, 2)) == pytest.approx(2022 + (6 + 2 / 31) / 12)


@pytest.mark.parametrize("text", ["2023", "2023-Q1", "2023-Q2", "2024-02", "2023-11", "2024-Q4"])
def test_a_period_ends_where_it_sits(text: str) -> None:
    # the last day of a period is on the axis exactly where the period's values are
    period = parse_period(text)
    assert date_time(period.end) == pytest.approx(period.t)


@pytest.mark.parametrize("raw", ["0000", "0000-Q1", "1899", "2201-06", "9999"])
def test_years_outside_the_plan_window_are_malformed(raw: str) -> None:
    with pytest.raises(ValueError, match="malformed"):
        parse_period(raw)


def test_period_end_dates() -> None:
    assert parse_period("2024-Q1").end == date(2024, 3, 31)
    assert parse_period("2024-02").end == date(2024, 2, 29)
    assert parse_period("2023").end == date(2023, 12, 31)
    assert parse_period("2023-6").frequency == "monthly"
