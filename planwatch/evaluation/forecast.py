"""Forecast of every indicator at its target year: weighted linear trend, CAGR, interval, verdict.

Points are the observations up to the as-of date, preceded by the baseline when the series starts
after the baseline year. With u = t − t_last and weights w = 0.5^((t_last − t)/h) (h = half-life,
2 years by default: recent years weigh more), the weighted least-squares line gives the linear
value at the target year T. CAGR g = (v_last/v_first)^(1/(t_last − t_first)) − 1 (all positive)
gives v_last·(1+g)^(T − t_last). With at least 4 points an 80% interval is
linear ± q·s·√(1 + 1/n + (T − t̄)²·W/(n·Sₜₜ)), s² = (Σw r²/W)·n/(n − 2), q the Student-t 0.90
quantile with n − 2 degrees of freedom. Verdict: 预计可完成 likely when every estimate (and the
interval's unfavourable end) meets the target; 有风险 at_risk when some do; 预计难以完成 unlikely
when none does; 数据不足 insufficient_data under two points. For at_risk and unlikely the change
and the growth rate per year needed from the latest value to still make the target are given.
If the target year has passed, the estimate is the latest value.
"""

from __future__ import annotations

import math
from typing import Any

import polars as pl

from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.targets import EPS, SeriesSpec, target_met, target_met_expr

_T90 = {
    1: 3.078, 2: 1.886, 3: 1.638, 4: 1.533, 5: 1.476, 6: 1.440, 7: 1.415, 8: 1.397, 9: 1.383,
    10: 1.372, 11: 1.363, 12: 1.356, 13: 1.350, 14: 1.345, 15: 1.341, 16: 1.337, 17: 1.333,
    18: 1.330, 19: 1.328, 20: 1.325, 21: 1.323, 22: 1.321, 23: 1.319, 24: 1.318, 25: 1.316,
    26: 1.315, 27: 1.314, 28: 1.313, 29: 1.311, 30: 1.310,
}  # fmt: skip
_T90_LARGE = 1.282


def t90(df: int) -> float:
    return _T90.get(df, _T90_LARGE)


def series_points(points: list[tuple[float, float]], spec: SeriesSpec) -> list[tuple[float, float]]:
    """Observations, preceded by the baseline when the series starts after the baseline year."""
    pts = sorted(points)
    bt, bv = spec.baseline_t, spec.baseline_v
    if bt is not None and bv is not None and (not pts or bt < pts[0][0] - EPS):
        pts.insert(0, (bt, bv))
    return pts


def forecast_series(
    points: list[tuple[float, float]], spec: SeriesSpec, config: EvalConfig
) -> dict[str, Any]:
    """Scalar reference forecast for one series (points already limited to as-of)."""
    pts = series_points(points, spec)
    out: dict[str, Any] = {"n_points": len(pts), "target_t": spec.target_t}
    if spec.target_t is None or spec.target_v is None:
        return out | {"verdict": "no_target"}
    if len(pts) < 2:
        return out | {"verdict": "insufficient_data"}
    t_last, v_last = pts[-1]
    if spec.target_t <= t_last + EPS:
        estimates = {"linear": v_last, "cagr": v_last, "interval": None, "slope": None}
    else:
        estimates = _estimates(pts, spec.target_t, config)
    out |= {"linear_value": estimates["linear"], "cagr_value": estimates["cagr"]}
    out |= {"interval": estimates["interval"], "slope": estimates["slope"]}
    out |= {"cagr": _cagr(pts), "half_life": config.forecast_half_life}
    verdict = _verdict(estimates, spec, config)
    out["verdict"] = verdict
    if verdict in ("at_risk", "unlikely"):
        out |= required_pace(v_last, t_last, spec.target_v, spec.target_t)
    return out


def _weights(pts: list[tuple[float, float]], half_life: float) -> list[float]:
    t_last = pts[-1][0]
    return [0.5 ** ((t_last - t) / half_life) for t, _ in pts]


def _estimates(pts: list[tuple[float, float]], target_t: float, config: EvalConfig) -> dict:
    w = _weights(pts, config.forecast_half_life)
    n = len(pts)
    big_w = sum(w)
    t_bar = sum(wi * t for wi, (t, _) in zip(w, pts, strict=True)) / big_w
    v_bar = sum(wi * v for wi, (_, v) in zip(w, pts, strict=True)) / big_w
    stt = sum(wi * (t - t_bar) ** 2 for wi, (t, _) in zip(w, pts, strict=True))
    stv = sum(wi * (t - t_bar) * (v - v_bar) for wi, (t, v) in zip(w, pts, strict=True))
    slope = stv / stt
    linear = v_bar + slope * (target_t - t_bar)
    interval = None
    if n >= config.forecast_interval_min_points:
        resid = sum(
            wi * (v - v_bar - slope * (t - t_bar)) ** 2 for wi, (t, v) in zip(w, pts, strict=True)
        )
        s = math.sqrt(resid / big_w * n / (n - 2))
        se = s * math.sqrt(1 + 1 / n + (target_t - t_bar) ** 2 * big_w / (n * stt))
        interval = [linear - t90(n - 2) * se, linear + t90(n - 2) * se]
    g = _cagr(pts)
    t_last, v_last = pts[-1]
    cagr_value = None if g is None else v_last * (1 + g) ** (target_t - t_last)
    return {"linear": linear, "cagr": cagr_value, "interval": interval, "slope": slope}


