"""Frozen evaluation runs: freeze (plan as it stood + approved observations with their versions
→ the engine's result), open, compare two, and reproduce from the stored inputs.

What reports and the cockpit publish comes from a run, so every published number can be traced
to the inputs it came from and recomputed after later corrections of the data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_noop

from planwatch import clock
from planwatch.errors import PermissionDenied
from planwatch.evaluation import evaluate_plan, observations_from_rows
from planwatch.evaluation.engine import METHODS
from planwatch.web.accounts.permissions import require, scope_of
from planwatch.web.audit import services as audit
from planwatch.web.errors import InvalidInput, NotFound
from planwatch.web.jobs.models import Job
from planwatch.web.jobs.services import finish_job, report_progress
from planwatch.web.monitoring import engine
from planwatch.web.monitoring.models import EvaluationRun, Observation, ReportState
from planwatch.web.plans.models import Plan
from planwatch.web.plans.permissions import can_manage_plan, can_view_plan, visible_plans
from planwatch.web.regions.models import Region


def freeze(*, user: Any, plan: Plan, as_of: dt.date | None = None, method: str = "plan-path"):
    """Evaluate the plan's official data up to ``as_of`` and store the run with its inputs."""
    require(can_manage_plan(user, plan), "您不能对该规划运行评估")
    as_of = as_of or clock.today()
    frozen = compute(plan, as_of, method)
    with transaction.atomic():
        return store(user=user, frozen=frozen)


@dataclass
class Frozen:
    """A run computed but not yet stored: read and evaluated outside any transaction."""

    plan: Plan
    as_of: dt.date
    method: str
    inputs: dict[str, Any]
    result: dict[str, Any]
    data_version: int


def compute(plan: Plan, as_of: dt.date, method: str) -> Frozen:
    _check(plan, as_of, method)
    data_version = Plan.objects.values_list("data_version", flat=True).get(pk=plan.pk)
    inputs = {"plan": engine.plan_document(plan), "observations": _official(plan, as_of)}
    result = reevaluate(inputs, as_of, method)
    return Frozen(plan, as_of, method, inputs, result, data_version)


def store(*, user: Any, frozen: Frozen, job: Any = None) -> EvaluationRun:
    """Write a computed run (inside the caller's transaction) with its audit entry."""
    run = EvaluationRun.objects.create(
        plan=frozen.plan,
        as_of=frozen.as_of,
        method=frozen.method,
        result=frozen.result,
        plan_version=frozen.plan.version,
        data_version=frozen.data_version,
        inputs=frozen.inputs,
        config={},
        fingerprint=fingerprint(frozen.inputs, frozen.as_of, frozen.method),
        summary=summarise(frozen.result),
        created_by=user,
        job=job,
    )
    audit.record(
        actor=user,
        action="create",
        obj=run,
        after={
            "as_of": frozen.as_of.isoformat(),
            "method": frozen.method,
            "fingerprint": run.fingerprint,
        },
    )
    frozen.plan.touch_data()  # pages list the plan's runs; they are cached by data version
    return run


def managed_plans(user: Any, region_id: int) -> list[Plan]:
    """The published plans of a region's subtree that the user may evaluate."""
    s = scope_of(user)
    if not (s.is_admin or region_id in s.planner_regions):
        raise PermissionDenied("您不能评估该地区的规划", "permission denied")
    subtree = Region.objects.filter(
        Q(pk=region_id) | Q(parent_id=region_id) | Q(parent__parent_id=region_id)
    )
    return list(
        Plan.objects.filter(status=Plan.Status.PUBLISHED, region__in=subtree)
        .select_related("region")
        .order_by("region__code", "pk")
    )


