"""`evaluate_plan`: one plan + its observations → a run conforming to evaluation.schema.json.

Pure: the same (plan, observations, as_of, method, config) always gives the same run.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

import polars as pl

from planwatch.errors import EvaluationError
from planwatch.evaluation import (
    forecast,
    milestones,
    opensdg,
    plan_path,
    projection,
    quality,
    rollups,
    verdicts,
)
from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.labels import status_label
from planwatch.evaluation.periods import date_time, year_time
from planwatch.evaluation.plan_input import validate_plan
from planwatch.evaluation.projects import evaluate_project
from planwatch.evaluation.results import batch_result, combine, forecast_entry
from planwatch.evaluation.targets import (
    EPS,
    SeriesSpec,
    earlier_targets,
    indicator_spec,
    is_milestone,
    target_in_force,
    target_met,
    with_plan_defaults,
)
from planwatch.evaluation.types import Indicator, Plan, Run

METHODS = ("plan-path", "opensdg", "projection")
KEYS = ["indicator", "region", "series"]
SCHEMA_ID = "planwatch.evaluation/1"


def evaluate_plan(
    plan: Plan,
    observations: pl.DataFrame,
    *,
    as_of: date,
    method: str = "plan-path",
    config: EvalConfig | None = None,
    validate: bool = True,
) -> Run:
    """Evaluate every indicator, milestone and project of a plan as of a date."""
    if method not in METHODS:
        raise EvaluationError(f"未知的评估方法 {method}", f"unknown method {method}")
    config = config or EvalConfig()
    if validate:
        validate_plan(plan)
    plain = with_plan_defaults(cast(dict[str, Any], plan))  # the helpers read plain dicts
    return cast(Run, _evaluate(plain, observations, as_of, method, config))


def _evaluate(
    plan: dict[str, Any], observations: pl.DataFrame, as_of: date, method: str, config: EvalConfig
) -> dict[str, Any]:
    """The run as the helpers build it (plain dicts until they take the typed shapes too)."""
    as_of_t = date_time(as_of)
    # a fixed row order makes floating-point sums, and so the run, independent of input order
    obs = (
        _complete(observations)
        .filter(pl.col("t") <= as_of_t + EPS)
        .sort("indicator", "region", "series", "t", "state", "value", nulls_last=True)
    )
    headline = _headline(obs, plan)
    indicators = [i for i in plan["indicators"] if not is_milestone(i)]
    plan_end = (plan.get("period") or {}).get("end")
    entries = _indicator_entries(indicators, headline, as_of, method, config, plan_end)
    entries += _milestone_entries(plan, headline, as_of_t)
    order = {ind["id"]: n for n, ind in enumerate(plan["indicators"])}
    entries.sort(key=lambda e: order[e["indicator"]])
    run: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "plan": plan.get("title"),
        "as_of": as_of.isoformat(),
        "method": method,
        "indicators": entries,
        "projects": _projects(plan, obs, as_of_t, config),
    }
    run["rollups"] = rollups.outline_rollups(plan, entries)
    run["rollups"] += rollups.region_rollups(plan, obs, as_of_t, config)
    run["warnings"] = quality.warnings(plan, obs, entries, config)
    return run


def _complete(obs: pl.DataFrame) -> pl.DataFrame:
    """Frames built elsewhere (web layer, bench) need only indicator, t and value."""
    defaults = {
        "kind": pl.lit("indicator"),
        "region": pl.lit(""),
        "series": pl.lit(""),
        "state": pl.lit(None, pl.String),
        "freq": pl.lit("A"),
        "period": pl.col("t").round(4).cast(pl.String),
        "source": pl.lit(None, pl.String),
        "note": pl.lit(None, pl.String),
    }
    missing = [expr.alias(name) for name, expr in defaults.items() if name not in obs.columns]
    return obs.with_columns(missing) if missing else obs


def _headline(obs: pl.DataFrame, plan: dict[str, Any]) -> pl.DataFrame:
    """Rows for the plan's own region (no region given, or the plan's region)."""
    region = plan.get("region") or ""
    own = obs.filter(pl.col("region").is_in(["", region]))
    return own.with_columns(pl.lit("").alias("region"))


# ---------------------------------------------------------------- indicators


def _indicator_entries(
    indicators: list[dict[str, Any]],
    obs: pl.DataFrame,
    as_of: date,
    method: str,
    config: EvalConfig,
    plan_end: int | None,
) -> list[dict[str, Any]]:
    as_of_t = date_time(as_of)
    numeric = obs.filter(pl.col("kind") == "indicator", pl.col("value").is_not_null())
    specs = {ind["id"]: indicator_spec(ind, as_of_t, config) for ind in indicators}
    spec_frame = _spec_frame(indicators, specs, numeric)
    forecasts = forecast.forecast_batch(numeric, spec_frame, KEYS, config)
    series_results = series_batch(numeric, spec_frame, specs, method, config)
    fc = {k: forecast_entry(r) for k, r in _rows_by_key(forecasts).items()}
    keys_of: dict[str, list[tuple[str, str, str]]] = {}
    for key in sorted(series_results):
        keys_of.setdefault(key[0], []).append(key)
    points_of = _headline_points(numeric)
    entries = []
    for ind in indicators:
        entry = combine(ind, keys_of.get(ind["id"], []), series_results, fc, method)
        points = points_of.get(ind["id"], [])
        entry["earlier_targets"] = _earlier(ind, points, as_of_t, config)
        entry |= verdicts.grade(entry["status"])
        typed = cast(Indicator, ind)
        entry["final"] = verdicts.final_verdict(typed, points, as_of_t, config)
        entry["data"] = verdicts.freshness(typed, points, as_of, plan_end)
        entries.append(entry)
    return entries


def _headline_points(numeric: pl.DataFrame) -> dict[str, list[verdicts.Point]]:
    """Each indicator's values without disaggregation as (t, value, period), oldest first: read
    in one pass, so the per-indicator verdicts cost no frame operation each."""
    rows = (
        numeric.filter(pl.col("series") == "")
        .sort("indicator", "t", maintain_order=True)
        .select("indicator", "t", "value", "period")
    )
    out: dict[str, list[verdicts.Point]] = {}
    for ident, t, value, period in rows.iter_rows():
        out.setdefault(ident, []).append((t, value, period))
    return out


class _Partition:
    """Rows of one indicator at a time, split once (on first use) rather than filtered anew for
    each indicator: linear in the number of series, not quadratic."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self._frame = frame
        self._parts: dict[str, pl.DataFrame] | None = None

    def __getitem__(self, indicator: str) -> pl.DataFrame:
        if self._parts is None:
            parts = self._frame.partition_by("indicator", as_dict=True, maintain_order=True)
            self._parts = {key[0]: part for key, part in parts.items()}
        return self._parts.get(indicator, self._frame.clear())


