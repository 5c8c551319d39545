"""`plan-path`: completion against elapsed time, the way Chinese plan evaluations are done.

Definition (all times on the axis of `periods`: the value for year Y sits at Y, quarter q of Y at
Y − 1 + q/4, month m at Y − 1 + m/12, a baseline or target year at its end):

* v0, t0 — the plan's baseline; without one, the first observation (components say so:
  ``baseline_source = "first_observation"``). vT, T — the target in force (see `targets`).
  v, t — the latest observation up to the as-of date.
* elapsed τ = clamp((t − t0) / (T − t0), 0, 1): measured at the latest observation, because the
  value describes that moment, not the as-of date.
* completion c = (v − v0) / (vT − v0) on a linear path; on a geometric path (compounding
  quantities: money units such as 亿元, names with 产值/增加值/收入/规模, or ``"path":
  "geometric"``) c = ln(v/v0) / ln(vT/v0) — linear instead when v0 or vT is not positive; a
  current value ≤ 0 on a geometric path has no completion and counts as 倒退 (score −5).
  The expected value is v0 + τ(vT − v0), or v0·(vT/v0)^τ on a geometric path.
* status, first match wins (tolerances from EvalConfig; 约束性 in brackets):
  已完成 completed — target met under its comparator (≥ ≤ = > <; none: by direction) or c ≥ 1;
  超前 ahead — c − τ ≥ 0.10; 符合进度 on_track — c ≥ τ − 0.05 (τ − 0.02);
  略有滞后 slightly_behind — c ≥ τ − 0.20 (τ − 0.10); 明显滞后 seriously_behind — c ≥ 0;
  倒退 regressing — c < 0; 无法评估 not_available — no observation, no target, a single point
  without a baseline, or T ≤ t0. When vT = v0, c is undefined: met → 已完成, else → 倒退.
* progress = c/τ (null when τ = 0); score in [−5, 5]: 5 when completed, else 5·clamp(c/τ, −1, 1)
  (τ = 0: 5 if c ≥ 0 else −5; vT = v0 and not met: −5).

`evaluate_series` is the scalar reference; `evaluate_batch` is the vectorised Polars path used for
national-scale data, and the tests hold the two to the same answers.
"""

from __future__ import annotations

import math
from typing import Any

import polars as pl

from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.targets import EPS, SeriesSpec, target_met, target_met_expr

STATUSES = (
    "completed",
    "ahead",
    "on_track",
    "slightly_behind",
    "seriously_behind",
    "regressing",
    "not_available",
)


def tolerances(binding: bool, config: EvalConfig) -> tuple[float, float]:
    if binding:
        return config.binding_on_track_tolerance, config.binding_lag_tolerance
    return config.on_track_tolerance, config.lag_tolerance


def evaluate_series(
    points: list[tuple[float, float]], spec: SeriesSpec, config: EvalConfig
) -> dict[str, Any]:
    """Status, score, progress and components for one series (points already up to as-of)."""
    points = sorted(points)
    on_tol, lag_tol = tolerances(spec.binding, config)
    comps: dict[str, Any] = {
        "n_points": len(points),
        "target_year_t": spec.target_t,
        "target_value": spec.target_v,
        "comparator": spec.comparator,
        "direction": "increase" if spec.direction > 0 else "decrease",
        "binding": spec.binding,
        "thresholds": {
            "ahead_margin": config.ahead_margin,
            "on_track_tolerance": on_tol,
            "lag_tolerance": lag_tol,
        },
    }
    reason = _unavailable_reason(points, spec)
    if reason is not None:
        return _result("not_available", None, None, comps | {"reason": reason})
    t0, v0, source = _baseline(points, spec)
    tc, vc = points[-1]
    assert spec.target_t is not None and spec.target_v is not None
    if spec.target_t <= t0:
        return _result("not_available", None, None, comps | {"reason": "target_not_after_baseline"})
    tau = min(max((tc - t0) / (spec.target_t - t0), 0.0), 1.0)
    geometric = spec.geometric and v0 > 0 and spec.target_v > 0
    c, expected = _completion(v0, vc, spec.target_v, tau, geometric)
    met = target_met(vc, spec.target_v, spec.comparator, spec.direction, config.equal_tolerance)
    status = classify(c, tau, met, on_tol, lag_tol, config.ahead_margin)
    comps |= {
        "baseline_t": t0,
        "baseline_value": v0,
        "baseline_source": source,
        "current_t": tc,
        "current_value": vc,
        "elapsed": tau,
        "completion": c,
        "expected_value": expected,
        "gap_to_expected": vc - expected,
        "target_met": met,
        "path": "geometric" if geometric else "linear",
    }
    if spec.geometric and not geometric:
        comps["path_note"] = "geometric path impossible with a non-positive baseline or target"
    if geometric and vc <= 0:
        comps["path_note"] = "non-positive value on a geometric path: completion undefined"
    progress = None if c is None or tau <= 0 else c / tau
    return _result(status, score_of(status, c, tau), progress, comps)


