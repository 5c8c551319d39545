"""The web layer's one door to the evaluation engine: models → contract documents → results.

Every judgment a page, a form, the API or an upload shows comes from ``planwatch.evaluation``;
this module only turns stored rows into the engine's documents and caches its answers.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable
from typing import Any, cast

from django.core.cache import cache

from planwatch import clock
from planwatch.evaluation import chart, evaluate_plan, judge, observations_from_rows, shares
from planwatch.evaluation.types import IndicatorResult
from planwatch.evaluation.types import Plan as PlanDocument
from planwatch.web.accounts.models import Unit
from planwatch.web.monitoring.models import Assignment, Observation, ReportState, TargetShare
from planwatch.web.plans.models import Indicator, Plan

log = logging.getLogger(__name__)

BEHIND = judge.BEHIND


def indicator_document(ind: Indicator, reporting: tuple[str, int] | None = None) -> dict[str, Any]:
    """``reporting``: (frequency, days of grace) of the plan region's own reporting unit."""
    every = list(ind.targets.all())
    replacing = {t.superseded_by_id for t in every if t.superseded_by_id is not None}
    targets = [
        {"year": t.year, "value": t.value, "comparator": t.comparator}
        | ({"adjusted": True} if t.pk in replacing else {})  # a mid-term adjustment (调整)
        for t in every
        if t.superseded_at is None
    ]
    baseline = None
    if ind.baseline_value is not None:
        baseline = {"year": ind.baseline_year, "value": ind.baseline_value}
    return {
        "id": ind.key,
        "name": ind.name,
        "unit": ind.unit or None,
        "direction": ind.direction or None,
        "nature": ind.nature or None,
        "baseline": baseline,
        "targets": targets,
        "section": ind.section.key if ind.section_id and ind.section else None,
        "evidence": ind.evidence or [],
        "limit": ind.limit,
        "reporting": None
        if reporting is None
        else {"frequency": reporting[0], "grace_days": reporting[1]},
    }


def plan_document(plan: Plan) -> dict[str, Any]:
    """The plan as a ``planwatch.plan/1`` document (indicators and projects)."""
    indicators = plan.indicators.select_related("section").prefetch_related("targets")
    # the cadence of the plan region's own unit decides when its series is 数据滞后
    cadence = {
        ind_id: (frequency, due_days)
        for ind_id, frequency, due_days in Assignment.objects.filter(
            plan=plan, indicator__isnull=False, unit__region_id=plan.region_id
        )
        .order_by("-id")
        .values_list("indicator_id", "frequency", "due_days")
    }
    period = None
    if plan.period_start and plan.period_end:
        period = {"start": plan.period_start, "end": plan.period_end}
    return {
        "schema": "planwatch.plan/1",
        "title": plan.title,
        "region": plan.region.name,
        "period": period,
        "base_year": plan.base_year,
        "sections": [
            {
                "id": s.key,
                "number": s.number or None,
                "title": s.title,
                "level": s.level,
                "parent": s.parent.key if s.parent else None,
            }
            for s in plan.sections.select_related("parent")
        ],
        "indicators": [indicator_document(i, cadence.get(i.pk)) for i in indicators],
        "projects": [
            {
                "id": p.key,
                "name": p.name,
                "category": p.category,
                "start_year": p.start_year,
                "end_year": p.end_year,
                "total_investment": p.total_investment,
                "responsible_unit": p.responsible_unit_name or None,
            }
            for p in plan.projects.all()
        ],
        "programmes": [],
        "tasks": [],
    }


def official_rows(
    plan: Plan,
    as_of: dt.date,
    *,
    headline_only: bool = False,
    indicator_ids: set[int] | None = None,
    unit_ids: set[int] | None = None,
) -> list[dict[str, Any]]:
    """Approved values as engine rows. ``headline_only`` keeps the units of the plan's own
    region — all the engine reads for indicator statuses (its headline series)."""
    qs = Observation.objects.filter(
        indicator__plan=plan, state=ReportState.APPROVED, period_end__lte=as_of
    )
    if headline_only:
        qs = qs.filter(unit__region_id=plan.region_id)
    if indicator_ids is not None:
        qs = qs.filter(indicator_id__in=indicator_ids)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    rows = qs.values_list("indicator__key", "period", "value", "series", "unit__region__name")
    return [
        {"indicator": k, "period": p, "value": v, "series": s or None, "region": r}
        for k, p, v, s, r in rows
    ]


