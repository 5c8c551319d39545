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
