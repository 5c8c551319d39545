"""Forecasts against hand computation, and the batch path against the scalar reference."""

from __future__ import annotations

import math
import random

import polars as pl
import pytest

from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.forecast import forecast_batch, forecast_series
from planwatch.evaluation.plan_path import SPEC_COLUMNS
from planwatch.evaluation.targets import SeriesSpec
from tests.evaluation.conftest import spec

CONFIG = EvalConfig()


def test_straight_line_seed_001_5g() -> None:
    # baseline 4000 (2020) + 5000, 6000, 7000: a straight line, slope 1000 → 9000 in 2025 (< 9700)
    # CAGR = (7000/4000)^(1/3) − 1 = 0.205071 → 7000·1.205071² = 10165.38 (≥ 9700) → 有风险
    # needed: (9700 − 7000)/2 = 1350 a year, or (9700/7000)^(1/2) − 1 = 17.72% a year
    fc = forecast_series([(2021, 5000), (2022, 6000), (2023, 7000)], spec(), CONFIG)
    g = (7000 / 4000) ** (1 / 3) - 1
    assert fc["n_points"] == 4
    assert fc["linear_value"] == pytest.approx(9000)
    assert fc["cagr"] == pytest.approx(g)
    assert fc["cagr_value"] == pytest.approx(7000 * (1 + g) ** 2)
    assert fc["interval"] == pytest.approx([9000, 9000])  # no residuals
    assert fc["verdict"] == "at_risk"
    assert fc["required_annual_change"] == pytest.approx(1350)
    assert fc["required_annual_growth_rate"] == pytest.approx((9700 / 7000) ** 0.5 - 1)


def test_weighted_trend_by_hand() -> None:
    # points (2021, 0), (2022, 1), (2023, 4); half-life 2 → weights 0.5, 2^−½, 1
    w = [0.5, 2**-0.5, 1.0]
    t = [2021.0, 2022.0, 2023.0]
    v = [0.0, 1.0, 4.0]
    big_w = sum(w)
    t_bar = (0.5 * 2021 + 2**-0.5 * 2022 + 2023) / big_w
    v_bar = (2**-0.5 * 1 + 4) / big_w
    stt = sum(wi * (ti - t_bar) ** 2 for wi, ti in zip(w, t, strict=True))
    stv = sum(wi * (ti - t_bar) * (vi - v_bar) for wi, ti, vi in zip(w, t, v, strict=True))
    expected = v_bar + stv / stt * (2025 - t_bar)
    fc = forecast_series(list(zip(t, v, strict=True)), spec(None, (2025, 10)), CONFIG)
    assert fc["linear_value"] == pytest.approx(expected, rel=1e-12)
    assert fc["slope"] == pytest.approx(stv / stt, rel=1e-12)
    assert fc["cagr_value"] is None  # first value 0: no growth rate
    assert fc["interval"] is None  # fewer than 4 points


def test_interval_by_hand() -> None:
    # equal-weight check: half-life huge → weights ≈ 1; points 1, 3, 2, 4 at 2020…2023
    config = EvalConfig(forecast_half_life=1e12)
    pts = [(2020.0, 1.0), (2021.0, 3.0), (2022.0, 2.0), (2023.0, 4.0)]
    # OLS: t̄ = 2021.5, v̄ = 2.5, Stt = 5, Stv = (−1.5)(−1.5)+(−.5)(.5)+(.5)(−.5)+(1.5)(1.5) = 4
    # slope 0.8; fit at 2025: 2.5 + 0.8·3.5 = 5.3; residuals −.3, .9, −.9, .3 → Σr² = 1.8
    # s² = 1.8/(4 − 2) = 0.9; se = √0.9·√(1 + 1/4 + 3.5²/5) = 0.948683·1.93649 = 1.837117
    # q = t(0.90, 2) = 1.886 → 5.3 ± 3.464803
    fc = forecast_series(pts, spec(None, (2025, 5.0)), config)
    se = math.sqrt(0.9) * math.sqrt(1 + 1 / 4 + 3.5**2 / 5)
    assert fc["linear_value"] == pytest.approx(5.3)
    assert fc["interval"] == pytest.approx([5.3 - 1.886 * se, 5.3 + 1.886 * se])
    assert fc["verdict"] == "at_risk"  # point estimates meet 5, the lower end does not


