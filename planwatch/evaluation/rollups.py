"""Roll-ups up the outline (section → plan) and up the region tree.

Outline: status counts and the mean score of the indicators in a section and its sub-sections.
Regions: additive stocks (座, 个, 家 … or ``"aggregation": "sum"``) are summed over child regions;
shares with ``numerator`` and ``denominator`` indicators are recomputed from the summed parts —
never an average of percentages. Each region's own series is evaluated with plan-path against
the plan's target (rates) or against the plan's growth factor applied to the region's first value
(additive stocks: every region keeps pace with the plan), and the statuses are counted up the tree.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import polars as pl

from planwatch.evaluation import plan_path
from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.targets import indicator_spec, is_milestone
from planwatch.evaluation.units import is_additive

# ---------------------------------------------------------------- outline


def outline_rollups(plan: dict[str, Any], entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    sections = plan.get("sections") or []
    parent = {s["id"]: s.get("parent") for s in sections}
    by_section: dict[str | None, list[dict]] = {}
    for entry in entries:
        for ancestor in _ancestors(entry.get("section"), parent):
            by_section.setdefault(ancestor, []).append(entry)
    out = [_counts({"kind": "plan", "id": None, "title": plan.get("title")}, entries)]
    for section in sections:
        head = {"kind": "section", "id": section["id"], "title": section["title"]}
        out.append(_counts(head | {"level": section["level"]}, by_section.get(section["id"], [])))
    return out


def _ancestors(section: str | None, parent: dict[str, str | None]) -> list[str]:
    chain: list[str] = []
    while section is not None and section in parent and section not in chain:
        chain.append(section)
        section = parent[section]
    return chain


def _counts(head: dict[str, Any], entries: list[dict[str, Any]]) -> dict[str, Any]:
    scores = [e["score"] for e in entries if e.get("score") is not None]
    return head | {
        "indicator_count": len(entries),
        "status_counts": dict(sorted(Counter(e["status"] for e in entries).items())),
        # 数据滞后 beside the status from the last value: counted in every roll-up
        "data_overdue": sum(1 for e in entries if (e.get("data") or {}).get("overdue")),
        "mean_score": sum(scores) / len(scores) if scores else None,
    }


# ---------------------------------------------------------------- regions


def aggregation_of(indicator: dict[str, Any], config: EvalConfig) -> str | None:
    explicit = indicator.get("aggregation")
    if explicit in ("sum", "ratio", "none"):
        return None if explicit == "none" else str(explicit)
    if indicator.get("numerator") and indicator.get("denominator"):
        return "ratio"
    unit = indicator.get("unit") or ""
    additive = is_additive(unit, indicator.get("name") or "") or unit in config.additive_units
    return "sum" if additive else None


def tree_with_roots(
    tree: dict[str, str | None], regions: list[str], root: str
) -> dict[str, str | None]:
    """The configured tree; regions missing from it hang directly under the plan's region."""
    full: dict[str, str | None] = dict(tree)
    for region in regions:
        if region not in full and region != root:
            full[region] = root
    return full


def descendants(tree: dict[str, str | None]) -> dict[str, set[str]]:
    """Every node → itself and all nodes below it."""
    below: dict[str, set[str]] = {}
    for node in set(tree) | {p for p in tree.values() if p is not None}:
        below.setdefault(node, {node})
    for node in tree:
        seen: set[str] = set()
        parent = tree.get(node)
        while parent is not None and parent not in seen:
            seen.add(parent)
            below[parent].add(node)
            parent = tree.get(parent)
    return below


def aggregate_regions(
    obs: pl.DataFrame, tree: dict[str, str | None], leaf_only: bool = True
) -> pl.DataFrame:
    """Sum of values over each node's leaf regions, per indicator, series and period.

    obs: indicator, region, series, period, t, value, and optionally unit — a region may have
    several rows (one per reporting unit), which are summed; ``regions`` and ``units`` count the
    distinct regions and units summed. A node's own reported value is not added to its
    children's (it would be counted twice); leaves are regions with no child in the tree.
    """
    parents = {p for p in tree.values() if p is not None}
    below = descendants(tree)
    pairs = [
        (node, leaf)
        for node, members in below.items()
        for leaf in members
        if not leaf_only or leaf not in parents
    ]
    links = pl.DataFrame(pairs, schema={"node": pl.String, "region": pl.String}, orient="row")
    joined = obs.join(links, on="region", how="inner")
    counts = [pl.col("region").n_unique().alias("regions")]
    if "unit" in obs.columns:
        counts.append(pl.col("unit").n_unique().alias("units"))
    return (
        joined.group_by("indicator", "series", "node", "t")
        .agg(pl.col("period").first(), pl.col("value").sum(), *counts)
        .rename({"node": "region"})
        .sort("indicator", "series", "region", "t")
    )


