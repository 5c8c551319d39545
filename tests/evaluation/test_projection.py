from __future__ import annotations

import pytest

from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.projection import evaluate_series
from tests.evaluation.conftest import spec

CONFIG = EvalConfig()


def test_projected_gain_ratio_by_hand() -> None:
    # 4000 (2020) → 6000 (2023): g = 1.5^(1/3) − 1 = 0.144714; 2025: 6000·1.144714² = 7862.39
    # R = (7862.39 − 4000)/(9700 − 4000) = 0.677613 → fair progress; score 5R
    result = evaluate_series([(2023, 6000)], spec(), CONFIG)
    g = 1.5 ** (1 / 3) - 1
    projected = 6000 * (1 + g) ** 2
    r = (projected - 4000) / 5700
    assert result["components"]["projected_value"] == pytest.approx(projected)
    assert result["progress"] == pytest.approx(r)
    assert result["status"] == "fair_progress"
    assert result["score"] == pytest.approx(5 * r)


def test_on_track_and_stagnation() -> None:
    assert evaluate_series([(2023, 7500)], spec(), CONFIG)["status"] == "on_track"
    assert evaluate_series([(2023, 4100)], spec(), CONFIG)["status"] == "stagnation_or_regression"
    assert evaluate_series([(2023, 9700)], spec(), CONFIG)["status"] == "target_achieved"


def test_decreasing_with_le() -> None:
    # 1.0 → 0.9 over 2 years: g = 0.9^(1/2) − 1; 2025: 0.9·0.9^(3/2) = 0.768433;
    # R = (0.768433 − 1)/(0.8 − 1) = 1.157833 → on track
    result = evaluate_series([(2022, 0.9)], spec((2020, 1.0), (2025, 0.8), "<=", -1), CONFIG)
    assert result["progress"] == pytest.approx((0.9 * 0.9**1.5 - 1) / -0.2)
    assert result["status"] == "on_track"


def test_non_positive_values_project_linearly() -> None:
    # −10 → 0 over 2 years: slope 5 a year; 2025: 15; R = 25/20 = 1.25
    result = evaluate_series([(2022, 0)], spec((2020, -10), (2025, 10)), CONFIG)
    assert result["components"]["projection"] == "linear"
    assert result["progress"] == pytest.approx(1.25)


@pytest.mark.parametrize(
    ("points", "s"),
    [([], spec()), ([(2023, 5)], spec(None, (2025, 9))), ([(2023, 5)], spec(target=None))],
)
def test_guards(points: list, s) -> None:
    assert evaluate_series(points, s, CONFIG)["status"] == "not_available"


def test_base_equals_target_not_met() -> None:
    result = evaluate_series([(2023, 90)], spec((2020, 100), (2025, 100)), CONFIG)
    assert result["status"] == "stagnation_or_regression"


def test_zero_base_projects_linearly() -> None:
    # 0 (2020) → 30 (2023): 10 a year; 2025: 50; R = 50/50 = 1 → on track
    result = evaluate_series([(2023, 30)], spec((2020, 0), (2025, 50)), CONFIG)
    assert result["components"]["projection"] == "linear"
    assert result["progress"] == pytest.approx(1.0)
    assert result["status"] == "on_track"


def test_base_target_current_equal_is_achieved() -> None:
    result = evaluate_series([(2023, 100)], spec((2020, 100), (2025, 100)), CONFIG)
    assert (result["status"], result["score"]) == ("target_achieved", 5.0)


def test_zero_target_decreasing() -> None:
    # 10 (2020) → 8 (2022), ≤ 0 by 2025: g = 0.8^(1/2) − 1; 2025: 8·0.8^(3/2) = 5.72433;
    # R = (5.72433 − 10)/(0 − 10) = 0.427567 → fair progress
    result = evaluate_series([(2022, 8)], spec((2020, 10), (2025, 0), "<=", -1), CONFIG)
    assert result["progress"] == pytest.approx((8 * 0.8**1.5 - 10) / -10)
    assert result["status"] == "fair_progress"