def evaluate(
    plan: Plan, *, as_of: dt.date | None = None, headline_only: bool = True
) -> dict[str, Any]:
    """An evaluation document for the plan's official data up to ``as_of``, cached (shared by
    all worker processes) until the plan's official data or targets change (``data_version``).

    Pages need only indicator statuses, which the engine reads from the headline series;
    ``headline_only=False`` also feeds every region, for roll-ups and data-quality warnings.
    """
    as_of = as_of or clock.today()
    scope = "headline" if headline_only else "full"
    return cached_for_plan(
        plan,
        f"eval:{as_of.isoformat()}:{scope}",
        lambda: _evaluate(plan, as_of, headline_only=headline_only),
    )


def cached_for_plan(plan: Plan, key: str, compute: Callable[[], Any], ttl: int = 24 * 3600) -> Any:
    """``compute()`` once per version of the plan's official data (approvals, targets and
    assignments bump ``data_version``), in the cache every worker and host shares."""
    version = Plan.objects.filter(pk=plan.pk).values_list("data_version", flat=True).first()
    full_key = f"pw-plan:{plan.pk}:{version}:{key}"
    result = cache.get(full_key)
    if result is None:
        result = compute()
        cache.set(full_key, result, ttl)
    return result


def _evaluate(plan: Plan, as_of: dt.date, *, headline_only: bool) -> dict[str, Any]:
    doc = plan_document(plan)
    rows = official_rows(plan, as_of, headline_only=headline_only)
    return json_safe(_engine(doc, rows, as_of))


