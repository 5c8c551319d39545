"""Milestone targets (建成…, 实现全覆盖): status from the latest reported state and the deadline.

done → 已完成; otherwise, once the target year has ended → 明显滞后; not started after half the
plan period → 略有滞后; else → 符合进度; no report → 无法评估. Scores 5 / 2.5 / 0 / −2.5.
A numeric report counts as done when it meets the target value, in progress when above zero.
"""

from __future__ import annotations

from typing import Any

from planwatch.evaluation.states import DONE, IN_PROGRESS, NOT_STARTED, STATE_LABELS
from planwatch.evaluation.targets import EPS, SeriesSpec, target_met

NOT_STARTED_LAG = 0.5  # not started after this share of the period → 略有滞后
SCORES = {"completed": 5.0, "on_track": 2.5, "slightly_behind": 0.0, "seriously_behind": -2.5}


def report_state(state: str | None, value: float | None, spec: SeriesSpec) -> str | None:
    if state is not None:
        return state
    if value is None:
        return None
    if spec.target_v is not None and target_met(value, spec.target_v, spec.comparator, 1, 0.0):
        return DONE
    return IN_PROGRESS if value > 0 else NOT_STARTED


def evaluate_milestone(
    reports: list[tuple[float, str | None, float | None, str]],
    spec: SeriesSpec,
    start_t: float | None,
    as_of_t: float,
) -> dict[str, Any]:
    """reports: (t, state, value, period) up to as-of."""
    comps: dict[str, Any] = {
        "kind": "milestone",
        "deadline_t": spec.target_t,
        "start_t": start_t,
        "as_of_t": as_of_t,
        "reports": len(reports),
        "thresholds": {"not_started_lag_elapsed": NOT_STARTED_LAG, "scores": SCORES},
    }
    if not reports:
        return {"status": "not_available", "score": None, "progress": None, "components": comps}
    _t, state, value, period = max(reports, key=lambda r: r[0])
    code = report_state(state, value, spec) or NOT_STARTED
    comps |= {"latest_period": period, "reported_state": code, "reported_label": STATE_LABELS[code]}
    deadline = spec.target_t
    tau = None
    if deadline is not None and start_t is not None and deadline > start_t:
        tau = min(max((as_of_t - start_t) / (deadline - start_t), 0.0), 1.0)
    comps["elapsed"] = tau
    status = _status(code, deadline, tau, as_of_t)
    return {"status": status, "score": SCORES[status], "progress": None, "components": comps}


def _status(code: str, deadline: float | None, tau: float | None, as_of_t: float) -> str:
    if code == DONE:
        return "completed"
    if deadline is not None and as_of_t > deadline + EPS:
        return "seriously_behind"
    if code == NOT_STARTED and tau is not None and tau >= NOT_STARTED_LAG:
        return "slightly_behind"
    return "on_track"
