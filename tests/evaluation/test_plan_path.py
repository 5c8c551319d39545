"""plan-path against hand-computed values, every guard, and the batch path against the scalar one."""

from __future__ import annotations

import math
import random

import polars as pl
import pytest

from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.plan_path import SPEC_COLUMNS, evaluate_batch, evaluate_series
from planwatch.evaluation.targets import SeriesSpec
from tests.evaluation.conftest import spec

CONFIG = EvalConfig()


def run(points: list[tuple[float, float]], s: SeriesSpec) -> dict:
    return evaluate_series(points, s, CONFIG)


def test_seed_001_5g_slightly_behind() -> None:
    # 4000 (2020) → 9700 (2025); 7000 in 2023: τ = 3/5 = 0.6, c = 3000/5700 = 0.526316
    # c < τ − 0.05 = 0.55 but ≥ τ − 0.2 = 0.4 → 略有滞后; score 5·c/τ
    result = run([(2021, 5000), (2022, 6000), (2023, 7000)], spec())
    c = 3000 / 5700
    assert result["status"] == "slightly_behind"
    assert result["components"]["elapsed"] == pytest.approx(0.6)
    assert result["components"]["completion"] == pytest.approx(c)
    assert result["components"]["expected_value"] == pytest.approx(4000 + 0.6 * 5700)  # 7420
    assert result["progress"] == pytest.approx(c / 0.6)
    assert result["score"] == pytest.approx(5 * c / 0.6)


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (9800, "completed"),  # ≥ 9700
        (9700, "completed"),
        (8000, "ahead"),  # c = 4000/5700 = 0.7018, c − τ = 0.1018 ≥ 0.1
        (7500, "on_track"),  # c = 0.6140 ≥ 0.55
        (7192, "on_track"),  # c = 0.56
        (6300, "slightly_behind"),  # c = 0.4035 ≥ 0.40
        (6200, "seriously_behind"),  # c = 0.3860 < 0.40
        (4000, "seriously_behind"),  # c = 0
        (3900, "regressing"),  # c < 0
    ],
)
def test_statuses_at_three_fifths_of_the_period(value: float, status: str) -> None:
    assert run([(2023, value)], spec())["status"] == status


def test_binding_targets_are_stricter() -> None:
    # c = 0.56: 预期性 needs c ≥ 0.6 − 0.05 = 0.55 (on track); 约束性 needs 0.6 − 0.02 = 0.58
    assert run([(2023, 7192)], spec())["status"] == "on_track"
    assert run([(2023, 7192)], spec(binding=True))["status"] == "slightly_behind"
    # c = 0.45: 预期性 lag band down to 0.40; 约束性 only down to 0.50
    value = 4000 + 0.45 * 5700
    assert run([(2023, value)], spec())["status"] == "slightly_behind"
    assert run([(2023, value)], spec(binding=True))["status"] == "seriously_behind"
    thresholds = run([(2023, value)], spec(binding=True))["components"]["thresholds"]
    assert thresholds == {"ahead_margin": 0.1, "on_track_tolerance": 0.02, "lag_tolerance": 0.1}


def test_decreasing_indicator_with_le_comparator() -> None:
    # energy use 1.0 (2020) → ≤ 0.8 (2025); 0.9 in 2022: τ = 0.4, c = (0.9−1)/(0.8−1) = 0.5,
    # c − τ = 0.1 → 超前 (exactly on the margin, not lost to rounding)
    s = spec((2020, 1.0), (2025, 0.8), "<=", direction=-1)
    result = run([(2022, 0.9)], s)
    assert result["components"]["completion"] == pytest.approx(0.5)
    assert result["status"] == "ahead"
    assert run([(2022, 0.79)], s)["status"] == "completed"
    assert run([(2022, 1.05)], s)["status"] == "regressing"


def test_equal_comparator_has_a_tolerance() -> None:
    s = spec((2020, 90), (2025, 100), "=")
    assert run([(2024, 100.3)], s)["status"] == "completed"  # |0.3| ≤ 0.5% of 100
    assert run([(2024, 98.0)], s)["status"] == "on_track"  # c = 0.8, τ = 0.8


def test_target_without_baseline_uses_first_observation() -> None:
    # first observation 2021: 10; 2023: 14; target 20 in 2025: τ = 2/4 = 0.5, c = 4/10 = 0.4
    result = run([(2021, 10), (2022, 12), (2023, 14)], spec(None, (2025, 20)))
    comps = result["components"]
    assert comps["baseline_source"] == "first_observation"
    assert comps["baseline_value"] == 10
    assert comps["elapsed"] == pytest.approx(0.5)
    assert comps["completion"] == pytest.approx(0.4)
    assert result["status"] == "slightly_behind"


def test_geometric_path_for_compounding_quantities() -> None:
    # 产值 100 → 200 亿元; 150 in 2023: c = ln 1.5 / ln 2 = 0.58496 ≥ τ − 0.05 = 0.55 → on track;
    # on a straight line c would be 0.5 (略有滞后). Expected value 100·2^0.6.
    s = spec((2020, 100), (2025, 200), geometric=True)
    result = run([(2023, 150)], s)
    assert result["components"]["completion"] == pytest.approx(math.log(1.5) / math.log(2))
    assert result["components"]["expected_value"] == pytest.approx(100 * 2**0.6)
    assert result["status"] == "on_track"
    assert run([(2023, 150)], spec((2020, 100), (2025, 200)))["status"] == "slightly_behind"