def _cagr(pts: list[tuple[float, float]]) -> float | None:
    (t0, v0), (t1, v1) = pts[0], pts[-1]
    if v0 <= 0 or v1 <= 0 or t1 <= t0:
        return None
    return float((v1 / v0) ** (1 / (t1 - t0)) - 1)


def _verdict(estimates: dict, spec: SeriesSpec, config: EvalConfig) -> str:
    assert spec.target_v is not None
    values = [e for e in (estimates["linear"], estimates["cagr"]) if e is not None]
    if estimates["interval"] is not None:
        lower, upper = estimates["interval"]
        values_with_bound = [*values, lower if _up(spec) else upper]
    else:
        values_with_bound = values
    meets = [_met(v, spec, config) for v in values_with_bound]
    if all(meets):
        return "likely"
    if any(_met(v, spec, config) for v in values):
        return "at_risk"
    return "unlikely"


def _up(spec: SeriesSpec) -> bool:
    if spec.comparator in (">=", ">"):
        return True
    if spec.comparator in ("<=", "<"):
        return False
    return spec.direction > 0


def _met(value: float, spec: SeriesSpec, config: EvalConfig) -> bool:
    assert spec.target_v is not None
    return target_met(value, spec.target_v, spec.comparator, spec.direction, config.equal_tolerance)


def required_pace(v_last: float, t_last: float, target_v: float, target_t: float) -> dict:
    years = target_t - t_last
    if years <= EPS:
        return {"required_annual_change": None, "required_annual_growth_rate": None}
    rate = None
    if v_last > 0 and target_v > 0:
        rate = (target_v / v_last) ** (1 / years) - 1
    return {
        "required_annual_change": (target_v - v_last) / years,
        "required_annual_growth_rate": rate,
    }


# ---------------------------------------------------------------- batch (Polars)


def forecast_batch(
    observations: pl.LazyFrame | pl.DataFrame,
    specs: pl.LazyFrame | pl.DataFrame,
    keys: list[str],
    config: EvalConfig,
) -> pl.DataFrame:
    """Forecast for every spec row; same definitions as `forecast_series`, by weighted moments."""
    lazy = observations.lazy()
    ref = lazy.select(pl.col("t").max()).collect().item()
    return forecast_lazy(lazy, specs, keys, config, 0.0 if ref is None else float(ref)).collect()


def forecast_lazy(
    observations: pl.LazyFrame | pl.DataFrame,
    specs: pl.LazyFrame | pl.DataFrame,
    keys: list[str],
    config: EvalConfig,
    ref: float,
) -> pl.LazyFrame:
    """Weights are relative to one reference time `ref` for all series (any time near the data).

    A weighted regression does not change when every weight is multiplied by the same factor, so
    0.5^((t_last − t)/h) and 2^((t − ref)/h) give the same line, and the sums need no per-series
    maximum first.
    """
    h = config.forecast_half_life
    lazy = observations.lazy()
    u = pl.col("t") - ref
    w = (u * (math.log(2) / h)).exp()
    v = pl.col("value")
    moments = (
        lazy.with_columns(u.alias("_u"), w.alias("_w"))
        .with_columns((pl.col("_w") * pl.col("_u")).alias("_wu"), (pl.col("_w") * v).alias("_wv"))
        .group_by(keys)
        .agg(
            pl.len().alias("n_obs"),
            pl.col("t").min().alias("first_t"),
            v.sort_by("t").first().alias("first_v"),
            pl.col("t").max().alias("last_t"),
            v.sort_by("t").last().alias("last_v"),
            pl.col("_w").sum().alias("s0"),
            pl.col("_wu").sum().alias("s1"),
            (pl.col("_wu") * pl.col("_u")).sum().alias("s2"),
            pl.col("_wv").sum().alias("sv"),
            (pl.col("_wu") * v).sum().alias("suv"),
            (pl.col("_wv") * v).sum().alias("svv"),
        )
    )
    frame = specs.lazy().join(moments, on=keys, how="left").with_columns(pl.lit(ref).alias("_ref"))
    frame = frame.with_columns(pl.col("n_obs").fill_null(0)).with_columns(*_with_baseline(h, ref))
    frame = frame.with_columns(*_regression_exprs()).with_columns(*_estimate_exprs(config))
    return frame.with_columns(*_verdict_exprs(config))