def evaluate_region_job(job: Job, *, region_id: int, as_of: str, method: str) -> None:
    """Queued: a run of every published plan of a region's subtree, all stored together."""
    day = dt.date.fromisoformat(as_of)
    plans = managed_plans(job.user, region_id)
    if not plans:
        raise InvalidInput("该地区没有已发布的规划", "no published plans in that region")
    computed = []
    for n, plan in enumerate(plans):
        report_progress(job, 5 + 85 * n // len(plans), gettext_noop("评估规划"))
        if plan.indicators.exists() and not _before_plan(plan, day):
            computed.append(compute(plan, day, method))
    report_progress(job, 92, gettext_noop("保存评估结果"))
    with transaction.atomic():
        stored = [store(user=job.user, frozen=f, job=job) for f in computed]
        url = reverse("monitoring:runs") + f"?job={job.pk}"
        finish_job(job, result=stored[0] if stored else None, url=url)


def _check(plan: Plan, as_of: dt.date, method: str) -> None:
    if method not in METHODS:
        raise InvalidInput(f"未知的评估方法：{method}", f"unknown method {method}")
    if _before_plan(plan, as_of):
        start = plan.period_start or plan.base_year
        raise InvalidInput(
            f"评估基准日 {as_of} 早于规划期（{start} 年起）",
            f"as-of date {as_of} is before the plan starts ({start})",
        )
    if not plan.indicators.exists():
        raise InvalidInput("该规划没有指标，无法评估", "the plan has no indicators to evaluate")


def _before_plan(plan: Plan, as_of: dt.date) -> bool:
    start = plan.period_start or plan.base_year
    return bool(start and as_of.year < start)


def _official(plan: Plan, as_of: dt.date) -> list[dict[str, Any]]:
    """Approved values up to ``as_of`` with what identifies them: id, version, unit."""
    rows = (
        Observation.objects.filter(
            indicator__plan=plan, state=ReportState.APPROVED, period_end__lte=as_of
        )
        .order_by("indicator_id", "period_end", "id")
        .values_list(
            "id",
            "version",
            "indicator__key",
            "period",
            "value",
            "series",
            "unit__region__name",
            "unit__name",
        )
    )
    return [
        {
            "id": i,
            "version": v,
            "indicator": key,
            "period": period,
            "value": value,
            "series": series or None,
            "region": region,
            "unit": unit,
        }
        for i, v, key, period, value, series, region, unit in rows
    ]


def reevaluate(inputs: dict[str, Any], as_of: dt.date, method: str) -> dict[str, Any]:
    """The engine's result for stored inputs (the same call ``freeze`` made)."""
    fields = ("indicator", "period", "value", "series", "region")
    rows = [{k: r[k] for k in fields} for r in inputs["observations"]]
    frame = observations_from_rows(rows, inputs["plan"])
    result = evaluate_plan(inputs["plan"], frame, as_of=as_of, method=method)
    stored: dict[str, Any] = engine.json_safe(result)
    return stored


def fingerprint(inputs: dict[str, Any], as_of: dt.date, method: str) -> str:
    text = json.dumps(
        {"inputs": inputs, "as_of": as_of.isoformat(), "method": method},
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    indicators = result.get("indicators", [])
    finals = [i["final"]["verdict"] for i in indicators if i.get("final")]
    return {
        "indicators": len(indicators),
        "status": dict(Counter(i["status"] for i in indicators)),
        "grade": dict(Counter(i.get("grade", "unknown") for i in indicators)),
        "final": dict(Counter(finals)),
        "data_overdue": sum(1 for i in indicators if (i.get("data") or {}).get("overdue")),
        "projects": dict(Counter(p["schedule_status"] for p in result.get("projects", []))),
        "warnings": len(result.get("warnings", [])),
    }


def visible_runs(user: Any):
    """Runs of the plans the user may see, newest first, without their stored documents."""
    return (
        EvaluationRun.objects.filter(plan__in=visible_plans(user))
        .defer("result", "inputs")
        .select_related("plan", "created_by")
        .order_by("-created_at")
    )


def regions_to_evaluate(user: Any) -> list[Region]:
    """The regions whose plans the user may evaluate together (admin: every province and city)."""
    s = scope_of(user)
    if s.is_admin:
        return list(Region.objects.exclude(level=Region.Level.DISTRICT).order_by("code"))
    return list(Region.objects.filter(pk__in=s.planner_regions).order_by("code")[:200])


def get_run(user: Any, run_id: int) -> EvaluationRun:
    run = EvaluationRun.objects.select_related("plan", "created_by").filter(pk=run_id).first()
    if run is None or not can_view_plan(user, run.plan):
        raise NotFound("评估结果不存在或无权查看", "evaluation run not found")
    return run


def compare(old: EvaluationRun, new: EvaluationRun) -> list[dict[str, Any]]:
    """Indicator by indicator: status, score and progress in each run, and what changed."""
    before = {i["indicator"]: i for i in old.result.get("indicators", [])}
    rows = []
    for item in new.result.get("indicators", []):
        was = before.pop(item["indicator"], None)
        rows.append(_change(item["indicator"], item.get("name"), was, item))
    rows += [_change(key, was.get("name"), was, None) for key, was in before.items()]
    return rows


def _change(key: str, name: str | None, was: dict | None, now: dict | None) -> dict[str, Any]:
    def get(entry: dict | None, field: str) -> Any:
        return None if entry is None else entry.get(field)

    old_score, new_score = get(was, "score"), get(now, "score")
    return {
        "indicator": key,
        "name": name,
        "old_status": get(was, "status"),
        "new_status": get(now, "status"),
        "changed": get(was, "status") != get(now, "status"),
        "old_score": old_score,
        "new_score": new_score,
        "score_change": None
        if old_score is None or new_score is None
        else round(new_score - old_score, 4),
    }
