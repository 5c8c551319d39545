"""Data-quality warnings on short annual series."""

from __future__ import annotations

from datetime import date

from planwatch.evaluation import EvalConfig, evaluate_plan, observations_from_rows
from tests.evaluation.conftest import indicator, plan


def codes(p: dict, items: list[dict], **config) -> list[tuple[str, str | None, str | None]]:
    data = observations_from_rows(items, p)
    run = evaluate_plan(p, data, as_of=date(2025, 12, 31), config=EvalConfig(**config))
    return [(w["code"], w["period"], w["region"]) for w in run["warnings"]]


def row(ind: str, period: str, value: str, region: str | None = None) -> dict:
    return {"indicator": ind, "period": period, "value": value, "region": region}


P = plan(
    indicator("bs", "5G基站累计数", "座", (2020, 4000), (2025, 9700, ">=")),
    indicator("rate", "光纤入户率", "%", (2020, 100), (2025, 120, ">=")),
)


def test_year_on_year_band_and_falling_stock() -> None:
    found = codes(
        P, [row("bs", "2021", "5000"), row("bs", "2022", "9000"), row("bs", "2023", "8500")]
    )
    assert ("yoy_change", "2022", None) in found  # +80%
    assert ("stock_fell", "2023", None) in found
    assert not [f for f in found if f[1] == "2021"]


def test_gap_years_are_not_compared() -> None:
    found = codes(P, [row("bs", "2021", "5000"), row("bs", "2023", "9000")])
    assert not [f for f in found if f[0] == "yoy_change"]


def test_penetration_above_100_percent_is_not_flagged() -> None:
    # seed 000: 入户率237.25% is a real value; only its distance from the plan path is noted
    found = codes(P, [row("rate", "2021", "236.1"), row("rate", "2022", "237.25")])
    assert {code for code, _, _ in found} == {"off_path"}


def test_off_path() -> None:
    found = codes(P, [row("bs", "2021", "9600")])  # c = 0.98 at τ = 0.2
    assert ("off_path", "2021", None) in found


def test_region_far_from_its_siblings() -> None:
    items = [
        row("rate", "2022", v, r)
        for r, v in zip("甲乙丙丁戊", ["100", "102", "98", "101", "400"], strict=True)
    ]
    found = codes(P, items)
    assert ("region_outlier", "2022", "戊") in found
    assert [f for f in found if f[0] == "region_outlier"] == [("region_outlier", "2022", "戊")]


def test_warnings_need_three_siblings() -> None:
    items = [row("rate", "2022", "100", "甲"), row("rate", "2022", "900", "乙")]
    assert not [f for f in codes(P, items) if f[0] == "region_outlier"]


def test_missing_baseline_is_said() -> None:
    p = plan(indicator("x", "上云企业数", "家", None, (2025, 100, ">=")))
    found = codes(p, [row("x", "2021", "20"), row("x", "2022", "25")])
    assert ("baseline_from_observation", None, None) in found