def region_rollups(
    plan: dict[str, Any], obs: pl.DataFrame, as_of_t: float, config: EvalConfig
) -> list[dict[str, Any]]:
    own = plan.get("region") or ""
    root = own or "全域"
    regional = obs.filter(
        ~pl.col("region").is_in(["", own]),
        pl.col("kind") == "indicator",
        pl.col("value").is_not_null(),
    )
    if regional.is_empty():
        return []
    regions = regional.get_column("region").unique().to_list()
    tree = tree_with_roots(config.region_tree, regions, root)
    indicators = [i for i in plan["indicators"] if not is_milestone(i)]
    out = _value_rollups(indicators, regional, tree, config)
    out += _status_rollups(indicators, regional, tree, as_of_t, config)
    return out


def _value_rollups(
    indicators: list[dict[str, Any]],
    obs: pl.DataFrame,
    tree: dict[str, str | None],
    config: EvalConfig,
) -> list[dict[str, Any]]:
    summed = aggregate_regions(
        obs.select("indicator", "region", "series", "period", "t", "value"), tree
    )
    parents = {p for p in tree.values() if p is not None}
    summed = summed.filter(pl.col("region").is_in(list(parents)))
    latest = summed.filter(
        pl.col("t") == pl.col("t").max().over("indicator", "series", "region")
    ).sort("indicator", "series", "region")
    values: dict[str, list[tuple[tuple[str, str, str], dict]]] = {}
    for r in latest.iter_rows(named=True):
        key = (r["indicator"], r["series"], r["region"])
        values.setdefault(r["indicator"], []).append((key, r))
    out = []
    for ind in indicators:
        kind = aggregation_of(ind, config)
        if kind == "sum":
            out += [_value_row(ind, "sum", k, r) for k, r in values.get(ind["id"], [])]
        elif kind == "ratio":
            out += _ratio_rows(ind, summed)
    return out


def _value_row(ind: dict[str, Any], kind: str, key: tuple[str, str, str], row: dict) -> dict:
    return {
        "kind": "region_value",
        "indicator": ind["id"],
        "name": ind["name"],
        "region": key[2],
        "series": key[1] or None,
        "period": row["period"],
        "value": row["value"],
        "aggregation": kind,
        "regions_reporting": row["regions"],
    }


def _ratio_frame(ind: dict[str, Any], summed: pl.DataFrame) -> pl.DataFrame:
    """The share at every node and time where both parts are summed: scale·Σnumerator/Σdenominator
    (×100 for %), null where the denominator is 0."""
    scale = 100.0 if ind.get("unit") == "%" else 1.0
    num = summed.filter(pl.col("indicator") == ind["numerator"]).select(
        "series", "region", "period", "t", pl.col("value").alias("numerator")
    )
    den = summed.filter(pl.col("indicator") == ind["denominator"]).select(
        "series", "region", "period", "t", pl.col("value").alias("denominator")
    )
    both = num.join(den, on=["series", "region", "period", "t"], how="inner")
    share = scale * pl.col("numerator") / pl.col("denominator")
    return both.with_columns(
        pl.when(pl.col("denominator") != 0).then(share).otherwise(None).alias("value")
    )


def _ratio_rows(ind: dict[str, Any], summed: pl.DataFrame) -> list[dict[str, Any]]:
    both = _ratio_frame(ind, summed)
    both = both.filter(pl.col("t") == pl.col("t").max().over("series", "region"))
    both = both.sort("series", "region")
    out = []
    for row in both.iter_rows(named=True):
        value = row["value"]
        out.append(
            {
                "kind": "region_value",
                "indicator": ind["id"],
                "name": ind["name"],
                "region": row["region"],
                "series": row["series"] or None,
                "period": row["period"],
                "value": value,
                "aggregation": "ratio",
                "numerator": row["numerator"],
                "denominator": row["denominator"],
            }
        )
    return out