def _with_baseline(h: float, ref: float) -> list[pl.Expr]:
    bt, bv = pl.col("baseline_t"), pl.col("baseline_v")
    add = (
        bt.is_not_null()
        & bv.is_not_null()
        & (pl.col("first_t").is_null() | (bt < pl.col("first_t") - EPS))
    )
    last_t = pl.when(pl.col("n_obs") > 0).then(pl.col("last_t")).otherwise(bt)
    ub = bt - ref
    wb = (ub * (math.log(2) / h)).exp()

    def plus(name: str, term: pl.Expr) -> pl.Expr:
        added = pl.when(add).then(term).otherwise(0.0)
        return (pl.col(name).fill_null(0.0) + added).alias(name)

    return [
        (pl.col("n_obs") + add.cast(pl.Int64)).alias("n_points"),
        pl.when(add).then(bt).otherwise(pl.col("first_t")).alias("first_t"),
        pl.when(add).then(bv).otherwise(pl.col("first_v")).alias("first_v"),
        last_t.alias("last_t"),
        pl.when(pl.col("n_obs") > 0).then(pl.col("last_v")).otherwise(bv).alias("last_v"),
        plus("s0", wb),
        plus("s1", wb * ub),
        plus("s2", wb * ub * ub),
        plus("sv", wb * bv),
        plus("suv", wb * ub * bv),
        plus("svv", wb * bv * bv),
    ]


def _regression_exprs() -> list[pl.Expr]:
    s0 = pl.col("s0")
    mu = pl.col("s1") / s0
    mv = pl.col("sv") / s0
    suu = pl.col("s2") - s0 * mu * mu
    suv = pl.col("suv") - s0 * mu * mv
    svv = pl.col("svv") - s0 * mv * mv
    slope = suv / suu
    return [
        mu.alias("u_bar"),
        mv.alias("v_bar"),
        suu.alias("suu"),
        slope.alias("slope"),
        (svv - slope * suv).clip(lower_bound=0.0).alias("resid"),
    ]


def _estimate_exprs(config: EvalConfig) -> list[pl.Expr]:
    n = pl.col("n_points")
    passed = pl.col("target_t") <= pl.col("last_t") + EPS
    u_t = pl.col("target_t") - pl.col("last_t")
    du = pl.col("target_t") - pl.col("_ref") - pl.col("u_bar")  # target time − weighted mean time
    linear = pl.col("v_bar") + pl.col("slope") * du
    span = pl.col("last_t") - pl.col("first_t")
    positive = (pl.col("first_v") > 0) & (pl.col("last_v") > 0) & (span > 0)
    g = pl.when(positive).then((pl.col("last_v") / pl.col("first_v")).pow(1 / span) - 1)
    s = (pl.col("resid") / pl.col("s0") * n / (n - 2)).sqrt()
    se = s * (1 + 1 / n + du.pow(2) * pl.col("s0") / (n * pl.col("suu"))).sqrt()
    q = (n - 2).replace_strict(_T90, default=_T90_LARGE, return_dtype=pl.Float64)
    has_interval = (n >= config.forecast_interval_min_points) & ~passed
    return [
        g.alias("cagr"),
        pl.when(passed).then(pl.col("last_v")).otherwise(linear).alias("linear_value"),
        pl.when(passed)
        .then(pl.col("last_v"))
        .otherwise(pl.col("last_v") * (1 + g).pow(u_t))
        .alias("cagr_value"),
        pl.when(has_interval).then(linear - q * se).alias("interval_low"),
        pl.when(has_interval).then(linear + q * se).alias("interval_high"),
    ]


def _verdict_exprs(config: EvalConfig) -> list[pl.Expr]:
    lin_ok = target_met_expr(pl.col("linear_value"), config)
    cagr_ok = target_met_expr(pl.col("cagr_value"), config)
    up = (
        pl.when(pl.col("comparator").is_in([">=", ">"]))
        .then(True)
        .when(pl.col("comparator").is_in(["<=", "<"]))
        .then(False)
        .otherwise(pl.col("direction") > 0)
    )
    bound = pl.when(up).then(pl.col("interval_low")).otherwise(pl.col("interval_high"))
    bound_ok = target_met_expr(bound, config)
    has_cagr = pl.col("cagr_value").is_not_null()
    has_bound = pl.col("interval_low").is_not_null()
    all_ok = lin_ok & (~has_cagr | cagr_ok) & (~has_bound | bound_ok)
    any_ok = lin_ok | (has_cagr & cagr_ok)
    verdict = (
        pl.when(pl.col("target_v").is_null() | pl.col("target_t").is_null())
        .then(pl.lit("no_target"))
        .when(pl.col("n_points") < 2)
        .then(pl.lit("insufficient_data"))
        .when(all_ok)
        .then(pl.lit("likely"))
        .when(any_ok)
        .then(pl.lit("at_risk"))
        .otherwise(pl.lit("unlikely"))
    )
    years = pl.col("target_t") - pl.col("last_t")
    needs = verdict.is_in(["at_risk", "unlikely"]) & (years > EPS)
    rate_ok = needs & (pl.col("last_v") > 0) & (pl.col("target_v") > 0)
    return [
        verdict.alias("verdict"),
        pl.when(needs)
        .then((pl.col("target_v") - pl.col("last_v")) / years)
        .alias("required_annual_change"),
        pl.when(rate_ok)
        .then((pl.col("target_v") / pl.col("last_v")).pow(1 / years) - 1)
        .alias("required_annual_growth_rate"),
    ]
