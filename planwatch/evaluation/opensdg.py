"""`opensdg`: the growth-rate progress measure of Open SDG / sdg-build (Statistics Canada).

Implemented from the definition in DESIGN.md ("Evaluation methods", 2): CAGR(v1, v0, t1, t0) =
(v1/v0)^(1/(t1 − t0)) − 1; s = −1 for a negative base value; d = ±1 for the desirable direction;
base and target values of 0 become 0.001. The base year is the plan's baseline year (or the
configured one, else the first year with data); when it has no data, the next year after it that
has data. not_available: no data, fewer than two years, base year not before the latest year,
base and current (or target) of opposite signs. target_achieved (score 5) overrides the status the
growth rates give; P is reported all the same where it is defined, as sdg-build reports it.
The plan's baseline value joins the series as a data point when no observation has its year.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.targets import EPS, SeriesSpec

LIMIT_EXPONENT = 4.44


def cagr(v1: float, v0: float, t1: float, t0: float) -> float:
    return float((v1 / v0) ** (1 / (t1 - t0)) - 1)


def limit_scale(base: float, limit: float | None) -> float:
    """C: 1 far from the limit, falling to 0 at it (sdg-build's limit adjustment)."""
    if limit is None:
        return 1.0
    b, lim = abs(base), abs(limit)
    if b >= 2 * lim:
        return 1.0
    if b <= lim:
        return 1 - (b / lim) ** LIMIT_EXPONENT
    return 1 - ((2 * lim - b) / lim) ** LIMIT_EXPONENT


def evaluate_series(
    points: list[tuple[float, float]],
    spec: SeriesSpec,
    config: EvalConfig,
    base_year_t: float | None = None,
) -> dict[str, Any]:
    """Status, score (−5…5) and P for one series; `base_year_t` overrides the plan's base year."""
    pts = _with_baseline(points, spec)
    comps: dict[str, Any] = {"n_points": len(pts), "zero_replacement": config.sdg_zero_replacement}
    chosen = _choose_base(pts, base_year_t if base_year_t is not None else spec.baseline_t)
    if isinstance(chosen, str):
        return _na(comps | {"reason": chosen})
    (t0, b_raw), (tc, current) = chosen, pts[-1]
    d = spec.direction
    comps |= {"base_t": t0, "base_value": b_raw, "current_t": tc, "current_value": current}
    comps |= {"direction": d}
    result = _measure(b_raw, current, tc, t0, d, spec, config, comps)
    if spec.target_v is not None and _achieved(current, spec.target_v, d):
        return reached(result, spec.target_v)
    return result


def _measure(
    b_raw: float,
    current: float,
    tc: float,
    t0: float,
    d: int,
    spec: SeriesSpec,
    config: EvalConfig,
    comps: dict[str, Any],
) -> dict[str, Any]:
    base = _nonzero(b_raw, config)
    s = -1 if base < 0 else 1
    if base * current < 0:
        return _na(comps | {"reason": "opposite_signs"})
    comps |= {"s": s, "base_used": base}
    if spec.target_v is None or spec.target_t is None:
        return _without_target(base, current, tc, t0, s * d, spec.limit, config, comps)
    return _with_target(base, current, tc, t0, s * d, spec, config, comps)


def reached(measured: dict[str, Any], target_value: float) -> dict[str, Any]:
    """target_achieved, score 5, whatever the growth rates say; P is still reported, as sdg-build
    reports it, where it is defined (why it is not, under ``progress_unavailable``)."""
    comps = dict(measured["components"]) | {"target_value": target_value}
    if "reason" in comps:
        comps["progress_unavailable"] = comps.pop("reason")
    return _result("target_achieved", 5.0, measured["progress"], comps)


def _with_baseline(
    points: list[tuple[float, float]], spec: SeriesSpec
) -> list[tuple[float, float]]:
    pts = sorted(points)
    bt, bv = spec.baseline_t, spec.baseline_v
    if bt is not None and bv is not None and all(abs(t - bt) > EPS for t, _ in pts):
        pts = sorted([*pts, (bt, bv)])
    return pts


def _choose_base(pts: list[tuple[float, float]], base_t: float | None) -> tuple[float, float] | str:
    if not pts:
        return "no_data"
    if len(pts) < 2:
        return "fewer_than_two_years"
    if base_t is None:
        base_t = pts[0][0]
    later = [p for p in pts if p[0] >= base_t - EPS]
    if not later or later[0][0] >= pts[-1][0] - EPS:
        return "base_year_not_before_latest_year"
    return later[0]


def _achieved(current: float, target: float, d: int) -> bool:
    return (d > 0 and current >= target) or (d < 0 and current <= target)


def _nonzero(value: float, config: EvalConfig) -> float:
    return config.sdg_zero_replacement if value == 0 else value


def _without_target(
    base: float,
    current: float,
    tc: float,
    t0: float,
    sd: int,
    limit: float | None,
    config: EvalConfig,
    comps: dict[str, Any],
) -> dict[str, Any]:
    growth = cagr(current, base, tc, t0)
    p = sd * growth
    c = limit_scale(base, limit)
    high, med, low = config.sdg_high * c, config.sdg_med * c, config.sdg_low * c
    comps |= {"cagr_observed": growth, "limit": limit, "limit_scale": c}
    comps |= {"thresholds": {"high": high, "med": med, "low": low}}
    status = _band(p, high, med, low)
    return _result(status, _score_without_target(p, c, high, med, low), p, comps)


def _score_without_target(p: float, c: float, high: float, med: float, low: float) -> float:
    if p < low:
        return max(125 * p - 2.5, -5.0)
    if c == 0:
        return 5.0
    if p >= high:
        return min(500 * p / c - 5, 5.0)
    if p >= med:
        return 250 * p / c - 1.25
    return 500 * p / c - 2.5


def _with_target(
    base: float,
    current: float,
    tc: float,
    t0: float,
    sd: int,
    spec: SeriesSpec,
    config: EvalConfig,
    comps: dict[str, Any],
) -> dict[str, Any]:
    assert spec.target_v is not None and spec.target_t is not None
    target = _nonzero(spec.target_v, config)
    comps |= {"target_value": spec.target_v, "target_used": target, "target_t": spec.target_t}
    if spec.target_t <= t0 + EPS:
        return _na(comps | {"reason": "target_year_not_after_base_year"})
    if base * target < 0:
        return _na(comps | {"reason": "opposite_signs"})
    observed = cagr(current, base, tc, t0)
    required = cagr(target, base, spec.target_t, t0)
    comps |= {"cagr_observed": observed, "cagr_required": required}
    high, med, low = config.sdg_target_high, config.sdg_target_med, config.sdg_target_low
    comps |= {"thresholds": {"high": high, "med": med, "low": low}}
    if required == 0:  # target equals base and is not achieved: moved the wrong way
        return _result("deterioration", -5.0, None, comps | {"reason": "required_growth_zero"})
    r = sd * observed / abs(required)
    return _result(_band(r, high, med, low), _score_with_target(r), r, comps)


def _score_with_target(r: float) -> float:
    if r >= 0.6:
        return min(7.1429 * r - 4.2857, 5.0)
    return max(4.1667 * r - 2.5, -5.0)


def _band(p: float, high: float, med: float, low: float) -> str:
    if p >= high:
        return "substantial_progress"
    if p >= med:
        return "moderate_progress"
    if p >= low:
        return "limited_progress"
    return "deterioration"


def combine_series(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Several series of one indicator: mean score, status from the mean; achieved only if all."""
    scored = [r for r in results if r["score"] is not None]
    if not scored:
        return _na({"reason": "no_series_available", "series_count": len(results)})
    mean = sum(r["score"] for r in scored) / len(scored)
    comps = {"series_count": len(results), "series_scored": len(scored), "mean_score": mean}
    if all(r["status"] == "target_achieved" for r in results):
        return _result("target_achieved", 5.0, None, comps)
    return _result(_band(mean, 2.5, 0.0, -2.5), mean, None, comps)


def _na(comps: dict[str, Any]) -> dict[str, Any]:
    return _result("not_available", None, None, comps)


def _result(status: str, score: float | None, p: float | None, comps: dict) -> dict[str, Any]:
    return {"status": status, "score": score, "progress": p, "components": comps}


# ---------------------------------------------------------------- batch (Polars)


def evaluate_batch(
    observations: pl.LazyFrame | pl.DataFrame,
    specs: pl.LazyFrame | pl.DataFrame,
    keys: list[str],
    config: EvalConfig,
    base_year_t: float | None = None,
) -> pl.DataFrame:
    """opensdg for every series in ``specs`` (keys + plan_path.SPEC_COLUMNS + ``limit``) in one
    vectorised pass; observations (keys, t, value) already limited to the as-of date. One row per
    spec row with status, score, progress and the components of `evaluate_series`, which the
    tests hold it equal to; `row_result` turns a row into that function's result."""
    spec = specs.lazy()
    if "limit" not in spec.collect_schema().names():
        spec = spec.with_columns(pl.lit(None, pl.Float64).alias("limit"))
    spec = spec.with_columns(
        pl.lit(base_year_t, pl.Float64).fill_null(pl.col("baseline_t")).alias("base_wanted")
    )
    frame = spec.join(_chosen_points(observations, spec, keys), on=keys, how="left")
    frame = frame.with_columns(pl.col("n_points").fill_null(0)).with_columns(_base_exprs(config))
    frame = frame.with_columns(_sign_exprs())
    frame = frame.with_columns(_limit_scale_expr().alias("limit_scale"))
    frame = frame.with_columns(_measure_exprs(config))
    return frame.with_columns(_final_exprs(config)).collect()


def _chosen_points(
    observations: pl.LazyFrame | pl.DataFrame, spec: pl.LazyFrame, keys: list[str]
) -> pl.LazyFrame:
    """Per series: number of points (the plan baseline joins when no observation has its year),
    the latest point and the base point (the first at or after the base year wanted)."""
    obs = observations.lazy().select(*keys, "t", "value")
    baseline = spec.filter(pl.col("baseline_t").is_not_null() & pl.col("baseline_v").is_not_null())
    seen = (
        obs.join(baseline.select(*keys, "baseline_t"), on=keys)
        .filter((pl.col("t") - pl.col("baseline_t")).abs() <= EPS)
        .select(keys)
        .unique()
    )
    added = baseline.join(seen, on=keys, how="anti").select(
        *keys, pl.col("baseline_t").alias("t"), pl.col("baseline_v").alias("value")
    )
    points = pl.concat([obs, added]).join(spec.select(*keys, "base_wanted"), on=keys)
    wanted = pl.col("base_wanted").fill_null(pl.col("t").min().over(keys))
    later = pl.col("t") >= wanted - EPS
    return (
        points.with_columns(later.alias("later"))
        .sort(*keys, "t", "value")
        .group_by(keys)
        .agg(
            pl.len().alias("n_points"),
            pl.col("t").last().alias("current_t"),
            pl.col("value").last().alias("current_value"),
            pl.col("t").filter("later").first().alias("base_t"),
            pl.col("value").filter("later").first().alias("base_value"),
        )
    )


def _cagr_expr(v1: pl.Expr, v0: pl.Expr, t1: pl.Expr, t0: pl.Expr) -> pl.Expr:
    return (v1 / v0).pow(1 / (t1 - t0)) - 1


def _nonzero_expr(value: pl.Expr, config: EvalConfig) -> pl.Expr:
    return pl.when(value == 0).then(config.sdg_zero_replacement).otherwise(value)


def _base_exprs(config: EvalConfig) -> list[pl.Expr]:
    return [
        pl.when(pl.col("n_points") == 0)
        .then(pl.lit("no_data"))
        .when(pl.col("n_points") < 2)
        .then(pl.lit("fewer_than_two_years"))
        .when(pl.col("base_t").is_null() | (pl.col("base_t") >= pl.col("current_t") - EPS))
        .then(pl.lit("base_year_not_before_latest_year"))
        .alias("base_reason"),
        _nonzero_expr(pl.col("base_value"), config).alias("base_used"),
        _nonzero_expr(pl.col("target_v"), config).alias("target_used"),
    ]


def _sign_exprs() -> list[pl.Expr]:
    current, target, d = pl.col("current_value"), pl.col("target_v"), pl.col("direction")
    reached = ((d > 0) & (current >= target)) | ((d < 0) & (current <= target))
    return [
        pl.when(pl.col("base_used") < 0).then(-1).otherwise(1).cast(pl.Int64).alias("s"),
        (target.is_not_null() & pl.col("target_t").is_not_null()).alias("has_target"),
        (target.is_not_null() & reached).alias("achieved"),
    ]


def _limit_scale_expr() -> pl.Expr:
    b, lim = pl.col("base_used").abs(), pl.col("limit").abs()
    return (
        pl.when(pl.col("limit").is_null() | (b >= 2 * lim))
        .then(1.0)
        .when(b <= lim)
        .then(1 - (b / lim).pow(LIMIT_EXPONENT))
        .otherwise(1 - ((2 * lim - b) / lim).pow(LIMIT_EXPONENT))
    )


def _measure_exprs(config: EvalConfig) -> list[pl.Expr]:
    base, current, target = pl.col("base_used"), pl.col("current_value"), pl.col("target_used")
    t0, c = pl.col("base_t"), pl.col("limit_scale")
    observed = _cagr_expr(current, base, pl.col("current_t"), t0)
    required = _cagr_expr(target, base, pl.col("target_t"), t0)
    sd = pl.col("s") * pl.col("direction")
    return [
        observed.alias("cagr_observed"),
        required.alias("cagr_required"),
        (base * current < 0).alias("current_opposite"),
        (sd * observed).alias("p_without_target"),
        (sd * observed / required.abs()).alias("p_with_target"),
        (config.sdg_high * c).alias("high_without_target"),
        (config.sdg_med * c).alias("med_without_target"),
        (config.sdg_low * c).alias("low_without_target"),
        pl.when(pl.col("base_reason").is_not_null())
        .then(pl.col("base_reason"))
        .when(base * current < 0)
        .then(pl.lit("opposite_signs"))
        .when(~pl.col("has_target"))
        .then(None)
        .when(pl.col("target_t") <= t0 + EPS)
        .then(pl.lit("target_year_not_after_base_year"))
        .when(base * target < 0)
        .then(pl.lit("opposite_signs"))
        .when(required == 0)
        .then(pl.lit("required_growth_zero"))
        .alias("reason"),
    ]


def _final_exprs(config: EvalConfig) -> list[pl.Expr]:
    """Status, score and progress of the measure, then target_achieved over them."""
    reason, has_target = pl.col("reason"), pl.col("has_target")
    p0, p1 = pl.col("p_without_target"), pl.col("p_with_target")
    high, med, low = (pl.col(f"{k}_without_target") for k in ("high", "med", "low"))
    unavailable = reason.is_not_null() & (reason != "required_growth_zero")
    measured_status = (
        pl.when(unavailable)
        .then(pl.lit("not_available"))
        .when(reason == "required_growth_zero")
        .then(pl.lit("deterioration"))
        .when(~has_target)
        .then(_band_expr(p0, high, med, low))
        .otherwise(_band_expr(p1, *(pl.lit(v) for v in _target_thresholds(config))))
    )
    measured_score = (
        pl.when(unavailable)
        .then(None)
        .when(reason == "required_growth_zero")
        .then(-5.0)
        .when(~has_target)
        .then(_score_without_target_expr(p0, pl.col("limit_scale"), high, med, low))
        .otherwise(_score_with_target_expr(p1))
    )
    achieved = pl.col("achieved") & pl.col("base_reason").is_null()
    return [
        pl.when(achieved)
        .then(pl.lit("target_achieved"))
        .otherwise(measured_status)
        .alias("status"),
        pl.when(achieved).then(5.0).otherwise(measured_score).alias("score"),
        pl.when(reason.is_not_null())
        .then(None)
        .when(has_target)
        .then(p1)
        .otherwise(p0)
        .alias("progress"),
    ]


def _target_thresholds(config: EvalConfig) -> tuple[float, float, float]:
    return config.sdg_target_high, config.sdg_target_med, config.sdg_target_low


def _band_expr(p: pl.Expr, high: pl.Expr, med: pl.Expr, low: pl.Expr) -> pl.Expr:
    return (
        pl.when(p >= high)
        .then(pl.lit("substantial_progress"))
        .when(p >= med)
        .then(pl.lit("moderate_progress"))
        .when(p >= low)
        .then(pl.lit("limited_progress"))
        .otherwise(pl.lit("deterioration"))
    )


def _score_without_target_expr(
    p: pl.Expr, c: pl.Expr, high: pl.Expr, med: pl.Expr, low: pl.Expr
) -> pl.Expr:
    return (
        pl.when(p < low)
        .then(pl.max_horizontal(125 * p - 2.5, pl.lit(-5.0)))
        .when(c == 0)
        .then(5.0)
        .when(p >= high)
        .then(pl.min_horizontal(500 * p / c - 5, pl.lit(5.0)))
        .when(p >= med)
        .then(250 * p / c - 1.25)
        .otherwise(500 * p / c - 2.5)
    )


def _score_with_target_expr(r: pl.Expr) -> pl.Expr:
    return (
        pl.when(r >= 0.6)
        .then(pl.min_horizontal(7.1429 * r - 4.2857, pl.lit(5.0)))
        .otherwise(pl.max_horizontal(4.1667 * r - 2.5, pl.lit(-5.0)))
    )


def row_result(row: dict[str, Any], config: EvalConfig) -> dict[str, Any]:
    """A batch row as the result `evaluate_series` gives for the same series."""
    comps: dict[str, Any] = {
        "n_points": row["n_points"],
        "zero_replacement": config.sdg_zero_replacement,
    }
    if row["base_reason"] is not None:
        return _na(comps | {"reason": row["base_reason"]})
    comps |= {
        "base_t": row["base_t"],
        "base_value": row["base_value"],
        "current_t": row["current_t"],
        "current_value": row["current_value"],
        "direction": row["direction"],
    }
    measured = _row_measure(row, config, comps)
    if row["achieved"]:
        return reached(measured, row["target_v"])
    return measured


def _row_measure(row: dict[str, Any], config: EvalConfig, comps: dict[str, Any]) -> dict[str, Any]:
    """The measure's own result (before target_achieved) from a batch row."""
    if row["current_opposite"]:
        return _na(comps | {"reason": "opposite_signs"})
    comps |= {"s": row["s"], "base_used": row["base_used"]}
    if not row["has_target"]:
        comps |= {
            "cagr_observed": row["cagr_observed"],
            "limit": row["limit"],
            "limit_scale": row["limit_scale"],
            "thresholds": {k: row[f"{k}_without_target"] for k in ("high", "med", "low")},
        }
        return _result(row["status"], row["score"], row["progress"], comps)
    comps |= {
        "target_value": row["target_v"],
        "target_used": row["target_used"],
        "target_t": row["target_t"],
    }
    reason = row["reason"]
    if reason in ("target_year_not_after_base_year", "opposite_signs"):
        return _na(comps | {"reason": reason})
    comps |= {
        "cagr_observed": row["cagr_observed"],
        "cagr_required": row["cagr_required"],
        "thresholds": dict(zip(("high", "med", "low"), _target_thresholds(config), strict=True)),
    }
    if reason is not None:  # required_growth_zero: deterioration without P
        comps["reason"] = reason
    return _result(row["status"], row["score"], row["progress"], comps)
