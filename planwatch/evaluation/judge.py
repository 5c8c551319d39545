""" "Is this value behind?" for one value about to be reported: the engine's plan-path status of
the series the value belongs to, with that value added, as of the end of the value's period.

The form, the API and the Excel upload ask this before they require a 滞后原因; the answer is the
status `evaluate_plan` would give the same series (a property test holds the two together).
"""

from __future__ import annotations

from typing import Any, cast

from planwatch.evaluation import plan_path
from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.periods import parse_period
from planwatch.evaluation.targets import indicator_spec, is_milestone, with_plan_defaults
from planwatch.evaluation.types import Plan, SeriesResult

# plan-path statuses that ask the reporting unit for a reason and next steps
BEHIND = frozenset({"slightly_behind", "seriously_behind", "regressing"})

_DEFAULT = EvalConfig()


def series_status(
    plan: Plan,
    indicator_id: str,
    history: list[tuple[str, float]],
    period: str,
    value: float,
    config: EvalConfig | None = None,
) -> SeriesResult:
    """The plan-path result for ``indicator_id``'s series: ``history`` (period, value) with
    ``value`` for ``period`` in place of any earlier value of that period, up to its end.

    ``plan`` needs only ``period``, ``base_year`` and the indicator (the web passes a plan
    document with that one indicator)."""
    config = config or _DEFAULT
    doc = with_plan_defaults(cast(dict[str, Any], plan))
    indicator = next(i for i in doc["indicators"] if i["id"] == indicator_id)
    if is_milestone(indicator):
        return {"status": "not_available", "score": None, "progress": None, "components": {}}
    at = parse_period(period)
    points = {p.text: (p.t, v) for p, v in ((parse_period(p), v) for p, v in history)}
    points[at.text] = (at.t, float(value))
    upto = [pt for pt in points.values() if pt[0] <= at.t + 1e-9]
    spec = indicator_spec(indicator, at.t, config)
    return cast(SeriesResult, plan_path.evaluate_series(upto, spec, config))


def is_behind(result: SeriesResult | dict[str, Any]) -> bool:
    return result.get("status") in BEHIND


def needs_history(indicator: dict[str, Any]) -> bool:
    """Whether earlier values change the answer: plan-path reads the latest value and the
    baseline, and only an indicator without a dated baseline reads its first observation."""
    baseline = indicator.get("baseline") or {}
    return baseline.get("value") is None or baseline.get("year") is None
