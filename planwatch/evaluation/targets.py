"""From a plan indicator to what the methods need: baseline, the target in force, direction.

The target in force is the first target whose year has not ended by the as-of date (seed 004 has
2020 and 2025 targets: after 2020 the 2025 one counts); once all have passed, the last one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import polars as pl

from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.periods import year_time

EPS = 1e-9
_MILESTONE_NAME = re.compile(r"^(建成|实现|完成|建立|形成|推进|开通|覆盖)|全覆盖|建成")


@dataclass(frozen=True)
class SeriesSpec:
    """What one series is measured against. Times on the axis of `periods`."""

    baseline_t: float | None
    baseline_v: float | None
    target_t: float | None
    target_v: float | None
    comparator: str | None
    direction: int  # +1 increase desirable, −1 decrease desirable
    binding: bool  # 约束性: binding target, stricter thresholds
    geometric: bool  # compounding quantity: geometric path
    limit: float | None = None  # natural limit for opensdg without target


def indicator_spec(indicator: dict[str, Any], as_of_t: float, config: EvalConfig) -> SeriesSpec:
    baseline = indicator.get("baseline") or {}
    target = target_in_force(indicator.get("targets") or [], as_of_t)
    base_v = baseline.get("value")
    base_year = baseline.get("year")
    target_v = None if target is None else target.get("value")
    comparator = None if target is None else target.get("comparator")
    target_year = None if target is None else target.get("year")
    return SeriesSpec(
        baseline_t=None if base_year is None or base_v is None else year_time(base_year),
        baseline_v=None if base_year is None else base_v,
        target_t=None if target_year is None else year_time(target_year),
        target_v=target_v,
        comparator=comparator,
        direction=direction_of(indicator, base_v, target_v, comparator),
        binding=indicator.get("nature") == "约束性",
        geometric=is_geometric(indicator, config),
        limit=indicator.get("limit"),
    )


def target_in_force(targets: list[dict[str, Any]], as_of_t: float) -> dict[str, Any] | None:
    dated = sorted((t for t in targets if t.get("year") is not None), key=lambda t: t["year"])
    for target in dated:
        if year_time(target["year"]) >= as_of_t - EPS:
            return target
    if dated:
        return dated[-1]
    return targets[0] if targets else None


def earlier_targets(targets: list[dict[str, Any]], in_force: dict[str, Any] | None) -> list[dict]:
    if in_force is None or in_force.get("year") is None:
        return []
    return sorted(
        (t for t in targets if t.get("year") is not None and t["year"] < in_force["year"]),
        key=lambda t: t["year"],
    )


def direction_of(
    indicator: dict[str, Any], base: float | None, target: float | None, comparator: str | None
) -> int:
    """Explicit direction, else baseline → target, else the comparator, else increase."""
    explicit = indicator.get("direction")
    if explicit in ("increase", "decrease"):
        return 1 if explicit == "increase" else -1
    if base is not None and target is not None and base != target:
        return 1 if target > base else -1
    if comparator in ("<=", "<"):
        return -1
    return 1


def is_geometric(indicator: dict[str, Any], config: EvalConfig) -> bool:
    path = indicator.get("path")
    if path in ("linear", "geometric"):
        return bool(path == "geometric")
    unit = indicator.get("unit") or ""
    name = indicator.get("name") or ""
    return unit in config.geometric_units or any(w in name for w in config.geometric_name_words)


def is_milestone(indicator: dict[str, Any]) -> bool:
    """建成… / 实现全覆盖: ``"kind": "milestone"``, or no unit, such a name and a 0/1 target."""
    kind = indicator.get("kind")
    if kind is not None:
        return bool(kind == "milestone")
    if indicator.get("unit") not in (None, ""):
        return False
    if any(t.get("value") not in (0, 1) for t in indicator.get("targets") or []):
        return False
    return bool(_MILESTONE_NAME.search(indicator.get("name") or ""))


def with_plan_defaults(plan: dict[str, Any]) -> dict[str, Any]:
    """The plan with years an indicator leaves open taken from the plan, noted in `_assumed`.

    A baseline without a year gets the plan's base_year (else the year before the plan starts);
    a target without a year gets the plan's last year.
    """
    period = plan.get("period") or {}
    start, end = period.get("start"), period.get("end")
    base_year = plan.get("base_year")
    if base_year is None and isinstance(start, int):
        base_year = start - 1
    indicators = []
    for ind in plan.get("indicators", []):
        ind = dict(ind)
        assumed = []
        baseline = ind.get("baseline")
        if baseline and baseline.get("year") is None and base_year is not None:
            ind["baseline"] = {**baseline, "year": base_year}
            assumed.append("baseline_year")
        targets = ind.get("targets") or []
        if any(t.get("year") is None for t in targets) and isinstance(end, int):
            ind["targets"] = [
                t if t.get("year") is not None else {**t, "year": end} for t in targets
            ]
            assumed.append("target_year")
        if any(t.get("relative") for t in ind.get("targets") or []):
            ind["targets"] = resolve_relative(ind.get("targets") or [], ind.get("baseline"))
            assumed.append("relative_target")
        ind["_assumed"] = assumed
        indicators.append(ind)
    return {**plan, "indicators": indicators}


def resolve_relative(targets: list[dict[str, Any]], baseline: dict[str, Any] | None) -> list[dict]:
    """Targets stated against the baseline (翻一番, 增长15%, 年均增长15%) as absolute values.

    Without a baseline a relative target cannot be placed on a value scale, so it is left out
    of the evaluation (the plan keeps it); the absolute targets beside it still count.
    """
    resolved = []
    for target in targets:
        relative = target.get("relative")
        if not relative:
            resolved.append(target)
            continue
        if not baseline or baseline.get("value") is None:
            continue
        base = float(baseline["value"])
        kind = relative.get("kind")
        if kind == "multiple":
            value = base * float(relative["factor"])
        elif kind == "increase_pct":
            value = base * (1 + float(relative["rate"]) / 100)
        elif kind == "increase_points":
            value = base + float(relative["points"])
        elif kind == "annual_growth_pct" and baseline.get("year") and target.get("year"):
            years = int(target["year"]) - int(baseline["year"])
            value = base * (1 + float(relative["rate"]) / 100) ** years
        else:
            continue
        resolved.append({**target, "value": value, "resolved_from": relative})
    return resolved


def target_met(
    value: float, target: float, comparator: str | None, direction: int, tolerance: float
) -> bool:
    """Whether a value meets a target under its comparator (direction when none is given)."""
    op = comparator or (">=" if direction > 0 else "<=")
    slack = EPS * max(1.0, abs(target))
    if op == ">=":
        return value >= target - slack
    if op == ">":
        return value > target
    if op == "<=":
        return value <= target + slack
    if op == "<":
        return value < target
    return abs(value - target) <= tolerance * (abs(target) if target != 0 else 1.0) + slack


def target_met_expr(value: pl.Expr, config: EvalConfig) -> pl.Expr:
    """``target_met`` over a frame: ``value`` against the columns target_v, comparator and
    direction (a missing comparator means at least / at most the target by direction)."""
    t = pl.col("target_v")
    slack = EPS * pl.max_horizontal(pl.lit(1.0), t.abs())
    op = pl.col("comparator").fill_null(
        pl.when(pl.col("direction") > 0).then(pl.lit(">=")).otherwise(pl.lit("<="))
    )
    eq_tol = config.equal_tolerance * pl.when(t != 0).then(t.abs()).otherwise(1.0) + slack
    return (
        pl.when(op == ">=")
        .then(value >= t - slack)
        .when(op == ">")
        .then(value > t)
        .when(op == "<=")
        .then(value <= t + slack)
        .when(op == "<")
        .then(value < t)
        .otherwise((value - t).abs() <= eq_tol)
    )
