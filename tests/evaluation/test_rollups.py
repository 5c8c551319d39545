"""Roll-ups up the region tree: sums for additive stocks, recomputed shares, status counts."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.evaluation import EvalConfig, evaluate_plan, observations_from_rows
from planwatch.evaluation.rollups import (
    aggregate_regions,
    descendants,
    subtree_series,
    subtree_status,
)
from tests.evaluation.conftest import indicator, plan

TREE = {
    "汕头市": "广东省",
    "龙湖区": "汕头市",
    "金平区": "汕头市",
    "广州市": "广东省",
    "黄埔区": "广州市",
}


def regional_plan() -> dict:
    return plan(
        indicator("bs", "5G基站数", "座", (2020, 1000), (2025, 2000, ">=")),
        indicator("home", "光纤入户数", "万户", None),
        indicator("hh", "家庭数", "万户", None),
        indicator(
            "rate",
            "光纤入户率",
            "%",
            (2020, 50),
            (2025, 80, ">="),
            numerator="home",
            denominator="hh",
        ),
        region="广东省",
    )


def rows(*items: tuple) -> list[dict]:
    return [{"indicator": i, "period": p, "value": v, "region": r} for i, p, v, r in items]


def test_descendants() -> None:
    below = descendants(TREE)
    assert below["广东省"] == set(TREE) | {"广东省"}
    assert below["汕头市"] == {"汕头市", "龙湖区", "金平区"}
    assert below["黄埔区"] == {"黄埔区"}


def test_sums_and_recomputed_shares() -> None:
    p = regional_plan()
    data = observations_from_rows(
        rows(
            ("bs", "2022", "300", "龙湖区"),
            ("bs", "2022", "500", "金平区"),
            ("bs", "2022", "900", "黄埔区"),
            ("home", "2022", "90", "龙湖区"),
            ("hh", "2022", "100", "龙湖区"),
            ("home", "2022", "10", "金平区"),
            ("hh", "2022", "100", "金平区"),
            ("rate", "2022", "90", "龙湖区"),
            ("rate", "2022", "10", "金平区"),
        ),
        p,
    )
    run = evaluate_plan(p, data, as_of=date(2023, 1, 1), config=EvalConfig(region_tree=TREE))
    values = {
        (r["indicator"], r["region"]): r["value"]
        for r in run["rollups"]
        if r["kind"] == "region_value"
    }
    assert values[("bs", "汕头市")] == 800
    assert values[("bs", "广州市")] == 900
    assert values[("bs", "广东省")] == 1700
    # the share from numerator and denominator: (90 + 10)/(100 + 100) = 50%, not mean(90%, 10%)
    assert values[("rate", "汕头市")] == pytest.approx(50.0)
    statuses = {r["region"]: r for r in run["rollups"] if r["kind"] == "region_status"}
    assert statuses["广东省"]["series_count"] == statuses["汕头市"]["series_count"] + 1


def test_regions_without_tree_hang_under_the_plan_region() -> None:
    p = regional_plan()
    data = observations_from_rows(rows(("bs", "2022", "3", "甲"), ("bs", "2022", "4", "乙")), p)
    run = evaluate_plan(p, data, as_of=date(2023, 1, 1))
    values = [r for r in run["rollups"] if r["kind"] == "region_value"]
    assert [(r["region"], r["value"]) for r in values] == [("广东省", 7.0)]


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["龙湖区", "金平区", "黄埔区"]),
        st.floats(min_value=0, max_value=1e9, allow_nan=False),
        min_size=1,
    )
)
def test_additive_rollup_equals_sum_of_children(values: dict[str, float]) -> None:
    frame = pl.DataFrame(
        {
            "indicator": ["bs"] * len(values),
            "region": list(values),
            "series": [""] * len(values),
            "period": ["2022"] * len(values),
            "t": [2022.0] * len(values),
            "value": list(values.values()),
        }
    )
    summed = aggregate_regions(frame, TREE)
    got = {r["region"]: r["value"] for r in summed.iter_rows(named=True)}
    shantou = sum(v for k, v in values.items() if k in ("龙湖区", "金平区"))
    assert got["广东省"] == pytest.approx(sum(values.values()))
    if shantou or any(k in values for k in ("龙湖区", "金平区")):
        assert got["汕头市"] == pytest.approx(shantou)


def unit_rows(*items: tuple) -> pl.DataFrame:
    """(indicator, region, unit, period, value) rows, one per reporting unit."""
    return pl.DataFrame(
        {
            "indicator": [i[0] for i in items],
            "region": [i[1] for i in items],
            "unit": [i[2] for i in items],
            "series": [""] * len(items),
            "period": [i[3] for i in items],
            "t": [float(i[3]) for i in items],
            "value": [float(i[4]) for i in items],
        }
    )


def test_subtree_series_sums_units_and_counts_them() -> None:
    bs = regional_plan()["indicators"][0] | {"aggregation": "sum"}
    frame = unit_rows(
        ("bs", "龙湖区", "u1", "2022", 2),
        ("bs", "龙湖区", "u2", "2022", 1),  # a second unit in the same district: added
        ("bs", "金平区", "u3", "2022", 4),
        ("bs", "汕头市", "u4", "2022", 100),  # the city's own value: its districts reported
    )
    series = subtree_series(bs, frame, TREE, EvalConfig())
    got = {
        r["region"]: (r["value"], r["regions"], r["units"]) for r in series.iter_rows(named=True)
    }
    assert got["汕头市"] == (7.0, 2, 3)  # 2 + 1 + 4 from three units in two districts
    assert got["广东省"] == (7.0, 2, 3)
    assert got["龙湖区"] == (3.0, 1, 2)


def test_subtree_series_recomputes_shares_and_skips_none() -> None:
    p = regional_plan()
    rate = p["indicators"][3] | {"aggregation": "ratio"}
    frame = unit_rows(
        ("home", "龙湖区", "u1", "2022", 9),
        ("hh", "龙湖区", "u1", "2022", 10),
        ("home", "金平区", "u2", "2022", 3),
        ("hh", "金平区", "u3", "2022", 30),  # another unit reports the denominator
    )
    series = subtree_series(rate, frame, TREE, EvalConfig())
    city = series.filter(pl.col("region") == "汕头市").row(0, named=True)
    # 100 × (9 + 3)/(10 + 30) = 30, not the mean of 90% and 10%
    assert (city["value"], city["numerator"], city["denominator"]) == (30.0, 12.0, 40.0)
    assert (city["regions"], city["units"]) == (2, 3)
    none = p["indicators"][0] | {"aggregation": "none"}
    assert subtree_series(none, frame, TREE, EvalConfig()).is_empty()
    no_parts = p["indicators"][3] | {"aggregation": "ratio", "numerator": None}
    assert subtree_series(no_parts, frame, TREE, EvalConfig()).is_empty()


def test_subtree_status_keeps_pace_with_the_plan_factor() -> None:
    # plan 1000 → 2000 (factor 2); 汕头市 5 in 2022 → its target 10 in 2025.
    # 2023: τ = 1/3, c = (7 − 5)/(10 − 5) = 0.4 → 符合进度 (on_track)
    bs = regional_plan()["indicators"][0] | {"aggregation": "sum"}
    frame = unit_rows(
        ("bs", "龙湖区", "u1", "2022", 2),
        ("bs", "金平区", "u2", "2022", 3),
        ("bs", "龙湖区", "u1", "2023", 3),
        ("bs", "金平区", "u2", "2023", 4),
    )
    series = subtree_series(bs, frame, TREE, EvalConfig())
    status = subtree_status(bs, series, 2023.5, EvalConfig())
    city = status.filter(pl.col("region") == "汕头市").row(0, named=True)
    assert city["status"] == "on_track"
    assert city["completion"] == pytest.approx(0.4)