def subtree_series(
    indicator: dict[str, Any], obs: pl.DataFrame, tree: dict[str, str | None], config: EvalConfig
) -> pl.DataFrame:
    """One indicator rolled up to every node of the tree at every time — the sum over the leaf
    regions for additive stocks, the share recomputed from the summed numerator and denominator
    for shares — or an empty frame when the indicator is not aggregated (``"none"``, or a share
    without both parts).

    obs: as for `aggregate_regions` (a unit column adds ``units``); a share reads the rows of its
    numerator and denominator indicators. Out: indicator, series, region (the node), t, period,
    value, regions, [units,] numerator, denominator — regions and units counted over both parts.
    """
    kind = aggregation_of(indicator, config)
    ident = indicator["id"]
    if kind == "sum":
        summed = aggregate_regions(obs.filter(pl.col("indicator") == ident), tree)
        return summed.with_columns(
            pl.lit(None, pl.Float64).alias("numerator"),
            pl.lit(None, pl.Float64).alias("denominator"),
        )
    parts = [indicator.get("numerator"), indicator.get("denominator")]
    if kind != "ratio" or not all(parts):
        return pl.DataFrame()
    rows = obs.filter(pl.col("indicator").is_in(parts))
    shares = _ratio_frame(indicator, aggregate_regions(rows, tree))
    counted = aggregate_regions(rows.with_columns(pl.lit(ident).alias("indicator")), tree)
    counts = counted.drop("indicator", "period", "value")
    return (
        shares.join(counts, on=["series", "region", "t"], how="left")
        .with_columns(pl.lit(ident).alias("indicator"))
        .sort("series", "region", "t")
    )


def subtree_status(
    indicator: dict[str, Any], series: pl.DataFrame, as_of_t: float, config: EvalConfig
) -> pl.DataFrame:
    """plan-path status of each node's rolled-up series (from `subtree_series`), judged as each
    region's own series is in `_status_rollups`: against the plan's growth factor applied to the
    node's first value (additive stocks) or against the plan's target (shares)."""
    points = series.filter(pl.col("value").is_not_null(), pl.col("t") <= as_of_t)
    if points.is_empty():
        return pl.DataFrame()
    specs = region_specs([indicator], points, as_of_t, config)
    if specs.is_empty():
        return pl.DataFrame()
    return plan_path.evaluate_batch(points, specs, ["indicator", "region", "series"], config)


def region_specs(
    indicators: list[dict[str, Any]], obs: pl.DataFrame, as_of_t: float, config: EvalConfig
) -> pl.DataFrame:
    """One plan-path spec per (indicator, region) series: the plan's target or its growth factor."""
    firsts = obs.group_by("indicator", "region", "series").agg(
        pl.col("value").sort_by("t").first().alias("first_v")
    )
    rows = []
    for ind in indicators:
        spec = indicator_spec(ind, as_of_t, config)
        additive = aggregation_of(ind, config) == "sum"
        factor = None
        if additive and spec.baseline_v and spec.target_v is not None:
            factor = spec.target_v / spec.baseline_v
        rows.append(
            {
                "indicator": ind["id"],
                "target_t": spec.target_t,
                "plan_target": spec.target_v,
                "factor": factor,
                "additive": additive,
                "comparator": spec.comparator,
                "direction": spec.direction,
                "binding": spec.binding,
                "geometric": spec.geometric,
            }
        )
    if not rows:
        return pl.DataFrame()
    plan_specs = pl.DataFrame(rows)
    target = (
        pl.when(pl.col("additive"))
        .then(pl.col("first_v") * pl.col("factor"))
        .otherwise(pl.col("plan_target"))
    )
    joined = firsts.join(plan_specs, on="indicator", how="inner").sort(
        "indicator", "region", "series"
    )
    return joined.select(
        "indicator",
        "region",
        "series",
        pl.lit(None, pl.Float64).alias("baseline_t"),
        pl.lit(None, pl.Float64).alias("baseline_v"),
        pl.col("target_t").cast(pl.Float64),
        target.cast(pl.Float64).alias("target_v"),
        pl.col("comparator").cast(pl.String),
        pl.col("direction").cast(pl.Int8),
        pl.col("binding"),
        pl.col("geometric"),
    )


def _status_rollups(
    indicators: list[dict[str, Any]],
    obs: pl.DataFrame,
    tree: dict[str, str | None],
    as_of_t: float,
    config: EvalConfig,
) -> list[dict[str, Any]]:
    specs = region_specs(indicators, obs, as_of_t, config)
    if specs.is_empty():
        return []
    results = plan_path.evaluate_batch(obs, specs, ["indicator", "region", "series"], config)
    by_region: dict[str, list[dict]] = {}
    for row in results.select("region", "status", "score").iter_rows(named=True):
        by_region.setdefault(row["region"], []).append(row)
    out = []
    for node, members in sorted(descendants(tree).items()):
        rows = [r for m in members for r in by_region.get(m, [])]
        if rows:
            counted = _counts({"kind": "region_status", "region": node}, rows)
            counted["series_count"] = counted.pop("indicator_count")  # (indicator, region) series
            out.append(counted)
    return out