def _unavailable_reason(points: list[tuple[float, float]], spec: SeriesSpec) -> str | None:
    if spec.target_v is None or spec.target_t is None:
        return "no_target"
    if not points:
        return "no_data"
    if spec.baseline_v is None and len(points) < 2:
        return "one_point_without_baseline"
    return None


def _baseline(points: list[tuple[float, float]], spec: SeriesSpec) -> tuple[float, float, str]:
    if spec.baseline_v is not None and spec.baseline_t is not None:
        return spec.baseline_t, spec.baseline_v, "plan"
    if spec.baseline_v is not None:  # baseline value without a year: the first observation's time
        return points[0][0], spec.baseline_v, "plan_value_first_observation_time"
    return points[0][0], points[0][1], "first_observation"


def _completion(
    v0: float, vc: float, vt: float, tau: float, geometric: bool
) -> tuple[float | None, float]:
    if vt == v0:
        return None, v0
    if geometric:
        # differences of logarithms, not logarithms of ratios: no overflow for tiny baselines
        log_v0, log_vt = math.log(v0), math.log(vt)
        expected = math.exp(log_v0 + tau * (log_vt - log_v0))
        if vc <= 0:  # ln(v/v0) → −∞: the worst completion there is (倒退, score −5)
            return None, expected
        return (math.log(vc) - log_v0) / (log_vt - log_v0), expected
    return (vc - v0) / (vt - v0), v0 + tau * (vt - v0)


def classify(
    c: float | None, tau: float, met: bool, on_tol: float, lag_tol: float, ahead: float
) -> str:
    if met or (c is not None and c >= 1 - EPS):
        return "completed"
    if c is None:
        return "regressing"
    if c - tau >= ahead - EPS:
        return "ahead"
    if c >= tau - on_tol - EPS:
        return "on_track"
    if c >= tau - lag_tol - EPS:
        return "slightly_behind"
    if c >= 0:
        return "seriously_behind"
    return "regressing"


def score_of(status: str, c: float | None, tau: float) -> float | None:
    if status == "not_available":
        return None
    if status == "completed":
        return 5.0
    if c is None:
        return -5.0
    if tau <= 0:
        return 5.0 if c >= 0 else -5.0
    return 5.0 * min(max(c / tau, -1.0), 1.0)


def _result(
    status: str, score: float | None, progress: float | None, comps: dict[str, Any]
) -> dict[str, Any]:
    return {"status": status, "score": score, "progress": progress, "components": comps}


# ---------------------------------------------------------------- batch (Polars)


SPEC_COLUMNS = {
    "baseline_t": pl.Float64,
    "baseline_v": pl.Float64,
    "target_t": pl.Float64,
    "target_v": pl.Float64,
    "comparator": pl.String,
    "direction": pl.Int8,
    "binding": pl.Boolean,
    "geometric": pl.Boolean,
}


def evaluate_batch(
    observations: pl.LazyFrame | pl.DataFrame,
    specs: pl.LazyFrame | pl.DataFrame,
    keys: list[str],
    config: EvalConfig,
) -> pl.DataFrame:
    """plan-path for every series in `specs`; see `evaluate_lazy`."""
    return evaluate_lazy(observations, specs, keys, config).collect()


def evaluate_lazy(
    observations: pl.LazyFrame | pl.DataFrame,
    specs: pl.LazyFrame | pl.DataFrame,
    keys: list[str],
    config: EvalConfig,
) -> pl.LazyFrame:
    """plan-path for every series in `specs` (keys + SPEC_COLUMNS); observations: keys, t, value.

    Observations must already be limited to the as-of date. Returns one row per spec row with
    status, score, progress and the intermediate values of `evaluate_series`.
    """
    aggs = [
        pl.len().alias("n_points"),
        pl.col("t").min().alias("first_t"),
        pl.col("value").sort_by("t").first().alias("first_v"),
        pl.col("t").max().alias("current_t"),
        pl.col("value").sort_by("t").last().alias("current_value"),
    ]
    if "period" in observations.lazy().collect_schema().names():
        aggs.append(pl.col("period").sort_by("t").last().alias("current_period"))
    latest = observations.lazy().group_by(keys).agg(*aggs)
    frame = (
        specs.lazy().join(latest, on=keys, how="left").with_columns(pl.col("n_points").fill_null(0))
    )
    frame = frame.with_columns(*_baseline_exprs()).with_columns(*_path_exprs())
    frame = frame.with_columns(
        target_met_expr(pl.col("current_value"), config).alias("target_met"),
        *_tolerance_exprs(config),
    )
    frame = frame.with_columns(_status_expr(config).alias("status"))
    return frame.with_columns(_score_expr().alias("score"), _progress_expr().alias("progress"))


