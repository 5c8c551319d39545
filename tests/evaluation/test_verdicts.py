"""Final verdicts after the target year, data freshness and the report grades (hand-checked)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from planwatch.evaluation import evaluate_plan, observations_from_rows


def plan(**reporting: Any) -> dict[str, Any]:
    indicator = {
        "id": "bs",
        "name": "5G基站数",
        "unit": "座",
        "baseline": {"year": 2020, "value": 1000},
        "targets": [{"year": 2025, "value": 2000, "comparator": ">="}],
    }
    if reporting:
        indicator["reporting"] = reporting
    return {
        "schema": "planwatch.plan/1",
        "title": "t",
        "region": "甲市",
        "period": {"start": 2021, "end": 2025},
        "base_year": 2020,
        "sections": [],
        "indicators": [indicator],
        "programmes": [],
        "projects": [],
        "tasks": [],
    }


def entry(values: dict[str, float], as_of: date, **reporting: Any) -> dict[str, Any]:
    doc = plan(**reporting)
    rows = [{"indicator": "bs", "period": p, "value": v} for p, v in values.items()]
    run = evaluate_plan(doc, observations_from_rows(rows, doc), as_of=as_of)
    result: dict[str, Any] = run["indicators"][0]
    return result


def test_target_met_in_its_year_is_achieved() -> None:
    e = entry({"2023": 1600, "2025": 2100}, date(2026, 12, 2))
    assert e["final"]["verdict"] == "achieved" and e["final"]["verdict_label"] == "已实现"
    assert (e["final"]["observed_value"], e["final"]["observed_period"]) == (2100, "2025")


def test_target_missed_carries_the_gap() -> None:
    e = entry({"2025": 1900}, date(2026, 6, 30))
    assert e["final"]["verdict"] == "not_achieved" and e["final"]["gap"] == pytest.approx(-100)


def test_older_values_cannot_decide_the_target_year() -> None:
    # a 2021–2025 plan with values only up to 2022, read at the end of 2026
    e = entry({"2021": 1300, "2022": 1500}, date(2026, 12, 2))
    assert (
        e["final"]["verdict"] == "not_reported" and e["final"]["verdict_label"] == "目标年数据未报"
    )
    assert e["data"]["overdue"] and e["data"]["due_period"] == "2025"
    assert e["data"]["latest_period"] == "2022" and e["data"]["label"] == "数据滞后"


def test_no_final_verdict_before_the_target_year_ends() -> None:
    assert entry({"2023": 1600}, date(2025, 12, 30))["final"] is None


def test_annual_value_is_due_after_its_grace_period() -> None:
    # 2023's value is due 90 days after 31 Dec 2023: from 30 March 2024
    assert not entry({"2022": 1400}, date(2024, 3, 29))["data"]["overdue"]
    late = entry({"2022": 1400}, date(2024, 3, 30))["data"]
    assert late["overdue"] and late["due_period"] == "2023"


def test_quarterly_reporting_uses_the_assignment_cadence() -> None:
    e = entry({"2024-Q1": 1500}, date(2024, 8, 15), frequency="quarterly", grace_days=30)
    assert e["data"]["overdue"] and e["data"]["due_period"] == "2024-Q2"
    e = entry({"2024-Q2": 1550}, date(2024, 8, 15), frequency="quarterly", grace_days=30)
    assert not e["data"]["overdue"]


def test_grades_follow_report_practice() -> None:
    # 2023: c = (1600 − 1000)/1000 = 0.6 = τ → 符合进度 → 基本符合预期
    e = entry({"2023": 1600}, date(2024, 1, 31))
    assert e["status"] == "on_track" and e["grade_label"] == "基本符合预期"
    # 2023: c = 0.2 < τ − 0.2 → 明显滞后 → 滞后
    assert entry({"2023": 1200}, date(2024, 1, 31))["grade_label"] == "滞后"


def test_roll_ups_count_data_overdue() -> None:
    doc = plan()
    rows = [{"indicator": "bs", "period": "2021", "value": 1300}]
    run = evaluate_plan(doc, observations_from_rows(rows, doc), as_of=date(2026, 12, 2))
    plan_row = run["rollups"][0]
    assert plan_row["kind"] == "plan" and plan_row["data_overdue"] == 1
