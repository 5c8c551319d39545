"""Laws the methods must keep, checked with hypothesis."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from planwatch.evaluation import (
    EvalConfig,
    evaluate_plan,
    observations_from_rows,
    opensdg,
    plan_path,
    projection,
)
from planwatch.evaluation.forecast import forecast_series
from tests.evaluation.conftest import SEED_001, spec

CONFIG = EvalConfig()
RANK = {s: n for n, s in enumerate(reversed(plan_path.STATUSES[:-1]))}  # regressing 0 … completed 5

ROWS = [
    {"indicator": "5g", "period": "2021", "value": "5000"},
    {"indicator": "5g", "period": "2022", "value": "6100"},
    {"indicator": "5g", "period": "2023-Q2", "value": "6400"},
    {"indicator": "5g", "period": "2022", "value": "700", "region": "龙湖区"},
    {"indicator": "5g", "period": "2022", "value": "800", "region": "金平区"},
    {"indicator": "5g", "period": "2022", "value": "900", "region": "澄海区"},
    {"indicator": "5g", "period": "2023", "value": "1900", "region": "澄海区"},
    {"indicator": "gigabit", "period": "2022", "value": "60", "series": "城镇"},
    {"indicator": "gigabit", "period": "2022", "value": "45", "series": "农村"},
    {"indicator": "gigabit", "period": "2021", "value": "52", "series": "农村"},
    {"indicator": "dc", "period": "2022", "value": "在建"},
    {"indicator": "p1", "period": "2022", "value": "在建"},
    {"indicator": "p1", "period": "2022-09", "value": "5"},
]


@settings(max_examples=30, deadline=None)
@given(st.permutations(ROWS), st.sampled_from(["plan-path", "opensdg", "projection"]))
def test_result_does_not_depend_on_observation_order(rows: list[dict], method: str) -> None:
    def run(items: list[dict]) -> str:
        data = observations_from_rows(items, SEED_001)
        result = evaluate_plan(SEED_001, data, as_of=date(2024, 1, 1), method=method)
        return json.dumps(result, sort_keys=True, ensure_ascii=False)

    assert run(rows) == run(ROWS)


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(
    base=finite,
    gain=st.floats(min_value=1e-3, max_value=1e6),
    year=st.integers(min_value=2021, max_value=2026),
    v1=finite,
    v2=finite,
    binding=st.booleans(),
    geometric=st.booleans(),
    comparator=st.sampled_from([">=", ">", None]),
)
def test_higher_value_never_gives_a_worse_status(
    base: float,
    gain: float,
    year: int,
    v1: float,
    v2: float,
    binding: bool,
    geometric: bool,
    comparator,
) -> None:
    s = spec((2020, base), (2025, base + gain), comparator, 1, binding, geometric)
    low, high = sorted((v1, v2))
    worse = plan_path.evaluate_series([(year, low)], s, CONFIG)
    better = plan_path.evaluate_series([(year, high)], s, CONFIG)
    assert RANK[better["status"]] >= RANK[worse["status"]]
    assert better["score"] >= worse["score"] - 1e-9


positive = st.floats(min_value=0.01, max_value=1e5)


def _near_band(value: float | None, bands: tuple[float, ...]) -> bool:
    return value is not None and any(abs(value - b) < 1e-7 for b in bands)


@given(
    base=positive,
    values=st.lists(positive, min_size=1, max_size=5),
    target=st.one_of(st.none(), positive),
    k=st.floats(min_value=1e-3, max_value=1e3),
    direction=st.sampled_from([1, -1]),
    limit=st.one_of(st.none(), positive),
)
def test_growth_rate_methods_are_scale_free(
    base: float, values: list[float], target: float | None, k: float, direction: int, limit
) -> None:
    points = [(2021.0 + n, v) for n, v in enumerate(values)]
    scaled = [(t, v * k) for t, v in points]
    comparator = ">=" if direction > 0 else "<="
    s = spec(
        (2020, base), None if target is None else (2030, target), comparator, direction, limit=limit
    )
    s_k = spec(
        (2020, base * k), None if target is None else (2030, target * k), comparator, direction,
        limit=None if limit is None else limit * k,
    )  # fmt: skip
    for method in (opensdg, projection):
        a = method.evaluate_series(points, s, CONFIG)
        b = method.evaluate_series(scaled, s_k, CONFIG)
        bands = (0.015, 0.005, 0.0, 0.95, 0.6, 0.1)
        if _near_band(a["progress"], bands) or a["components"].get("limit_scale", 1) < 1e-6:
            continue
        assume(not _near_target(points[-1][1], target))
        assert a["status"] == b["status"]
        if a["score"] is not None:
            assert abs(a["score"] - b["score"]) <= 1e-6 * max(1.0, abs(a["score"]))
    fa, fb = forecast_series(points, s, CONFIG), forecast_series(scaled, s_k, CONFIG)
    if fa.get("linear_value") is not None and target is not None:
        assume(abs(fa["linear_value"] - target) > 1e-6 * target)
        if fa.get("cagr_value") is not None:
            assume(abs(fa["cagr_value"] - target) > 1e-6 * target)
        if fa.get("interval"):
            assume(all(abs(x - target) > 1e-6 * target for x in fa["interval"]))
    assert fa["verdict"] == fb["verdict"]


def _near_target(value: float, target: float | None) -> bool:
    return target is not None and abs(value - target) <= 1e-9 * target


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 300), st.floats(min_value=-100, max_value=1e4)),
        min_size=0,
        max_size=8,
        unique_by=lambda x: x[0],
    )
)
def test_batch_is_invariant_to_row_order(points: list[tuple[int, float]]) -> None:
    keys = ["indicator", "region", "series"]
    frame = pl.DataFrame(
        {
            "indicator": ["x"] * len(points),
            "region": [""] * len(points),
            "series": [""] * len(points),
            "t": [2020 + q / 4 for q, _ in points],
            "value": [v for _, v in points],
        },
        schema={
            "indicator": pl.String,
            "region": pl.String,
            "series": pl.String,
            "t": pl.Float64,
            "value": pl.Float64,
        },
    )
    specs = pl.DataFrame(
        [{"indicator": "x", "region": "", "series": "", **plan_path_spec()}],
        schema=dict.fromkeys(keys, pl.String) | plan_path.SPEC_COLUMNS,
    )
    a = plan_path.evaluate_batch(frame, specs, keys, CONFIG).row(0, named=True)
    b = plan_path.evaluate_batch(frame.reverse(), specs, keys, CONFIG).row(0, named=True)
    assert a == b


def plan_path_spec() -> dict:
    s = spec((2020, 100), (2095, 5000))
    return {c: getattr(s, c) for c in plan_path.SPEC_COLUMNS}
