"""What an indicator's status means at the as-of date, beside the method's status:

* **final verdict** — once its target year has ended, a target is 已实现 (achieved), 未实现
  (not achieved, with the gap) or 目标年数据未报 (no value for the target year itself: an older
  value cannot show a target was met or missed);
* **data freshness** — a series whose latest value is older than its reporting frequency and
  grace period allow is 数据滞后 (data overdue), shown beside the status from the last value;
* **grade** — the words Chinese evaluation reports use (提前实现 / 快于预期 / 基本符合预期 / 滞后),
  with plan-path's finer statuses beneath.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.periods import latest_due, year_time
from planwatch.evaluation.targets import EPS, indicator_spec, target_in_force, target_met
from planwatch.evaluation.types import Indicator

FINAL_LABELS = {
    "achieved": "已实现",
    "not_achieved": "未实现",
    "not_reported": "目标年数据未报",
}
GRADE_LABELS = {
    "achieved": "提前实现",
    "faster": "快于预期",
    "as_expected": "基本符合预期",
    "lagging": "滞后",
    "unknown": "无法评估",
}
_GRADE_OF = {
    "completed": "achieved",
    "target_achieved": "achieved",
    "ahead": "faster",
    "substantial_progress": "faster",
    "on_track": "as_expected",
    "moderate_progress": "as_expected",
    "slightly_behind": "lagging",
    "seriously_behind": "lagging",
    "regressing": "lagging",
    "limited_progress": "lagging",
    "deterioration": "lagging",
    "fair_progress": "as_expected",
    "stagnation_or_regression": "lagging",
}
Point = tuple[float, float, str]  # t on the time axis, value, period as written

DEFAULT_GRACE_DAYS = {"annual": 90, "quarterly": 30, "monthly": 20}


def grade(status: str) -> dict[str, str]:
    code = _GRADE_OF.get(status, "unknown")
    return {"grade": code, "grade_label": GRADE_LABELS[code]}


def final_verdict(
    indicator: Indicator, points: list[Point], as_of_t: float, config: EvalConfig
) -> dict[str, Any] | None:
    """The verdict on the target in force once its year has ended; None before.
    ``points``: the indicator's headline values without disaggregation, oldest first."""
    plain = cast(dict[str, Any], indicator)  # the target helpers read plain dicts
    target = target_in_force(plain.get("targets") or [], as_of_t)
    if target is None or target.get("year") is None:
        return None
    year_t = year_time(target["year"])
    if as_of_t <= year_t + EPS:
        return None
    in_year = [p for p in points if year_t - 1 + EPS < p[0] <= year_t + EPS]
    out: dict[str, Any] = {"year": target["year"], "target_value": target["value"]}
    if not in_year:
        return out | {"verdict": "not_reported", "verdict_label": FINAL_LABELS["not_reported"]}
    _, value, period = in_year[-1]
    spec = indicator_spec(plain, year_t, config)
    met = target_met(
        value,
        target["value"],
        target.get("comparator"),
        spec.direction,
        config.equal_tolerance,
    )
    verdict = "achieved" if met else "not_achieved"
    return out | {
        "verdict": verdict,
        "verdict_label": FINAL_LABELS[verdict],
        "observed_value": value,
        "observed_period": period,
        "gap": None if met else value - target["value"],
    }


def freshness(
    indicator: Indicator, points: list[Point], as_of: date, plan_end: int | None
) -> dict[str, Any] | None:
    """数据滞后 when the latest value is older than the latest period due by ``as_of``.

    The frequency and grace come from the indicator's ``reporting`` (the assignment), else
    annual with 90 days; after the plan's last year its last period stays the one due."""
    reporting = indicator.get("reporting") or {}
    frequency = reporting.get("frequency") or "annual"
    grace = reporting.get("grace_days")
    grace = DEFAULT_GRACE_DAYS.get(frequency, 90) if grace is None else int(grace)
    due = latest_due(frequency, as_of, grace)
    last_year = plan_end or max(
        (t.get("year") or 0 for t in indicator.get("targets") or []), default=0
    )
    if last_year and due.year > last_year:  # after the plan: its last period is still due
        due = latest_due(frequency, date(last_year, 12, 31))
    latest = points[-1] if points else None
    overdue = latest is None or latest[0] < due.t - EPS
    return {
        "overdue": overdue,
        "label": "数据滞后" if overdue else "数据按时",
        "due_period": due.text,
        "latest_period": None if latest is None else latest[2],
        "frequency": frequency,
        "grace_days": grace,
    }