def _baseline_exprs() -> list[pl.Expr]:
    has_plan = pl.col("baseline_v").is_not_null()
    has_year = has_plan & pl.col("baseline_t").is_not_null()
    return [
        pl.when(has_year).then(pl.col("baseline_t")).otherwise(pl.col("first_t")).alias("t0"),
        pl.when(has_plan).then(pl.col("baseline_v")).otherwise(pl.col("first_v")).alias("v0"),
        pl.when(has_year)
        .then(pl.lit("plan"))
        .when(has_plan)
        .then(pl.lit("plan_value_first_observation_time"))
        .otherwise(pl.lit("first_observation"))
        .alias("baseline_source"),
    ]


def _path_exprs() -> list[pl.Expr]:
    v0, vc, vt = pl.col("v0"), pl.col("current_value"), pl.col("target_v")
    span = pl.col("target_t") - pl.col("t0")
    tau = ((pl.col("current_t") - pl.col("t0")) / span).clip(0.0, 1.0)
    geometric = pl.col("geometric") & (v0 > 0) & (vt > 0)
    log_v0, log_span = v0.log(), vt.log() - v0.log()
    linear_c = (vc - v0) / (vt - v0)
    geo_c = (vc.log() - log_v0) / log_span
    same = vt == v0
    return [
        tau.alias("elapsed"),
        geometric.alias("geometric_used"),
        pl.when(same | (geometric & (vc <= 0)))
        .then(None)
        .when(geometric)
        .then(geo_c)
        .otherwise(linear_c)
        .alias("completion"),
        pl.when(same)
        .then(v0)
        .when(geometric)
        .then((log_v0 + tau * log_span).exp())
        .otherwise(v0 + tau * (vt - v0))
        .alias("expected_value"),
    ]


def _tolerance_exprs(config: EvalConfig) -> list[pl.Expr]:
    binding = pl.col("binding").fill_null(False)
    return [
        pl.when(binding)
        .then(config.binding_on_track_tolerance)
        .otherwise(config.on_track_tolerance)
        .alias("on_track_tolerance"),
        pl.when(binding)
        .then(config.binding_lag_tolerance)
        .otherwise(config.lag_tolerance)
        .alias("lag_tolerance"),
        pl.lit(config.ahead_margin).alias("ahead_margin"),
    ]


def _status_expr(config: EvalConfig) -> pl.Expr:
    c, tau = pl.col("completion"), pl.col("elapsed")
    unavailable = (
        pl.col("target_v").is_null()
        | pl.col("target_t").is_null()
        | (pl.col("n_points") == 0)
        | (pl.col("baseline_v").is_null() & (pl.col("n_points") < 2))
        | (pl.col("target_t") <= pl.col("t0"))
    )
    return (
        pl.when(unavailable)
        .then(pl.lit("not_available"))
        .when(pl.col("target_met") | (c >= 1 - EPS))
        .then(pl.lit("completed"))
        .when(c.is_null())
        .then(pl.lit("regressing"))
        .when(c - tau >= config.ahead_margin - EPS)
        .then(pl.lit("ahead"))
        .when(c >= tau - pl.col("on_track_tolerance") - EPS)
        .then(pl.lit("on_track"))
        .when(c >= tau - pl.col("lag_tolerance") - EPS)
        .then(pl.lit("slightly_behind"))
        .when(c >= 0)
        .then(pl.lit("seriously_behind"))
        .otherwise(pl.lit("regressing"))
    )


def _score_expr() -> pl.Expr:
    c, tau, status = pl.col("completion"), pl.col("elapsed"), pl.col("status")
    return (
        pl.when(status == "not_available")
        .then(None)
        .when(status == "completed")
        .then(5.0)
        .when(c.is_null())
        .then(-5.0)
        .when(tau <= 0)
        .then(pl.when(c >= 0).then(5.0).otherwise(-5.0))
        .otherwise(5.0 * (c / tau).clip(-1.0, 1.0))
    )


def _progress_expr() -> pl.Expr:
    c, tau = pl.col("completion"), pl.col("elapsed")
    available = pl.col("status") != "not_available"
    return pl.when(available & c.is_not_null() & (tau > 0)).then(c / tau).otherwise(None)
