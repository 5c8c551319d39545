"""Region roll-ups for the plan and indicator pages: the approved values reported below a plan's
region, rolled up to each child region by the evaluation engine — one query per page, cached by
the plan's data version like the evaluation itself.

Only approved values of the total series (no 城镇/农村 breakdown) are read, so the public and
signed-in users see the same official figures. Node ids given to the engine are GB/T 2260 codes
(names repeat across the country); a reporting region hangs under the child of the plan's region
whose code prefix it carries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import polars as pl
from django.db.models import OuterRef, Q, Subquery

from planwatch import clock
from planwatch.evaluation import rollups
from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.labels import status_label
from planwatch.evaluation.periods import date_time, parse_period
from planwatch.web.monitoring.engine import cached_for_plan, indicator_document
from planwatch.web.monitoring.models import Observation, ReportState
from planwatch.web.plans.models import Indicator, Plan
from planwatch.web.regions.selectors import current_regions

CONFIG = EvalConfig()
ENGINE = "planwatch.evaluation"
_FRAME = {
    "indicator": pl.String,
    "region": pl.String,
    "series": pl.String,
    "period": pl.String,
    "t": pl.Float64,
    "value": pl.Float64,
    "unit": pl.String,
}


def plan_coverage(
    plan: Plan, indicators: list[Indicator], *, as_of: dt.date | None = None
) -> dict[str, Any]:
    """For each indicator that can be aggregated: how many child regions reported in its latest
    period (``{"level", "total", "indicators": {key: {"period", "reported"}}}``)."""
    as_of = as_of or clock.today()
    key = f"regional:{as_of}:coverage"
    return cached_for_plan(plan, key, lambda: _coverage(plan, indicators, as_of))


def indicator_rollup(indicator: Indicator, *, as_of: dt.date | None = None) -> dict[str, Any]:
    """The table 分地区汇总 of one indicator: each child region's rolled-up value in the latest
    period any of them reported, the units behind it and its status against the plan path."""
    as_of = as_of or clock.today()
    plan = indicator.plan
    key = f"regional:{as_of}:indicator:{indicator.pk}"
    return cached_for_plan(plan, key, lambda: _indicator_rollup(indicator, plan, as_of))


# ---------------------------------------------------------------- the two pages


def _coverage(plan: Plan, indicators: list[Indicator], as_of: dt.date) -> dict[str, Any]:
    children = _children(plan)
    out: dict[str, Any] = {"level": _level(children), "total": len(children), "indicators": {}}
    keys = _keys(indicators)
    specs = [s for s in (_spec(i, keys) for i in indicators) if s is not None]
    if not specs or not children:
        return out
    sums = [s["id"] for s in specs if s["aggregation"] == "sum"]
    parts = [p for s in specs if s["aggregation"] == "ratio" for p in _parts(s)]
    frame = _frame(_rows(plan, as_of, every=parts, latest=sums))
    tree = _tree(frame, children, plan.region.code)
    codes = [c["code"] for c in children]
    for spec in specs:
        latest = _latest(rollups.subtree_series(spec, frame, tree, CONFIG), codes)
        period = None if latest.is_empty() else latest.get_column("period")[0]
        reported = latest.get_column("region").n_unique() if period else 0
        out["indicators"][spec["id"]] = {"period": period, "reported": reported}
    return out


def _indicator_rollup(ind: Indicator, plan: Plan, as_of: dt.date) -> dict[str, Any]:
    children = _children(plan)
    out: dict[str, Any] = {
        "aggregation": ind.aggregation,
        "level": _level(children),
        "children": len(children),
        "period": None,
        "rows": [],
        "total": None,
    }
    if not children:
        return out | {"aggregated": False}
    keys = _keys(plan.indicators.all()) if ind.aggregation == Indicator.Aggregation.RATIO else {}
    spec = _spec(ind, keys, document=True)
    out["aggregated"] = spec is not None
    if spec is None:
        return out
    frame = _frame(_rows(plan, as_of, every=_parts(spec)))
    root = plan.region.code
    series = rollups.subtree_series(spec, frame, _tree(frame, children, root), CONFIG)
    codes = [c["code"] for c in children]
    latest = _latest(series, codes)
    if latest.is_empty():
        return out
    t = latest.get_column("t")[0]
    at = {r["region"]: r for r in series.filter(pl.col("t") == t).iter_rows(named=True)}
    # judged as the headline is: the target in force on the as-of date, the latest value
    status = rollups.subtree_status(spec, series, date_time(as_of), CONFIG)
    by_node = {} if status.is_empty() else {r["region"]: r for r in status.iter_rows(named=True)}
    out["period"] = latest.get_column("period")[0]
    out["rows"] = [_row(c["code"], c["name"], at, by_node) for c in children]
    out["total"] = _row(root, plan.region.name, at, by_node)
    return out


def _row(code: str, name: str, at: dict[str, dict], status: dict[str, dict]) -> dict[str, Any]:
    found = at.get(code)
    row: dict[str, Any] = {"code": code, "name": name, "reported": found is not None}
    for field in ("value", "regions", "units", "numerator", "denominator"):
        row[field] = None if found is None else found.get(field)
    judged = status.get(code) if found is not None else None
    row["status"] = None
    if judged is not None and judged["status"] is not None:
        row["status"] = {
            "status": judged["status"],
            "status_label": status_label(judged["status"]),
            "score": judged["score"],
            "components": {"engine": ENGINE, "expected_value": judged.get("expected_value")},
        }
    return row


# ---------------------------------------------------------------- plumbing


def _children(plan: Plan) -> list[dict[str, str]]:
    regions = current_regions().filter(parent_id=plan.region_id).order_by("code")
    return [
        {"code": r.code, "name": r.name, "level": r.level, "prefix": r.code_prefix} for r in regions
    ]


def _level(children: list[dict[str, str]]) -> str | None:
    levels = {c["level"] for c in children}
    return levels.pop() if len(levels) == 1 else None


def _keys(indicators: Iterable[Indicator]) -> dict[str, str]:
    """Numerator and denominator name another indicator of the plan, by key or exact name."""
    keys: dict[str, str] = {}
    for ind in indicators:
        keys.setdefault(ind.name, ind.key)
        keys[ind.key] = ind.key
    return keys


def _spec(ind: Indicator, keys: dict[str, str], *, document: bool = False) -> dict[str, Any] | None:
    """The indicator as the engine reads it, or None if it is not rolled up (``none``, or a share
    whose numerator and denominator are not both indicators of the plan)."""
    spec: dict[str, Any] = {"id": ind.key, "name": ind.name, "unit": ind.unit or None}
    if document:
        spec = indicator_document(ind)
    spec["aggregation"] = ind.aggregation
    if ind.aggregation == Indicator.Aggregation.RATIO:
        num, den = keys.get(ind.numerator.strip()), keys.get(ind.denominator.strip())
        if not (num and den):
            return None
        return spec | {"numerator": num, "denominator": den}
    return spec if ind.aggregation == Indicator.Aggregation.SUM else None


def _parts(spec: dict[str, Any]) -> list[str]:
    if spec["aggregation"] == Indicator.Aggregation.RATIO:
        return [spec["numerator"], spec["denominator"]]
    return [spec["id"]]


def _rows(
    plan: Plan, as_of: dt.date, *, every: Iterable[str] = (), latest: Iterable[str] = ()
) -> list[tuple]:
    """The one query: approved total-series values of units below the plan's region — every
    period for ``every`` indicator keys, only the latest period for ``latest`` ones."""
    regional = Observation.objects.filter(
        indicator__plan=plan,
        state=ReportState.APPROVED,
        series="",
        period_end__lte=as_of,
        unit__region__code__startswith=plan.region.code_prefix,
    ).exclude(unit__region__code=plan.region.code)
    wanted = Q(indicator__key__in=list(every))
    # The latest period of each indicator first (one index probe per indicator, not a
    # correlated subquery per observation row: national plans hold tens of millions of rows).
    newest = (
        regional.filter(indicator_id=OuterRef("pk"))
        .order_by("-period_end")
        .values("period_end")[:1]
    )
    latest_ends = (
        Indicator.objects.filter(plan=plan, key__in=list(latest))
        .annotate(newest=Subquery(newest))
        .values_list("pk", "newest")
    )
    for indicator_id, end in latest_ends:
        if end is not None:
            wanted |= Q(indicator_id=indicator_id, period_end=end)
    fields = ("indicator__key", "unit__region__code", "period", "value", "unit_id")
    return list(regional.filter(wanted).values_list(*fields))


def _frame(rows: list[tuple]) -> pl.DataFrame:
    records = []
    for key, region, period, value, unit in rows:
        try:
            t = parse_period(period).t
        except ValueError:
            continue
        records.append((key, region, "", period, t, value, str(unit)))
    return pl.DataFrame(records, schema=_FRAME, orient="row")


def _tree(frame: pl.DataFrame, children: list[dict[str, str]], root: str) -> dict[str, str | None]:
    """Reporting region → the child of the plan's region it lies in → the plan's region."""
    tree: dict[str, str | None] = {c["code"]: root for c in children}
    for code in frame.get_column("region").unique().to_list():
        if code not in tree:
            inside = (c["code"] for c in children if code.startswith(c["prefix"]))
            tree[code] = next(inside, root)
    return tree


def _latest(series: pl.DataFrame, codes: list[str]) -> pl.DataFrame:
    """The child regions' rows in the latest period any of them has."""
    if series.is_empty():
        return series
    mine = series.filter(pl.col("region").is_in(codes))
    return mine.filter(pl.col("t") == pl.col("t").max())