def _spec_frame(
    indicators: list[dict[str, Any]], specs: dict[str, SeriesSpec], obs: pl.DataFrame
) -> pl.DataFrame:
    present = obs.select("indicator", "series").unique()
    series_of: dict[str, list[str]] = {}
    for ind_id, series in present.iter_rows():
        series_of.setdefault(ind_id, []).append(series)
    rows = []
    for ind in indicators:
        found = sorted(series_of.get(ind["id"], []))
        chosen = [""] if not found or "" in found else found
        spec = specs[ind["id"]]
        for series in chosen:
            rows.append({"indicator": ind["id"], "region": "", "series": series, **spec_row(spec)})
    schema: dict[str, Any] = {"indicator": pl.String, "region": pl.String, "series": pl.String}
    return pl.DataFrame(rows, schema=schema | plan_path.SPEC_COLUMNS)


def spec_row(spec: SeriesSpec) -> dict[str, Any]:
    return {
        "baseline_t": spec.baseline_t,
        "baseline_v": spec.baseline_v,
        "target_t": spec.target_t,
        "target_v": spec.target_v,
        "comparator": spec.comparator,
        "direction": spec.direction,
        "binding": spec.binding,
        "geometric": spec.geometric,
    }


def _rows_by_key(frame: pl.DataFrame) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(r["indicator"], r["region"], r["series"]): r for r in frame.iter_rows(named=True)}


