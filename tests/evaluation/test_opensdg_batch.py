"""opensdg's vectorised batch path against the scalar reference `evaluate_series`: the same
status, score, progress and components for every series, and the same combination of several
series of one indicator."""

from __future__ import annotations

import math
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.opensdg import combine_series, evaluate_batch, evaluate_series, row_result
from planwatch.evaluation.plan_path import SPEC_COLUMNS
from planwatch.evaluation.targets import SeriesSpec
from tests.evaluation.conftest import spec

CONFIG = EvalConfig()
KEYS = ["indicator", "region", "series"]
Points = list[tuple[float, float]]


def batch(cases: dict[tuple[str, str, str], tuple[Points, SeriesSpec]], base_year: float | None):
    obs_rows, spec_rows = [], []
    for (ind, region, series), (points, s) in cases.items():
        key = {"indicator": ind, "region": region, "series": series}
        obs_rows += [{**key, "t": t, "value": v} for t, v in points]
        spec_rows.append({**key, **{c: getattr(s, c) for c in SPEC_COLUMNS}, "limit": s.limit})
    strings = dict.fromkeys(KEYS, pl.String)
    obs = pl.DataFrame(obs_rows, schema=strings | {"t": pl.Float64, "value": pl.Float64})
    specs = pl.DataFrame(spec_rows, schema=strings | SPEC_COLUMNS | {"limit": pl.Float64})
    frame = evaluate_batch(obs, specs, KEYS, CONFIG, base_year)
    assert frame.height == len(cases)
    return {
        (r["indicator"], r["region"], r["series"]): row_result(r, CONFIG) for r in frame.to_dicts()
    }


def same(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return bool(a == b)


def assert_same(got: dict[str, Any], want: dict[str, Any]) -> None:
    assert got["status"] == want["status"]
    assert same(got, want), (got, want)


_VALUES = st.one_of(
    st.sampled_from([0.0, 1.0, -1.0, 2.0, 5.0, 100.0, -50.0]),
    st.floats(-1000, 1000).filter(lambda v: v == 0 or abs(v) > 1e-3),
)
_TIMES = st.integers(2013 * 4, 2026 * 4).map(lambda q: q / 4)
_YEARS = st.integers(2012, 2030).map(float)


@st.composite
def _spec(draw: st.DrawFn) -> SeriesSpec:
    baseline_v = draw(st.none() | _VALUES)
    target_v = draw(st.none() | _VALUES)
    return SeriesSpec(
        baseline_t=None if baseline_v is None else draw(st.none() | _YEARS),
        baseline_v=baseline_v,
        target_t=None if target_v is None else draw(st.none() | _YEARS),
        target_v=target_v,
        comparator=None,
        direction=draw(st.sampled_from([1, -1])),
        binding=False,
        geometric=False,
        limit=draw(st.none() | st.sampled_from([0.0, 50.0, 100.0, -100.0])),
    )


_SERIES = st.tuples(st.lists(st.tuples(_TIMES, _VALUES), max_size=6), _spec())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(_SERIES, min_size=1, max_size=4), min_size=1, max_size=5),
    st.none() | st.sampled_from([2015.0, 2020.0]),
)
def test_batch_equals_scalar(indicators: list[list[tuple[Points, SeriesSpec]]], base_year) -> None:
    cases = {
        (f"i{n}", "", "" if len(series) == 1 else f"s{k}"): case
        for n, series in enumerate(indicators)
        for k, case in enumerate(series)
    }
    got = batch(cases, base_year)
    want = {key: evaluate_series(pts, s, CONFIG, base_year) for key, (pts, s) in cases.items()}
    for key in cases:
        assert_same(got[key], want[key])
    for n in range(len(indicators)):
        keys = [key for key in cases if key[0] == f"i{n}"]
        combined = combine_series([got[k] for k in keys])
        assert_same(combined, combine_series([want[k] for k in keys]))


def no_target(base: tuple[float, float] | None = None) -> SeriesSpec:
    return spec(base, None, None)


@pytest.mark.parametrize(
    ("points", "s", "reason"),
    [
        ([], no_target(), "no_data"),
        ([(2020.0, 5.0)], no_target(), "fewer_than_two_years"),
        ([(2016.0, 5.0), (2020.0, 6.0)], no_target((2021, 4)), "base_year_not_before_latest_year"),
        ([(2015.0, -5.0), (2020.0, 5.0)], no_target(), "opposite_signs"),
        ([(2020.0, 60.0)], spec((2015, 50), (2030, -80), "<=", direction=-1), "opposite_signs"),
        ([(2020.0, 60.0)], spec((2015, 50), (2014, 80)), "target_year_not_after_base_year"),
    ],
)
def test_every_unavailable_reason(points: Points, s: SeriesSpec, reason: str) -> None:
    got = batch({("i", "", ""): (points, s)}, None)[("i", "", "")]
    assert (got["status"], got["score"], got["components"]["reason"]) == (
        "not_available",
        None,
        reason,
    )
    assert_same(got, evaluate_series(points, s, CONFIG))


def test_required_growth_zero_and_achieved_p() -> None:
    cases = {
        # target equals base and is not reached: deterioration, −5, no P
        ("a", "", ""): ([(2020.0, 40.0)], spec((2015, 50), (2030, 50))),
        # reached: achieved, 5, P = (85/50)^(1/5) − 1 over 1.6^(1/15) − 1
        ("b", "", ""): ([(2020.0, 85.0)], spec((2015, 50), (2030, 80))),
    }
    got = batch(cases, None)
    assert (got[("a", "", "")]["status"], got[("a", "", "")]["score"]) == ("deterioration", -5.0)
    assert got[("a", "", "")]["components"]["reason"] == "required_growth_zero"
    assert got[("b", "", "")]["status"] == "target_achieved"
    assert got[("b", "", "")]["progress"] == pytest.approx(
        (1.7**0.2 - 1) / (1.6 ** (1 / 15) - 1), rel=1e-12
    )
