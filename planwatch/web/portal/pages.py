"""Page contexts for the plan and indicator pages, shared by the HTML views and their JSON twins."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext

from planwatch.evaluation.labels import status_label
from planwatch.web.accounts.models import Unit
from planwatch.web.monitoring import engine, regional
from planwatch.web.monitoring import shares as target_shares
from planwatch.web.monitoring.models import Assignment, Observation, ReportState
from planwatch.web.monitoring.selectors import indicator_series
from planwatch.web.plans import selectors
from planwatch.web.plans.models import Plan
from planwatch.web.plans.permissions import can_adjust_targets, can_manage_plan, visible_plans


def _sample_indicators(plan: Plan) -> set[int]:
    """Indicators whose headline (plan-region) official values include 示例数据."""
    units = list(Unit.objects.filter(region_id=plan.region_id).values_list("id", flat=True))
    return set(
        Observation.objects.filter(
            unit_id__in=units,
            state=ReportState.APPROVED,
            is_sample=True,
            indicator__plan=plan,
        )
        .values_list("indicator_id", flat=True)
        .distinct()
    )


def _latest(status: dict[str, Any] | None) -> tuple[str | None, float | None]:
    """The headline's latest official value, as the engine read it."""
    components = (status or {}).get("components") or {}
    return components.get("current_period"), components.get("current_value")


def plan_context(user: Any, plan_id: int, *, as_of: dt.date | None = None) -> dict[str, Any]:
    plan = selectors.get_plan(user, plan_id)
    result = engine.evaluate(plan, as_of=as_of)
    status = engine.status_by_key(result)
    samples = _sample_indicators(plan)
    indicators: list[dict[str, Any]] = []
    for ind in selectors.plan_indicators(plan):
        period, value = _latest(status.get(ind.key))
        sample = ind.pk in samples and value is not None
        indicators.append(
            {
                "obj": ind,
                "id": ind.pk,
                "key": ind.key,
                "name": ind.name,
                "unit": ind.unit,
                "nature": ind.nature,
                "section": str(ind.section) if ind.section else None,
                "baseline": {"year": ind.baseline_year, "value": ind.baseline_value},
                "targets": [
                    {"year": t.year, "value": t.value, "comparator": t.comparator}
                    for t in ind.current
                ],
                "latest": {"period": period, "value": value, "sample": sample},
                "status": status.get(ind.key),
            }
        )
    counts: dict[str, int] = {}  # by status code: the page labels them in its own language
    for item in result.get("indicators", []):
        counts[item["status"]] = counts.get(item["status"], 0) + 1
    responsible = _responsible_units(plan)
    coverage = regional.plan_coverage(plan, [i["obj"] for i in indicators], as_of=as_of)
    for item in indicators:
        item["units"] = responsible.get(item["id"], [])
        item["behind"] = (item["status"] or {}).get("status") in engine.BEHIND
        item["regions"] = coverage["indicators"].get(item["key"])  # None: not rolled up
    return {
        "plan": plan,
        "runs": list(
            plan.evaluation_runs.defer("result", "inputs", "summary").select_related("created_by")[
                :10
            ]
        ),
        "candidate_upper_plans": (
            list(visible_plans(user).exclude(pk=plan.pk)) if can_manage_plan(user, plan) else []
        ),
        "sections": list(plan.sections.all()),
        "indicators": indicators,
        "projects": list(plan.projects.all()[:500]),
        "programmes": list(plan.programmes.all()),
        "tasks": list(plan.tasks.select_related("section")[:500]),
        "lower_plans": list(plan.lower_plans.filter(status=Plan.Status.PUBLISHED)),
        "status_counts": counts,
        "as_of": result.get("as_of"),
        "can_manage": can_manage_plan(user, plan),
        "region_level": coverage["level"],
        "region_count": coverage["total"],
    }


