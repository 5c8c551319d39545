"""Target decomposition (细化分解目标任务): a plan region's target split over its lower regions.

A lower region's series is judged against its own share (its own baseline and target, the
plan's target year and comparator), never against the whole region's target; for an additive
indicator the shares are checked against the whole.
"""

from __future__ import annotations

from typing import Any

from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.rollups import aggregation_of
from planwatch.evaluation.targets import EPS, target_in_force

_DEFAULT = EvalConfig()


def share_indicator(indicator: dict[str, Any], share: dict[str, Any]) -> dict[str, Any]:
    """The indicator as one lower region's share: ``share`` holds ``year`` (target year),
    ``target`` and optionally ``baseline`` (value in the plan's base year)."""
    baseline = indicator.get("baseline") or {}
    base_value = share.get("baseline")
    targets = [
        {**t, "value": share["target"]}
        for t in indicator.get("targets") or []
        if t.get("year") == share["year"]
    ]
    return {
        **indicator,
        "baseline": None
        if base_value is None
        else {"year": baseline.get("year"), "value": float(base_value)},
        "targets": targets,
    }


def shares_add_up(
    indicator: dict[str, Any], shares: list[dict[str, Any]], config: EvalConfig | None = None
) -> dict[str, Any] | None:
    """For an additive indicator: the shares' sum for the target year against the whole
    target; None when the indicator does not add up over regions or has no target."""
    config = config or _DEFAULT
    if aggregation_of(indicator, config) != "sum" or not shares:
        return None
    year = shares[0]["year"]
    whole = next(
        (t for t in indicator.get("targets") or [] if t.get("year") == year),
        target_in_force(indicator.get("targets") or [], float(year)),
    )
    if whole is None:
        return None
    total = sum(float(s["target"]) for s in shares if s["year"] == year)
    slack = EPS * max(1.0, abs(whole["value"]))
    return {
        "year": year,
        "sum": total,
        "whole": whole["value"],
        "difference": total - whole["value"],
        "adds_up": abs(total - whole["value"]) <= slack,
        "exceeds": total > whole["value"] + slack,
    }
