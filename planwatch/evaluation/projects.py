"""Key projects: schedule status, investment completion against elapsed time, a RAG rating.

Reports are observation rows whose indicator is the project (id or name): a state word
(未开工 / 在建 / 已完工 …) or a number, the cumulative investment completed in the project's
investment unit. Schedule: 已完工 finished when reported done; 逾期 overdue when not done after
end_year; 在建 in_progress when reported started or any investment is reported; else 未开工.
A project with no progress report at all is 未报送 (not_reported) with no rating: the plan's
schedule alone says nothing about what was built.
Investment: c = invested / planned (period investment, else total) against elapsed
τ = (t − (start_year − 1)) / (end_year − start_year + 1), classified like plan-path (预期性).
Rating: red — overdue, 明显滞后 or 倒退, or not started after its end year has begun;
amber — 略有滞后, or not started after its start year; green — otherwise; null when nothing is
known and the project has not begun.
"""

from __future__ import annotations

from typing import Any

from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.labels import status_label
from planwatch.evaluation.plan_path import classify
from planwatch.evaluation.states import DONE, IN_PROGRESS
from planwatch.evaluation.targets import EPS

Report = tuple[float, str | None, float | None, str]  # t, state, value, period


def evaluate_project(
    project: dict[str, Any], reports: list[Report], as_of_t: float, config: EvalConfig
) -> dict[str, Any]:
    reports = sorted(reports, key=lambda r: r[0])
    states = [r[1] for r in reports if r[1] is not None]
    amounts = [r for r in reports if r[2] is not None]
    start, end = project.get("start_year"), project.get("end_year")
    schedule = _schedule(states, amounts, end, as_of_t) if reports else "not_reported"
    investment = _investment(project, amounts, config)
    rating = _rating(schedule, investment, start, end, as_of_t) if reports else None
    return {
        "project": project["id"],
        "name": project["name"],
        "schedule_status": schedule,
        "schedule_label": status_label(schedule),
        "investment": investment,
        "rating": rating,
        "components": {
            "start_year": start,
            "end_year": end,
            "reports": len(reports),
            "latest_state": states[-1] if states else None,
            "as_of_t": as_of_t,
        },
    }


def _schedule(states: list[str], amounts: list[Report], end: int | None, as_of_t: float) -> str:
    latest = states[-1] if states else None
    if latest == DONE:
        return "finished"
    if end is not None and as_of_t > end + EPS:
        return "overdue"
    if latest == IN_PROGRESS or any((r[2] or 0) > 0 for r in amounts):
        return "in_progress"
    return "not_started"


def _investment(project: dict[str, Any], amounts: list[Report], config: EvalConfig) -> dict | None:
    planned = project.get("period_investment") or project.get("total_investment")
    start, end = project.get("start_year"), project.get("end_year")
    if not amounts or not planned or start is None or end is None or end < start:
        return None
    t, _, invested, period = amounts[-1]
    assert invested is not None
    tau = min(max((t - (start - 1)) / (end - start + 1), 0.0), 1.0)
    c = invested / planned
    status = classify(
        c, tau, c >= 1, config.on_track_tolerance, config.lag_tolerance, config.ahead_margin
    )
    return {
        "planned": planned,
        "invested": invested,
        "unit": project.get("investment_unit"),
        "period": period,
        "completion": c,
        "elapsed": tau,
        "status": status,
        "status_label": status_label(status),
        "thresholds": {
            "ahead_margin": config.ahead_margin,
            "on_track_tolerance": config.on_track_tolerance,
            "lag_tolerance": config.lag_tolerance,
        },
    }


def _rating(
    schedule: str,
    investment: dict | None,
    start: int | None,
    end: int | None,
    as_of_t: float,
) -> str | None:
    money = None if investment is None else investment["status"]
    if schedule == "finished":
        return "green"
    if schedule == "overdue" or money in ("seriously_behind", "regressing"):
        return "red"
    if schedule == "not_started" and end is not None and as_of_t > end - 1 + EPS:
        return "red"
    late_start = schedule == "not_started" and start is not None and as_of_t > start + EPS
    if money == "slightly_behind" or late_start:
        return "amber"
    return "green"