def _responsible_units(plan: Plan) -> dict[int, list[dict[str, Any]]]:
    """Up to three responsible units per indicator, and how many there are in all."""
    assigned = Assignment.objects.filter(plan=plan, indicator__isnull=False)
    counts = dict(
        assigned.values("indicator_id").annotate(n=Count("unit")).values_list("indicator_id", "n")
    )
    few = [i for i, n in counts.items() if n <= 3]
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in counts}
    rows = assigned.filter(indicator_id__in=few).values_list(
        "indicator_id", "unit_id", "unit__name"
    )
    for ind_id, unit_id, name in rows:
        out[ind_id].append({"id": unit_id, "name": name})
    for ind_id, n in counts.items():
        if n > 3:
            out[ind_id] = [{"id": None, "name": gettext("%(n)s 个单位") % {"n": n}}]
    return out


def plan_json(ctx: dict[str, Any]) -> dict[str, Any]:
    plan = ctx["plan"]
    return {
        "id": plan.pk,
        "title": plan.title,
        "region": plan.region.name,
        "status": plan.status,
        "period": [plan.period_start, plan.period_end],
        "as_of": ctx["as_of"],
        "status_counts": {status_label(code): n for code, n in ctx["status_counts"].items()},
        "region_count": ctx["region_count"],
        "indicators": [{k: v for k, v in i.items() if k != "obj"} for i in ctx["indicators"]],
    }


SERIES_ROWS = 120  # the table shows the latest rows of one unit; the API pages through all


def indicator_context(
    user: Any, indicator_id: int, *, unit_id: int | None = None
) -> dict[str, Any]:
    ind = selectors.get_indicator(user, indicator_id)
    result = engine.evaluate(ind.plan)
    visible = indicator_series(user, ind)
    units = list(
        ind.assignments.order_by("unit__name").values_list("unit_id", "unit__name").distinct()
    )
    selected = unit_id if unit_id in {u for u, _ in units} else None
    if selected is None:  # default: the unit of the latest value this user may see
        latest = visible.order_by("-period_end").values_list("unit_id", flat=True).first()
        selected = latest if latest is not None else (units[0][0] if units else None)
    rows = visible.none() if selected is None else visible.filter(unit_id=selected)
    rows = rows.order_by("-period_end", "series", "-created_at")
    series = list(rows[:SERIES_ROWS])[::-1]
    history = list(selectors.target_history(ind))
    status = engine.status_by_key(result).get(ind.key)
    chart = engine.indicator_chart(ind, status)
    rollup = regional.indicator_rollup(ind)
    return {
        "indicator": ind,
        "plan": ind.plan,
        "status": status,
        "series": series,
        "reporting_units": units,
        "selected_unit": selected,
        "targets": history,
        "chart": chart,
        "chart_rows": chart["table"],
        "shares": target_shares.overview(ind),
        "can_manage": can_manage_plan(user, ind.plan),
        "can_adjust": can_adjust_targets(user, ind),
        "units": ind.assignments.select_related("unit").prefetch_related("cooperating_units"),
        "region_rollup": rollup,
        "region_chart": {
            "unit": ind.unit,
            "period": rollup["period"],
            "names": [r["name"] for r in rollup["rows"] if r["value"] is not None],
            "values": [r["value"] for r in rollup["rows"] if r["value"] is not None],
        },
    }


def indicator_json(ctx: dict[str, Any]) -> dict[str, Any]:
    ind = ctx["indicator"]
    return {
        "id": ind.pk,
        "key": ind.key,
        "name": ind.name,
        "unit": ind.unit,
        "plan": ctx["plan"].pk,
        "baseline": {"year": ind.baseline_year, "value": ind.baseline_value},
        "status": ctx["status"],
        "targets": [
            {
                "year": t.year,
                "value": t.value,
                "comparator": t.comparator,
                "reason": t.reason,
                "superseded": t.superseded_at is not None,
            }
            for t in ctx["targets"]
        ],
        "region_rollup": ctx["region_rollup"],
        "unit_shown": ctx["selected_unit"],
        "series": [
            {
                "period": o.period,
                "series": o.series,
                "value": o.value,
                "state": o.state,
                "unit": o.unit.name,
                "source": o.source,
                "sample": o.is_sample,
                "version": o.version,
            }
            for o in ctx["series"]
        ],
    }