@pytest.mark.parametrize(
    ("points", "s", "verdict"),
    [
        ([(2023, 5)], spec(None, (2025, 9)), "insufficient_data"),
        ([], spec(), "insufficient_data"),
        ([(2022, 1), (2023, 2)], spec(target=None), "no_target"),
        ([(2021, 9000), (2022, 9600)], spec(), "likely"),
        ([(2021, 4100), (2022, 4200)], spec(), "unlikely"),
    ],
)
def test_verdicts(points: list, s: SeriesSpec, verdict: str) -> None:
    assert forecast_series(points, s, CONFIG)["verdict"] == verdict


def test_unlikely_gives_the_pace_needed() -> None:
    fc = forecast_series([(2021, 4100), (2022, 4200), (2023, 4300)], spec(), CONFIG)
    assert fc["verdict"] == "unlikely"
    assert fc["required_annual_change"] == pytest.approx((9700 - 4300) / 2)
    assert fc["required_annual_growth_rate"] == pytest.approx((9700 / 4300) ** 0.5 - 1)


def test_decreasing_target() -> None:
    s = spec((2020, 1.0), (2025, 0.8), "<=", direction=-1)
    assert forecast_series([(2021, 0.95), (2022, 0.9)], s, CONFIG)["verdict"] == "likely"
    assert forecast_series([(2021, 1.0), (2022, 1.02)], s, CONFIG)["verdict"] == "unlikely"


def test_target_year_passed_uses_latest_value() -> None:
    fc = forecast_series([(2024, 9000), (2026, 9800)], spec(), CONFIG)
    assert fc["linear_value"] == fc["cagr_value"] == 9800
    assert fc["verdict"] == "likely"


def _random_case(rng: random.Random) -> tuple[list[tuple[float, float]], SeriesSpec]:
    base = rng.uniform(-20, 200)
    s = spec(
        (2020, base) if rng.random() < 0.7 else None,
        None if rng.random() < 0.05 else (rng.choice([2022, 2025, 2030]), rng.uniform(-20, 400)),
        rng.choice([">=", "<=", "=", None]),
        direction=rng.choice([1, -1]),
    )
    years = sorted(rng.sample(range(2016, 2027), rng.randint(0, 8)))
    return [(float(y), rng.uniform(-10, 300)) for y in years], s


def test_batch_agrees_with_scalar() -> None:
    rng = random.Random(7)
    cases = [_random_case(rng) for _ in range(500)]
    keys = ["indicator", "region", "series"]
    obs_rows, spec_rows = [], []
    for n, (points, s) in enumerate(cases):
        key = {"indicator": f"i{n}", "region": "", "series": ""}
        obs_rows += [{**key, "t": t, "value": v} for t, v in points]
        spec_rows.append({**key, **{c: getattr(s, c) for c in SPEC_COLUMNS}})
    schema = dict.fromkeys(keys, pl.String)
    obs = pl.DataFrame(obs_rows, schema=schema | {"t": pl.Float64, "value": pl.Float64})
    batch = forecast_batch(obs, pl.DataFrame(spec_rows, schema=schema | SPEC_COLUMNS), keys, CONFIG)
    rows = {r["indicator"]: r for r in batch.iter_rows(named=True)}
    for n, (points, s) in enumerate(cases):
        want, got = forecast_series(points, s, CONFIG), rows[f"i{n}"]
        assert got["verdict"] == want["verdict"], (points, s)
        assert got["n_points"] == want["n_points"]
        if want["verdict"] in ("no_target", "insufficient_data"):
            continue
        assert got["linear_value"] == pytest.approx(want["linear_value"], rel=1e-6, abs=1e-6)
        assert close(got["cagr_value"], want["cagr_value"])
        assert close(got["required_annual_change"], want.get("required_annual_change"))
        if want["interval"] is None:
            assert got["interval_low"] is None
        else:
            low, high = want["interval"]
            assert got["interval_low"] == pytest.approx(low, rel=1e-6, abs=1e-6)
            assert got["interval_high"] == pytest.approx(high, rel=1e-6, abs=1e-6)


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == pytest.approx(b, rel=1e-9, abs=1e-9)
