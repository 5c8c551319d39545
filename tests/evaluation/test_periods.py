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
    assert date_time(date(2021, 1, 1)) == pytest.approx(2020 + 1 / 365)
    assert date_time(date(2023, 7, 2)) == pytest.approx(2022 + 183 / 365)
