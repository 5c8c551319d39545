"""evaluate_plan end to end: the contract, two target years, series, milestones, projects."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from planwatch.errors import ContractError, EvaluationError
from planwatch.evaluation import evaluate_plan, observations_from_rows
from tests.evaluation.conftest import indicator, plan


def obs(p: dict, *items: tuple) -> Any:
    keys = ("indicator", "period", "value", "region", "series")
    return observations_from_rows([dict(zip(keys, item, strict=False)) for item in items], p)


@pytest.fixture(scope="module")
def schema(contracts_dir: Path) -> dict:
    return json.loads((contracts_dir / "evaluation.schema.json").read_text(encoding="utf-8"))


SEED_ROWS = (
    ("5g", "2021", "5000"),
    ("5g", "2022", "6000"),
    ("5g", "2023", "7000"),
    ("gigabit", "2021", "55"),
    ("gigabit", "2022", "57"),
    ("dc", "2023", "在建"),
    ("p1", "2022", "在建"),
    ("p1", "2023", "6"),
)


@pytest.mark.parametrize("method", ["plan-path", "opensdg", "projection"])
def test_runs_conform_to_the_contract(seed_plan: dict, schema: dict, method: str) -> None:
    run = evaluate_plan(
        seed_plan, obs(seed_plan, *SEED_ROWS), as_of=date(2024, 6, 30), method=method
    )
    jsonschema.validate(run, schema)
    assert run["method"] == method
    assert [e["indicator"] for e in run["indicators"]] == ["5g", "gigabit", "dc"]
    json.dumps(run, allow_nan=False)


def test_plan_path_seed_001(seed_plan: dict) -> None:
    run = evaluate_plan(seed_plan, obs(seed_plan, *SEED_ROWS), as_of=date(2024, 6, 30))
    five_g, gigabit, dc = run["indicators"]
    # 5G: τ = 0.6, c = 3000/5700 → 略有滞后
    assert (five_g["status"], five_g["status_label"]) == ("slightly_behind", "略有滞后")
    assert five_g["components"]["completion"] == pytest.approx(3000 / 5700)
    assert five_g["components"]["current_period"] == "2023"
    assert five_g["forecast"]["verdict_label"] == "有风险"
    # 千兆光网: 50 → 80; 57 in 2022: τ = 0.4, c = 7/30 = 0.2333 ≥ 0.2 → 略有滞后
    assert gigabit["status"] == "slightly_behind"
    assert gigabit["components"]["thresholds"]["ahead_margin"] == 0.1
    assert dc["status"] == "on_track" and dc["components"]["reported_state"] == "in_progress"


def test_only_data_up_to_as_of_counts(seed_plan: dict) -> None:
    data = obs(seed_plan, *SEED_ROWS)
    early = evaluate_plan(seed_plan, data, as_of=date(2022, 12, 31))
    assert early["indicators"][0]["components"]["current_period"] == "2022"
    nothing = evaluate_plan(seed_plan, data, as_of=date(2020, 6, 1))
    assert nothing["indicators"][0]["status"] == "not_available"


def test_two_target_years() -> None:
    # seed 004 style: baseline 2017, targets 2020 and 2025
    p = plan(
        indicator(
            "de", "数字经济规模", "万亿元", (2017, 2.5), (2020, 4.0, ">="), (2025, 6.0, ">=")
        ),
        period={"start": 2018, "end": 2025},
    )
    data = obs(p, ("de", "2019", "3.6"), ("de", "2020", "4.2"), ("de", "2022", "4.9"))
    before = evaluate_plan(p, data, as_of=date(2020, 12, 31))["indicators"][0]
    assert before["components"]["target_year"] == 2020
    assert before["status"] == "completed"
    assert before["earlier_targets"] == []
    after = evaluate_plan(p, data, as_of=date(2023, 3, 1))["indicators"][0]
    assert after["components"]["target_year"] == 2025
    assert after["earlier_targets"] == [
        {
            "year": 2020,
            "value": 4.0,
            "comparator": ">=",
            "observed_value": 4.2,
            "observed_period": "2020",
            "met": True,
        }
    ]
    # geometric (万亿元): c = ln(4.9/2.5)/ln(6/2.5), τ = 5/8
    assert after["components"]["path"] == "geometric"


def test_after_the_last_target_the_last_counts() -> None:
    p = plan(indicator("x", "指标", "个", (2020, 0), (2022, 10, ">="), (2025, 20, ">=")))
    run = evaluate_plan(p, obs(p, ("x", "2025", "20")), as_of=date(2027, 1, 1))
    assert run["indicators"][0]["components"]["target_year"] == 2025
    assert [t["met"] for t in run["indicators"][0]["earlier_targets"]] == [None]


def test_disaggregated_series_report_the_worst(seed_plan: dict) -> None:
    data = obs(
        seed_plan,
        ("gigabit", "2022", "70", None, "城镇"),  # c = 0.667, τ = 0.4 → 超前
        ("gigabit", "2022", "52", None, "农村"),  # c = 0.067 → 明显滞后
    )
    entry = evaluate_plan(seed_plan, data, as_of=date(2023, 1, 1))["indicators"][1]
    assert entry["status"] == "seriously_behind"
    assert [s["series"] for s in entry["components"]["series"]] == ["农村", "城镇"]
    sdg = evaluate_plan(seed_plan, data, as_of=date(2023, 1, 1), method="opensdg")["indicators"][1]
    assert sdg["components"]["series_count"] == 2


def test_total_series_is_the_headline(seed_plan: dict) -> None:
    data = obs(seed_plan, ("gigabit", "2022", "62"), ("gigabit", "2022", "52", None, "农村"))
    entry = evaluate_plan(seed_plan, data, as_of=date(2023, 1, 1))["indicators"][1]
    assert entry["status"] == "on_track"  # the total: c = 0.4, τ = 0.4


def test_milestones(seed_plan: dict) -> None:
    def status(value: str, as_of: date, period: str = "2021-06") -> str:
        run = evaluate_plan(seed_plan, obs(seed_plan, ("dc", period, value)), as_of=as_of)
        return str(run["indicators"][2]["status"])

    # milestone due 2025, plan period 2021–2025: elapsed from the end of 2020
    assert status("已建成", date(2023, 1, 1)) == "completed"
    assert status("在建", date(2023, 1, 1)) == "on_track"
    assert status("未启动", date(2022, 1, 1)) == "on_track"  # τ = 0.2 < 0.5
    assert status("未启动", date(2023, 8, 1)) == "slightly_behind"  # τ = 0.52 ≥ 0.5
    assert status("在建", date(2026, 3, 1)) == "seriously_behind"  # deadline passed
    assert status("1", date(2023, 1, 1)) == "completed"  # numeric report meets target 1
    assert status("已建成", date(2021, 3, 1)) == "not_available"  # reported after the as-of date
    empty = evaluate_plan(seed_plan, obs(seed_plan), as_of=date(2023, 1, 1))
    assert empty["indicators"][2]["status"] == "not_available"


def test_projects(seed_plan: dict) -> None:
    data = obs(
        seed_plan, ("p1", "2022", "在建"), ("p1", "2022-12", "6"), ("p2", "2023-03", "已完工")
    )
    p1, p2 = evaluate_plan(seed_plan, data, as_of=date(2023, 6, 30))["projects"]
    # p1 2021–2023, 12 亿元: 6 by end of 2022 → c = 0.5, τ = (2022 − 2020)/3 = 0.667 → 略有滞后
    assert p1["schedule_status"] == "in_progress" and p1["schedule_label"] == "在建"
    assert p1["investment"]["completion"] == pytest.approx(0.5)
    assert p1["investment"]["elapsed"] == pytest.approx(2 / 3)
    assert p1["investment"]["status"] == "slightly_behind"
    assert p1["rating"] == "amber"
    assert (p2["schedule_status"], p2["rating"]) == ("finished", "green")
    late = evaluate_plan(seed_plan, data, as_of=date(2024, 3, 1))["projects"][0]
    assert (late["schedule_status"], late["rating"]) == ("overdue", "red")
    # no progress report at all: 未报送, not rated from the plan's schedule alone
    idle = evaluate_plan(seed_plan, obs(seed_plan), as_of=date(2023, 3, 1))["projects"]
    assert [(p["schedule_status"], p["rating"]) for p in idle] == [
        ("not_reported", None),
        ("not_reported", None),
    ]
    assert idle[0]["schedule_label"] == "未报送"
    reported = obs(seed_plan, ("p1", "2023-01", "未开工"), ("p2", "2023-01", "未开工"))
    idle = evaluate_plan(seed_plan, reported, as_of=date(2023, 3, 1))["projects"]
    assert [(p["schedule_status"], p["rating"]) for p in idle] == [
        ("not_started", "red"),  # reported not started, and its last year has begun
        ("not_started", "amber"),  # reported not started after its start year
    ]


def test_outline_rollups(seed_plan: dict) -> None:
    run = evaluate_plan(seed_plan, obs(seed_plan, *SEED_ROWS), as_of=date(2024, 6, 30))
    plan_row, s0, s1 = run["rollups"][:3]
    assert plan_row["kind"] == "plan" and plan_row["indicator_count"] == 3
    assert s0["id"] == "s0" and s0["indicator_count"] == 3  # s1 rolls up into s0
    assert s1["status_counts"] == {"slightly_behind": 2, "on_track": 1}
    scores = [e["score"] for e in run["indicators"]]
    assert s1["mean_score"] == pytest.approx(sum(scores) / 3)


def test_unknown_method_and_bad_plan(seed_plan: dict) -> None:
    with pytest.raises(EvaluationError):
        evaluate_plan(seed_plan, obs(seed_plan), as_of=date(2023, 1, 1), method="magic")
    broken = dict(seed_plan)
    del broken["indicators"]
    with pytest.raises(ContractError, match=r"plan\.schema\.json"):
        evaluate_plan(broken, obs(seed_plan), as_of=date(2023, 1, 1))


def test_open_years_come_from_the_plan() -> None:
    p = plan(
        {
            "id": "x", "name": "上云企业数", "unit": "家",
            "baseline": {"year": None, "value": 100}, "targets": [{"year": None, "value": 200}],
        },
        base_year=2020,
    )  # fmt: skip
    entry = evaluate_plan(p, obs(p, ("x", "2022", "140")), as_of=date(2023, 1, 1))["indicators"][0]
    assert entry["assumed"] == ["baseline_year", "target_year"]
    # 2020 → 2025 (plan end): τ = 0.4, c = 0.4 → on track
    assert entry["components"]["target_year"] == 2025
    assert entry["status"] == "on_track"


def test_numeric_target_without_unit_is_not_a_milestone() -> None:
    from planwatch.evaluation.targets import is_milestone

    assert is_milestone(
        {"name": "建成数据中心", "unit": None, "targets": [{"year": 2025, "value": 1}]}
    )
    assert not is_milestone(
        {"name": "形成工业互联网平台", "unit": None, "targets": [{"year": 2025, "value": 5}]}
    )
    assert not is_milestone({"name": "建成示范园区", "unit": "个", "targets": []})


def test_opensdg_configured_base_year_falls_forward() -> None:
    from planwatch.evaluation import EvalConfig

    p = plan(indicator("x", "指标", "个", None), period={"start": 2016, "end": 2025})
    data = obs(p, ("x", "2016", "100"), ("x", "2018", "102"), ("x", "2020", "104.5"))
    config = EvalConfig(sdg_base_year=2015)
    entry = evaluate_plan(p, data, as_of=date(2021, 1, 1), method="opensdg", config=config)
    # 2015 has no data → 2016: P = 1.045^(1/4) − 1 = 0.0110650 → moderate, 250P − 1.25 = 1.51625
    comps = entry["indicators"][0]["components"]
    assert comps["base_t"] == 2016
    assert entry["indicators"][0]["status"] == "moderate_progress"
    assert entry["indicators"][0]["score"] == pytest.approx(250 * (1.045**0.25 - 1) - 1.25)
    assert entry["indicators"][0]["score"] == pytest.approx(1.51625, abs=1e-5)


def test_minimal_frame_from_elsewhere(seed_plan: dict) -> None:
    import polars as pl

    frame = pl.DataFrame(
        {"indicator": ["5g", "5g"], "t": [2021.0, 2023.0], "value": [5000.0, 7000.0]}
    )
    run = evaluate_plan(seed_plan, frame, as_of=date(2024, 6, 30))
    assert run["indicators"][0]["status"] == "slightly_behind"


def test_relative_targets_resolve_against_the_baseline() -> None:
    from planwatch.evaluation.targets import resolve_relative

    baseline = {"year": 2020, "value": 50.0}
    targets = [
        {
            "year": 2025,
            "value": 2,
            "comparator": ">=",
            "relative": {"kind": "multiple", "factor": 2},
        },
        {"year": 2025, "value": 10, "relative": {"kind": "increase_points", "points": 10}},
        {"year": 2022, "value": 10, "relative": {"kind": "annual_growth_pct", "rate": 10}},
        {"year": 2025, "value": 80.0, "comparator": ">="},
    ]
    values = [t["value"] for t in resolve_relative(targets, baseline)]
    # 50×2 = 100; 50+10 = 60; 50×1.1² = 60.5; the absolute 80 stays.
    assert values == pytest.approx([100.0, 60.0, 60.5, 80.0])
    # Without a baseline only the absolute target is left to evaluate.
    assert resolve_relative(targets, None) == [targets[3]]
