"""Roll-ups up the region tree: sums for additive stocks, recomputed shares, status counts."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.evaluation import EvalConfig, evaluate_plan, observations_from_rows
from planwatch.evaluation.rollups import aggregate_regions, descendants
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
