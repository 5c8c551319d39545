"""Per-series results → the indicator entries of an evaluation run (components included)."""

from __future__ import annotations

from typing import Any

from planwatch.evaluation import opensdg
from planwatch.evaluation.labels import VERDICT_LABELS, status_label

Key = tuple[str, str, str]


def batch_result(row: dict[str, Any]) -> dict[str, Any]:
    """A plan-path batch row as the result dict the scalar reference returns."""
    available = row["status"] != "not_available" and row.get("current_t") is not None
    comps = {
        "n_points": row["n_points"],
        "baseline_value": row["v0"],
        "baseline_year_t": row["t0"],
        "baseline_source": row["baseline_source"],
        "current_value": row["current_value"],
        "current_t": row["current_t"],
        "current_period": row.get("current_period"),
        "target_value": row["target_v"],
        "target_year": None if row["target_t"] is None else int(row["target_t"]),
        "comparator": row["comparator"],
        "direction": "increase" if row["direction"] > 0 else "decrease",
        "binding": row["binding"],
        "path": "geometric" if row["geometric_used"] else "linear",
        "elapsed": row["elapsed"],
        "completion": row["completion"],
        "expected_value": row["expected_value"],
        "gap_to_expected": row["current_value"] - row["expected_value"] if available else None,
        "target_met": row["target_met"],
        "thresholds": {
            "ahead_margin": row["ahead_margin"],
            "on_track_tolerance": row["on_track_tolerance"],
            "lag_tolerance": row["lag_tolerance"],
        },
    }
    if row["status"] == "not_available":
        comps["reason"] = _unavailable_reason(row)
    return {
        "status": row["status"],
        "score": row["score"],
        "progress": row["progress"],
        "components": comps,
    }


def _unavailable_reason(row: dict[str, Any]) -> str:
    if row["target_v"] is None or row["target_t"] is None:
        return "no_target"
    if not row["n_points"]:
        return "no_data"
    if row["baseline_v"] is None and row["n_points"] < 2:
        return "one_point_without_baseline"
    return "target_not_after_baseline"


def forecast_entry(row: dict[str, Any]) -> dict[str, Any]:
    interval = None
    if row.get("interval_low") is not None:
        interval = [row["interval_low"], row["interval_high"]]
    verdict = row["verdict"]
    return {
        "verdict": verdict,
        "verdict_label": VERDICT_LABELS[verdict],
        "target_year": None if row["target_t"] is None else int(row["target_t"]),
        "target_value": row["target_v"],
        "linear_value": row.get("linear_value") if verdict != "no_target" else None,
        "cagr_value": row.get("cagr_value") if verdict != "no_target" else None,
        "cagr": row.get("cagr"),
        "interval": interval,
        "interval_level": 0.8 if interval else None,
        "n_points": row["n_points"],
        "required_annual_change": row.get("required_annual_change"),
        "required_annual_growth_rate": row.get("required_annual_growth_rate"),
    }


_WORST_FIRST = (
    "regressing",
    "stagnation_or_regression",
    "deterioration",
    "seriously_behind",
    "limited_progress",
    "slightly_behind",
    "fair_progress",
    "moderate_progress",
    "on_track",
    "substantial_progress",
    "ahead",
    "completed",
    "target_achieved",
)


def combine(
    ind: dict[str, Any],
    keys: list[Key],
    results: dict[Key, dict[str, Any]],
    forecasts: dict[Key, dict[str, Any]],
    method: str,
) -> dict[str, Any]:
    entry = {
        "indicator": ind["id"],
        "name": ind["name"],
        "unit": ind.get("unit"),
        "nature": ind.get("nature"),
        "section": ind.get("section"),
    }
    if ind.get("_assumed"):
        entry["assumed"] = ind["_assumed"]  # years taken from the plan, not the indicator
    if len(keys) == 1:
        result, fc = results[keys[0]], forecasts.get(keys[0])
    else:
        result = combine_series([results[k] for k in keys], method)
        result["components"]["series"] = [
            {"series": k[2], **results[k], "forecast": forecasts.get(k)} for k in keys
        ]
        fc = None
    entry |= {
        "status": result["status"],
        "status_label": status_label(result["status"]),
        "score": result["score"],
        "progress": result["progress"],
        "forecast": fc,
        "components": result["components"],
    }
    return entry


def combine_series(results: list[dict[str, Any]], method: str) -> dict[str, Any]:
    """Several series (城镇/农村 …): opensdg averages scores; the others report the worst."""
    if method == "opensdg":
        return opensdg.combine_series(results)
    scored = [r for r in results if r["status"] != "not_available"]
    if not scored:
        return {"status": "not_available", "score": None, "progress": None, "components": {}}
    worst = min(scored, key=lambda r: _WORST_FIRST.index(r["status"]))
    mean = sum(r["score"] for r in scored) / len(scored)
    comps = {"rule": "worst series status, mean score", "series_count": len(results)}
    return {"status": worst["status"], "score": mean, "progress": None, "components": comps}
