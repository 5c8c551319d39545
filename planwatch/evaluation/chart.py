"""The numbers an indicator chart draws, all from the engine: each value at its place on the
time axis (`periods`), the plan path the engine judged against (linear or geometric, toward the
target in force at each moment), the forecast to the target year with its interval, and the
targets (adjusted ones marked). A chart, a table and a status built from the same run agree.
"""

from __future__ import annotations

import math
from typing import Any, cast

from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.periods import parse_period, year_time
from planwatch.evaluation.targets import EPS, indicator_spec, with_plan_defaults
from planwatch.evaluation.types import IndicatorResult, Plan

_STEPS_PER_YEAR = 4  # path points each quarter: a geometric path shows its curve


def expected_on_path(v0: float, vt: float, tau: float, geometric: bool) -> float:
    """plan-path's expected value at elapsed share τ (geometric only for positive ends)."""
    if geometric and v0 > 0 and vt > 0:
        return math.exp(math.log(v0) + tau * (math.log(vt) - math.log(v0)))
    return v0 + tau * (vt - v0)


def indicator_chart(
    plan: Plan,
    indicator_id: str,
    official: list[tuple[str, float]],
    entry: IndicatorResult | None,
    config: EvalConfig | None = None,
) -> dict[str, Any]:
    """Chart data for one indicator: ``official`` is its plan-region series (period, value);
    ``entry`` the indicator's result in the run (for the forecast). Times are years on the
    shared axis (2023.0 = end of 2023, 2023-Q2 = 2022.5)."""
    config = config or EvalConfig()
    doc = with_plan_defaults(cast(dict[str, Any], plan))
    ind = next(i for i in doc["indicators"] if i["id"] == indicator_id)
    actual = sorted((parse_period(p).t, float(v), parse_period(p).text) for p, v in official)
    return {
        "actual": [[t, v, text] for t, v, text in actual],
        "path": path_points(ind, config),
        "targets": [
            [year_time(t["year"]), t["value"], bool(t.get("adjusted"))]
            for t in ind.get("targets") or []
            if t.get("year") is not None and t.get("value") is not None
        ],
        "forecast": _forecast(actual, None if entry is None else entry.get("forecast")),
        "table": [
            {"period": text, "t": t, "value": v, "path": path_at(ind, t, config)}
            for t, v, text in actual
        ],
    }


def path_points(indicator: dict[str, Any], config: EvalConfig) -> list[list[float]]:
    """(t, expected value) from the baseline to the last target, toward the target in force."""
    baseline = indicator.get("baseline") or {}
    years = sorted(t["year"] for t in indicator.get("targets") or [] if t.get("year") is not None)
    if baseline.get("value") is None or baseline.get("year") is None or not years:
        return []
    t0, end = year_time(baseline["year"]), year_time(years[-1])
    steps = max(round((end - t0) * _STEPS_PER_YEAR), 1)
    points = []
    for k in range(steps + 1):
        t = t0 + (end - t0) * k / steps
        value = path_at(indicator, t, config)
        if value is not None:
            points.append([t, value])
    return points


def path_at(indicator: dict[str, Any], t: float, config: EvalConfig) -> float | None:
    """The plan path's expected value at time t: from the plan baseline toward the target in
    force at t, as plan-path computes ``expected_value``; None without baseline or target."""
    baseline = indicator.get("baseline") or {}
    if baseline.get("value") is None or baseline.get("year") is None:
        return None
    t0 = year_time(baseline["year"])
    spec = indicator_spec(indicator, t, config)
    if spec.target_t is None or spec.target_v is None or spec.target_t <= t0 + EPS:
        return None
    tau = min(max((t - t0) / (spec.target_t - t0), 0.0), 1.0)
    return expected_on_path(float(baseline["value"]), spec.target_v, tau, spec.geometric)


def _forecast(
    actual: list[tuple[float, float, str]], forecast: dict[str, Any] | None
) -> dict | None:
    """From the latest value to the forecast at the target year, with its interval."""
    forecast = forecast or {}
    year, value = forecast.get("target_year"), forecast.get("linear_value")
    if not actual or year is None or value is None:
        return None
    last_t, last_v, _ = actual[-1]
    if year_time(year) <= last_t + EPS:
        return None
    return {
        "line": [[last_t, last_v], [year_time(year), value]],
        "interval": forecast.get("interval"),
        "verdict": forecast.get("verdict"),
    }