def series_batch(
    obs: pl.DataFrame,
    spec_frame: pl.DataFrame,
    specs: dict[str, SeriesSpec],
    method: str,
    config: EvalConfig,
) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Each series' result under ``method``: plan-path and opensdg in one vectorised pass."""
    if method == "plan-path":
        results = _rows_by_key(plan_path.evaluate_batch(obs, spec_frame, KEYS, config))
        return {k: batch_result(r) for k, r in results.items()}
    if method == "opensdg":
        limits = {ind_id: spec.limit for ind_id, spec in specs.items()}
        limit = pl.col("indicator").replace_strict(limits, default=None, return_dtype=pl.Float64)
        base_year = float(config.sdg_base_year) if config.sdg_base_year else None
        frame = opensdg.evaluate_batch(
            obs, spec_frame.with_columns(limit.alias("limit")), KEYS, config, base_year
        )
        return {k: opensdg.row_result(r, config) for k, r in _rows_by_key(frame).items()}
    return _scalar_results(obs, spec_frame, specs, config)


def _scalar_results(
    obs: pl.DataFrame,
    spec_frame: pl.DataFrame,
    specs: dict[str, SeriesSpec],
    config: EvalConfig,
) -> dict[tuple[str, str, str], dict[str, Any]]:
    """projection, series by series."""
    points: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    for ind_id, region, series, t, value in obs.select(*KEYS, "t", "value").iter_rows():
        points.setdefault((ind_id, region, series), []).append((t, value))
    return {
        key: projection.evaluate_series(points.get(key, []), specs[key[0]], config)
        for key in spec_frame.select(KEYS).iter_rows()
    }


def _earlier(
    ind: dict[str, Any], points: list[verdicts.Point], as_of_t: float, config: EvalConfig
) -> list[dict[str, Any]]:
    """Each earlier target (seed 004: the 2020 one once 2025 is in force): met or not.
    ``points``: the indicator's headline values without disaggregation, oldest first."""
    targets = ind.get("targets") or []
    out = []
    for target in earlier_targets(targets, target_in_force(targets, as_of_t)):
        year_t = year_time(target["year"])
        before = [p for p in points if p[0] <= year_t + EPS]
        observed = before[-1] if before else None
        spec = indicator_spec(ind, year_t, config)
        met = None
        if observed is not None:
            value = observed[1]
            met = target_met(
                value,
                target["value"],
                target.get("comparator"),
                spec.direction,
                config.equal_tolerance,
            )
        out.append(
            {
                "year": target["year"],
                "value": target["value"],
                "comparator": target.get("comparator"),
                "observed_value": None if observed is None else observed[1],
                "observed_period": None if observed is None else observed[2],
                "met": met,
            }
        )
    return out


# ---------------------------------------------------------------- milestones and projects


def _reports(obs: _Partition, ident: str) -> list[tuple[float, str | None, float | None, str]]:
    return list(obs[ident].select("t", "state", "value", "period").iter_rows())


def _milestone_entries(plan: dict[str, Any], headline: pl.DataFrame, as_of_t: float) -> list[dict]:
    entries = []
    obs = _Partition(headline)
    period = plan.get("period") or {}
    for ind in plan["indicators"]:
        if not is_milestone(ind):
            continue
        spec = indicator_spec(ind, as_of_t, EvalConfig())
        if spec.target_t is None and isinstance(period.get("end"), int):
            spec = SeriesSpec(**{**spec.__dict__, "target_t": year_time(period["end"])})
        start = spec.baseline_t
        if start is None and isinstance(period.get("start"), int):
            start = year_time(period["start"] - 1)
        result = milestones.evaluate_milestone(_reports(obs, ind["id"]), spec, start, as_of_t)
        entries.append(
            {
                "indicator": ind["id"],
                "name": ind["name"],
                "unit": ind.get("unit"),
                "nature": ind.get("nature"),
                "section": ind.get("section"),
                "status_label": status_label(result["status"]),
                "forecast": None,
                "earlier_targets": [],
                **result,
            }
        )
    return entries


def _projects(plan: dict[str, Any], obs: pl.DataFrame, as_of_t: float, config: EvalConfig) -> list:
    own = _Partition(_headline(obs, plan).filter(pl.col("kind") == "project"))
    return [
        evaluate_project(p, _reports(own, p["id"]), as_of_t, config)
        for p in plan.get("projects", [])
    ]
