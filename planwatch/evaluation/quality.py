"""Data-quality warnings that work on short annual series (warnings, never errors).

* yoy_change — a year-on-year relative change outside ±yoy_band (default 50%);
* stock_fell — a cumulative stock (累计…, ``"cumulative": true``, or an additive unit such as 座)
  that is lower than the year before;
* off_path — plan-path completion more than off_path_margin away from elapsed time;
* region_outlier — a region far from its siblings: modified z-score 0.6745·(x − median)/MAD
  above mad_threshold (3.5) among at least three siblings. A z-score on the series itself could
  flag nothing on fewer than ten points; the MAD across regions works on one year.
Values above 100% are not flagged: penetration rates above 100% are real (入户率237.25%).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.rollups import aggregation_of, tree_with_roots
from planwatch.evaluation.targets import is_milestone

KEYS = ["indicator", "region", "series"]


def warnings(
    plan: dict[str, Any], obs: pl.DataFrame, entries: list[dict[str, Any]], config: EvalConfig
) -> list[dict[str, Any]]:
    indicators = {i["id"]: i for i in plan["indicators"] if not is_milestone(i)}
    numeric = obs.filter(
        pl.col("kind") == "indicator",
        pl.col("value").is_not_null(),
        pl.col("indicator").is_in(list(indicators)),
    )
    names = {k: v["name"] for k, v in indicators.items()}
    out = _yearly(numeric, indicators, config, names)
    out += _off_path(entries, config)
    out += _baseline_notes(entries)
    out += _outliers(plan, numeric, config, names)
    return out


def _yearly(
    obs: pl.DataFrame, indicators: dict[str, dict], config: EvalConfig, names: dict[str, str]
) -> list[dict[str, Any]]:
    stocks = [k for k, ind in indicators.items() if _is_stock(ind, config)]
    prev = pl.col("value").shift(1).over(KEYS)
    gap = pl.col("t") - pl.col("t").shift(1).over(KEYS)
    flagged = (
        obs.filter(pl.col("freq") == "A")
        .sort(*KEYS, "t")
        .with_columns(prev.alias("prev"), gap.alias("gap"))
        .filter(pl.col("gap") == 1)
        .with_columns(
            pl.when(pl.col("prev") != 0).then(pl.col("value") / pl.col("prev") - 1).alias("change")
        )
        .with_columns(
            (pl.col("change").abs() > config.yoy_band).fill_null(False).alias("yoy"),
            (pl.col("indicator").is_in(stocks) & (pl.col("value") < pl.col("prev"))).alias("fell"),
        )
        .filter(pl.col("yoy") | pl.col("fell"))
    )
    out = []
    for row in flagged.iter_rows(named=True):
        name = names[row["indicator"]]
        if row["yoy"]:
            change = row["change"]
            zh = f"{name} {row['period']} 同比变化 {change:+.1%}，超出 ±{config.yoy_band:.0%}"
            out.append(
                _warning("yoy_change", row, zh, f"year-on-year change {change:+.1%}", change=change)
            )
        if row["fell"]:
            zh = f"{name}为累计量，{row['period']} 比上年减少（{row['prev']:g} → {row['value']:g}）"
            out.append(
                _warning("stock_fell", row, zh, "a cumulative stock fell", previous=row["prev"])
            )
    return out


def _is_stock(indicator: dict[str, Any], config: EvalConfig) -> bool:
    if "cumulative" in indicator:
        return bool(indicator["cumulative"])
    return "累计" in indicator["name"] or aggregation_of(indicator, config) == "sum"


def _warning(code: str, row: dict[str, Any], zh: str, en: str, **details: Any) -> dict[str, Any]:
    return {
        "code": code,
        "indicator": row["indicator"],
        "region": row.get("region") or None,
        "series": row.get("series") or None,
        "period": row.get("period"),
        "value": row.get("value"),
        "message": zh,
        "message_en": en,
        "details": details,
    }


def _off_path(entries: list[dict[str, Any]], config: EvalConfig) -> list[dict[str, Any]]:
    out = []
    for entry in entries:
        comps = entry.get("components") or {}
        c, tau = comps.get("completion"), comps.get("elapsed")
        if c is None or tau is None or abs(c - tau) <= config.off_path_margin:
            continue
        row = {
            "indicator": entry["indicator"],
            "period": comps.get("current_period"),
            "value": comps.get("current_value"),
        }
        zh = f"{entry['name']} 完成度 {c:.0%} 与时间进度 {tau:.0%} 相差过大，请核实数据"
        out.append(
            _warning(
                "off_path", row, zh, "value far off the target path", completion=c, elapsed=tau
            )
        )
    return out


def _baseline_notes(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Say so when a target had no baseline and the first observation stood in for it."""
    out = []
    for entry in entries:
        comps = entry.get("components") or {}
        if (
            comps.get("baseline_source") != "first_observation"
            or comps.get("baseline_value") is None
        ):
            continue
        row = {"indicator": entry["indicator"], "value": comps.get("baseline_value")}
        zh = f"{entry['name']} 规划未给出基期值，以首个观测值 {comps.get('baseline_value'):g} 作为基期"
        out.append(
            _warning(
                "baseline_from_observation",
                row,
                zh,
                "no baseline in the plan; the first observation is used",
            )
        )
    return out


def _outliers(
    plan: dict[str, Any], obs: pl.DataFrame, config: EvalConfig, names: dict[str, str]
) -> list[dict[str, Any]]:
    own = plan.get("region") or ""
    regional = obs.filter(~pl.col("region").is_in(["", own]))
    if regional.is_empty():
        return []
    regions = regional.get_column("region").unique().to_list()
    tree = tree_with_roots(config.region_tree, regions, own or "全域")
    parents = pl.DataFrame(
        {"region": list(tree), "parent": [p or "" for p in tree.values()]},
        schema={"region": pl.String, "parent": pl.String},
    )
    group = ["indicator", "series", "parent", "period"]
    scored = (
        regional.join(parents, on="region", how="left")
        .with_columns(
            pl.col("value").median().over(group).alias("median"), pl.len().over(group).alias("n")
        )
        .with_columns((pl.col("value") - pl.col("median")).abs().median().over(group).alias("mad"))
        .filter(pl.col("n") >= 3, pl.col("mad") > 0)
        .with_columns((0.6745 * (pl.col("value") - pl.col("median")) / pl.col("mad")).alias("z"))
        .filter(pl.col("z").abs() > config.mad_threshold)
        .sort("indicator", "period", "region")
    )
    out = []
    for row in scored.iter_rows(named=True):
        zh = (
            f"{names[row['indicator']]} {row['period']} {row['region']} 为 {row['value']:g}，"
            f"与同级地区中位数 {row['median']:g} 差异过大（修正 z = {row['z']:.1f}）"
        )
        out.append(
            _warning(
                "region_outlier",
                row,
                zh,
                "far from sibling regions (MAD)",
                median=row["median"],
                mad=row["mad"],
                z=row["z"],
            )
        )
    return out
