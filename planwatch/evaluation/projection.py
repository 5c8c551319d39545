"""`projection`: the UNSD-style projected-gain ratio.

From base (v0, t0: the plan's baseline, else the first observation) to the latest value (v, t),
g = (v/v0)^(1/(t − t0)) − 1 is carried to the target year: v̂ = v·(1+g)^(T − t) (when a value is
not positive, the straight line through base and latest value instead). R = (v̂ − v0)/(vT − v0):
R ≥ 0.95 on_track, R ≥ 0.10 fair_progress, else stagnation_or_regression; a met target is
target_achieved first. Score 5 when achieved, else 5·clamp(R, −1, 1).
"""

from __future__ import annotations

from typing import Any

from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.forecast import series_points
from planwatch.evaluation.targets import EPS, SeriesSpec, target_met


def evaluate_series(
    points: list[tuple[float, float]], spec: SeriesSpec, config: EvalConfig
) -> dict[str, Any]:
    pts = series_points(points, spec)
    comps: dict[str, Any] = {"n_points": len(pts)}
    comps |= {
        "thresholds": {"on_track": config.projection_on_track, "fair": config.projection_fair}
    }
    reason = _guard(pts, spec)
    if reason is not None:
        return _result("not_available", None, None, comps | {"reason": reason})
    assert spec.target_v is not None and spec.target_t is not None
    (t0, v0), (tc, vc) = pts[0], pts[-1]
    vt, tt = spec.target_v, spec.target_t
    comps |= {"base_t": t0, "base_value": v0, "current_t": tc, "current_value": vc}
    comps |= {"target_t": tt, "target_value": vt}
    if target_met(vc, vt, spec.comparator, spec.direction, config.equal_tolerance):
        return _result("target_achieved", 5.0, None, comps)
    projected, growth, kind = _project(t0, v0, tc, vc, tt)
    comps |= {"projected_value": projected, "growth_rate": growth, "projection": kind}
    if vt == v0:
        return _result(
            "stagnation_or_regression", -5.0, None, comps | {"reason": "no_gain_required"}
        )
    ratio = (projected - v0) / (vt - v0)
    comps |= {"projected_gain": projected - v0, "required_gain": vt - v0}
    status = _band(ratio, config)
    return _result(status, 5.0 * min(max(ratio, -1.0), 1.0), ratio, comps)


def _guard(pts: list[tuple[float, float]], spec: SeriesSpec) -> str | None:
    if spec.target_v is None or spec.target_t is None:
        return "no_target"
    if not pts:
        return "no_data"
    if len(pts) < 2:
        return "fewer_than_two_points"
    if spec.target_t <= pts[0][0] + EPS:
        return "target_not_after_base"
    return None


def _project(
    t0: float, v0: float, tc: float, vc: float, tt: float
) -> tuple[float, float | None, str]:
    years = max(tt - tc, 0.0)
    if v0 > 0 and vc > 0:
        g = (vc / v0) ** (1 / (tc - t0)) - 1
        return vc * (1 + g) ** years, g, "cagr"
    slope = (vc - v0) / (tc - t0)
    return vc + slope * years, None, "linear"


def _band(ratio: float, config: EvalConfig) -> str:
    if ratio >= config.projection_on_track:
        return "on_track"
    if ratio >= config.projection_fair:
        return "fair_progress"
    return "stagnation_or_regression"


def _result(status: str, score: float | None, progress: float | None, comps: dict) -> dict:
    return {"status": status, "score": score, "progress": progress, "components": comps}