def json_safe(value: Any) -> Any:
    """NaN and ±inf become null: stored results and API bodies must be strict JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def _engine(doc: dict[str, Any], rows: list[dict[str, Any]], as_of: dt.date) -> dict[str, Any]:
    frame = observations_from_rows(rows, doc)
    run = evaluate_plan(_typed(doc), frame, as_of=as_of, method="plan-path", config=None)
    return cast(dict[str, Any], run)  # the web reads runs as plain JSON documents


def _typed(doc: dict[str, Any]) -> PlanDocument:
    """A plan document built here as the core's typed ``Plan``: the database holds its values
    as wider types (text for the contract's literals), so the shape is asserted, not inferred."""
    return cast(PlanDocument, doc)


def _one_indicator_plan(plan: Plan, doc: dict[str, Any]) -> PlanDocument:
    """The part of a plan document the judge and the chart read: period, base year and the
    one indicator."""
    span = None
    if plan.period_start and plan.period_end:
        span = {"start": plan.period_start, "end": plan.period_end}
    return _typed({"period": span, "base_year": plan.base_year, "indicators": [doc]})


# Indicator documents by plan data version, per worker process: targets and baselines change
# only with a new data version, so a reporting burst reads them once. The plan's creation time
# is in the key too, so ids reused by another database (a test, a restore) never match.
_DOCUMENTS: dict[tuple[Any, ...], dict[str, Any]] = {}
_DOCUMENTS_MAX = 4096


def indicator_document_at(indicator: Indicator, plan: Plan) -> dict[str, Any]:
    """``indicator_document`` of an indicator of ``plan`` as of the plan's loaded data version."""
    key = (indicator.pk, plan.pk, plan.created_at, plan.data_version)
    doc = _DOCUMENTS.get(key)
    if doc is None:
        if len(_DOCUMENTS) >= _DOCUMENTS_MAX:
            _DOCUMENTS.clear()
        doc = _DOCUMENTS[key] = indicator_document(indicator)
    return doc


def would_be_behind(
    *,
    indicator: Indicator,
    unit: Unit,
    period: str,
    value: float,
    series: str = "",
    plan: Plan | None = None,
) -> bool:
    """Would this value put its series behind the plan path? (decides if 滞后原因 is required)

    The engine's answer (``planwatch.evaluation.judge``) for the series the value belongs to:
    the plan region's own series against the plan's target, or a lower region's series against
    that region's share of it (细化分解); a lower region without a share is not judged, since
    the whole region's target does not describe it.
    ``plan``: the indicator's plan if already loaded (its data version keys a reusable document).
    """
    plan = plan or indicator.plan
    if series:
        return False
    doc = indicator_document_at(indicator, plan)
    if unit.region_id != plan.region_id:
        share = (
            TargetShare.objects.filter(indicator=indicator, region_id=unit.region_id)
            .order_by("-year")
            .first()
        )
        if share is None:
            return False
        doc = shares.share_indicator(doc, share.document())
    history: list[tuple[str, float]] = []
    if judge.needs_history(doc):
        history = list(
            Observation.objects.filter(
                indicator=indicator,
                unit__region_id=unit.region_id,
                state=ReportState.APPROVED,
                series="",
            ).values_list("period", "value")
        )
    mini = _one_indicator_plan(plan, doc)
    result = judge.series_status(mini, doc["id"], history, period, value)
    return judge.is_behind(result)


def indicator_chart(
    indicator: Indicator, entry: dict[str, Any] | None, as_of: dt.date | None = None
) -> dict[str, Any]:
    """What the indicator page draws, from the engine (``planwatch.evaluation.chart``): the
    plan region's official series, the engine's path and forecast, and each lower region's own
    series beside it, named (never mixed into the plan region's)."""
    plan = indicator.plan
    as_of = as_of or clock.today()
    rows = Observation.objects.filter(
        indicator=indicator, state=ReportState.APPROVED, series="", period_end__lte=as_of
    ).values_list("period", "value", "unit__region_id", "unit__region__name")
    official: dict[str, float] = {}
    regions: dict[str, dict[str, float]] = {}
    for period, value, region_id, region_name in rows.order_by("period_end", "id"):
        if region_id == plan.region_id:
            official[period] = value
        else:
            regions.setdefault(region_name, {})[period] = value
    doc = indicator_document(indicator)
    mini = _one_indicator_plan(plan, doc)
    data = chart.indicator_chart(mini, doc["id"], list(official.items()), _result(entry))
    data["regions"] = [
        {
            "name": name,
            "points": chart.indicator_chart(mini, doc["id"], list(v.items()), None)["actual"],
        }
        for name, v in sorted(regions.items())
    ]
    data["unit"] = indicator.unit
    return data


def _result(entry: dict[str, Any] | None) -> IndicatorResult | None:
    """An indicator's entry of a stored run (plain JSON) as the core's typed result."""
    return cast("IndicatorResult | None", entry)


def status_by_key(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["indicator"]: item for item in result.get("indicators", [])}


PLAUSIBILITY_CODES = {"yoy_change", "stock_fell", "region_outlier"}


def plausibility_warnings(plan: Plan, candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The engine's data-quality warnings that concern the candidate values (not yet stored),
    read against the reporting units' own official history of the same indicators.
    Rows: indicator (key), period, value, region, plus indicator_id and unit_id."""
    if not candidates:
        return []
    keys = {(c["indicator"], c["period"], c.get("region")) for c in candidates}
    horizon = dt.date(max(2100, (plan.period_end or 0) + 1), 12, 31)
    history = official_rows(
        plan,
        horizon,
        indicator_ids={c["indicator_id"] for c in candidates},
        unit_ids={c["unit_id"] for c in candidates},
    )
    rows = [r for r in history if (r["indicator"], r["period"], r["region"]) not in keys]
    rows += [
        {k: c[k] for k in ("indicator", "period", "value", "region")} | {"series": None}
        for c in candidates
    ]
    result = _engine(plan_document(plan), rows, horizon)
    wanted = {(c["indicator"], c["period"]) for c in candidates}
    return [
        w
        for w in result.get("warnings", [])
        if w.get("code") in PLAUSIBILITY_CODES and (w.get("indicator"), w.get("period")) in wanted
    ]