def test_geometric_falls_back_to_linear_for_non_positive_values() -> None:
    result = run([(2023, -5)], spec((2020, 0), (2025, 200), geometric=True))  # baseline 0
    assert result["components"]["path"] == "linear"
    assert "path_note" in result["components"]


def test_quarterly_and_monthly_elapsed_time() -> None:
    # 2023-Q2 and 2023-06 end at 2022.5: τ = 2.5/5 = 0.5
    assert run([(2022.5, 6850)], spec())["components"]["elapsed"] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("points", "s", "reason"),
    [
        ([], spec(), "no_data"),
        ([(2023, 5)], spec(target=None), "no_target"),
        ([(2023, 5)], spec(None, (2025, 9)), "one_point_without_baseline"),
        ([(2023, 5)], spec((2025, 1), (2025, 9)), "target_not_after_baseline"),
    ],
)
def test_guards_give_not_available(points: list, s: SeriesSpec, reason: str) -> None:
    result = run(points, s)
    assert result["status"] == "not_available"
    assert result["score"] is None and result["progress"] is None
    assert result["components"]["reason"] == reason


def test_base_equals_target() -> None:
    s = spec((2020, 100), (2025, 100), ">=")
    assert run([(2023, 100)], s)["status"] == "completed"
    regress = run([(2023, 99)], s)
    assert regress["status"] == "regressing"
    assert regress["score"] == -5


def test_zero_base() -> None:
    # 0 → 50; 20 in 2022: τ = 0.4, c = 0.4 → on track
    result = run([(2022, 20)], spec((2020, 0), (2025, 50)))
    assert result["components"]["completion"] == pytest.approx(0.4)
    assert result["status"] == "on_track"


def test_zero_target_decreasing() -> None:
    # 10 → 0 (≤); 6 in 2022: c = 0.4, τ = 0.4 → on track
    result = run([(2022, 6)], spec((2020, 10), (2025, 0), "<=", direction=-1))
    assert result["status"] == "on_track"


def test_opposite_signs_are_linear() -> None:
    # −10 → 10; 0 in 2022: c = 0.5, τ = 0.4 → 超前 (c − τ = 0.1)
    assert run([(2022, 0)], spec((2020, -10), (2025, 10)))["status"] == "ahead"


def test_past_the_target_year_elapsed_is_one() -> None:
    result = run([(2026, 9000)], spec())
    assert result["components"]["elapsed"] == 1.0
    assert result["status"] == "slightly_behind"  # c = 0.877 ≥ 0.8


# ---------------------------------------------------------------- batch agrees with scalar


def _random_case(rng: random.Random) -> tuple[list[tuple[float, float]], SeriesSpec]:
    has_base = rng.random() < 0.8
    base = rng.choice([0.0, rng.uniform(-50, 500)])
    target = rng.choice([base, rng.uniform(-50, 1000)])
    comparator = rng.choice([">=", "<=", "=", ">", "<", None])
    s = spec(
        (2020, base) if has_base else None,
        None if rng.random() < 0.05 else (rng.choice([2023, 2025, 2030]), target),
        comparator,
        direction=rng.choice([1, -1]),
        binding=rng.random() < 0.3,
        geometric=rng.random() < 0.3,
    )
    years = sorted(rng.sample(range(2016, 2026), rng.randint(0, 6)))
    freq = rng.choice([1.0, 0.25])
    points = [(2020 + (y - 2020) * freq, rng.uniform(-50, 1200)) for y in years]
    return points, s


def test_batch_agrees_with_scalar() -> None:
    rng = random.Random(20261121)
    cases = [_random_case(rng) for _ in range(600)]
    obs_rows, spec_rows = [], []
    for n, (points, s) in enumerate(cases):
        key = {"indicator": f"i{n}", "region": "", "series": ""}
        obs_rows += [{**key, "t": t, "value": v} for t, v in points]
        spec_rows.append({**key, **{c: getattr(s, c) for c in SPEC_COLUMNS}})
    keys = ["indicator", "region", "series"]
    schema = dict.fromkeys(keys, pl.String)
    obs = pl.DataFrame(obs_rows, schema=schema | {"t": pl.Float64, "value": pl.Float64})
    batch = evaluate_batch(obs, pl.DataFrame(spec_rows, schema=schema | SPEC_COLUMNS), keys, CONFIG)
    rows = {r["indicator"]: r for r in batch.iter_rows(named=True)}
    for n, (points, s) in enumerate(cases):
        expected, got = run(points, s), rows[f"i{n}"]
        assert got["status"] == expected["status"], (points, s)
        assert close(got["score"], expected["score"])
        assert close(got["progress"], expected["progress"])
        if expected["status"] != "not_available":
            assert close(got["completion"], expected["components"]["completion"])
            assert close(got["expected_value"], expected["components"]["expected_value"])


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == pytest.approx(b, rel=1e-9, abs=1e-9)


def test_non_positive_value_on_a_geometric_path_is_the_worst() -> None:
    result = run([(2023, 0)], spec((2020, 100), (2025, 200), geometric=True))
    assert result["components"]["completion"] is None
    assert (result["status"], result["score"]) == ("regressing", -5.0)
