"""Writes on plans: import a ``planwatch.plan/1`` document, publish, link, adjust targets. The
review screen's corrections of single items are in ``plans.corrections``.

Each function is keyword-only, checks permission first and owns its transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from planwatch.contracts import PLAN, problems
from planwatch.errors import ContractError
from planwatch.evaluation.units import is_additive
from planwatch.web.accounts.permissions import require
from planwatch.web.audit import services as audit
from planwatch.web.columns import check_fits
from planwatch.web.errors import Conflict, InvalidInput
from planwatch.web.plans.models import Indicator, Plan, Programme, Project, Section, Target, Task
from planwatch.web.plans.permissions import can_adjust_targets, can_import_plan, can_manage_plan
from planwatch.web.regions.models import Region

# Model fields by the names the plan document gives them, for error paths.
_DOC_NAMES = {
    "key": "id",
    "baseline_year": "baseline/year",
    "baseline_value": "baseline/value",
    "period_start": "period/start",
    "period_end": "period/end",
    "responsible_unit_name": "responsible_unit",
}


def validate_plan_document(plan_doc: Any) -> None:
    if not isinstance(plan_doc, dict):
        raise ContractError("规划 JSON 必须是一个对象", "a plan document must be a JSON object")
    errors = problems(PLAN, plan_doc)
    if errors:
        details = [
            {"path": "/".join(str(p) for p in e.path), "message": e.message} for e in errors[:20]
        ]
        raise InvalidInput(
            f"规划 JSON 不符合约定格式（{len(errors)} 处错误）",
            "plan document does not conform to planwatch.plan/1",
            details=details,
        )


def _aggregation(unit: str | None, name: str) -> str:
    if is_additive(unit, name):
        return Indicator.Aggregation.SUM
    return Indicator.Aggregation.NONE


@transaction.atomic
def import_plan(
    *,
    user: Any,
    plan_doc: dict[str, Any],
    region: Region,
    upper_plan: Plan | None = None,
    source_text: str = "",
) -> Plan:
    """Store a plan document as a draft plan, ready for review; returns the plan."""
    require(can_import_plan(user, region), "您不能为该地区导入规划")
    validate_plan_document(plan_doc)
    period = plan_doc.get("period") or {}
    plan = Plan(
        title=plan_doc["title"],
        region=region,
        period_start=period.get("start"),
        period_end=period.get("end"),
        base_year=plan_doc.get("base_year"),
        upper_plan=upper_plan,
        source=plan_doc.get("source") or {},
        source_text=source_text,
        created_by=user if user.is_authenticated else None,
    )
    check_fits(plan, path="", names=_DOC_NAMES)
    plan.save()
    sections = _import_sections(plan, plan_doc.get("sections") or [])
    _import_indicators(plan, plan_doc["indicators"], sections, user)
    _import_programmes(plan, plan_doc.get("programmes") or [])
    _import_projects(plan, plan_doc["projects"])
    _import_tasks(plan, plan_doc.get("tasks") or [], sections)
    counts = {
        "indicators": len(plan_doc["indicators"]),
        "projects": len(plan_doc["projects"]),
        "sections": len(sections),
    }
    audit.record(actor=user, action="import", obj=plan, after={"title": plan.title, **counts})
    return plan


def _import_sections(plan: Plan, items: list[dict[str, Any]]) -> dict[str, Section]:
    sections: dict[str, Section] = {}
    for order, s in enumerate(items):
        section = Section(
            plan=plan,
            key=s["id"],
            number=s.get("number") or "",
            title=s["title"][:255],
            level=s.get("level") or 1,
            parent=sections.get(s.get("parent") or ""),
            order=order,
        )
        check_fits(section, path=f"sections/{order}", names=_DOC_NAMES)
        section.save()
        sections[section.key] = section
    return sections


def _import_indicators(
    plan: Plan, items: list[dict[str, Any]], sections: dict[str, Section], user: Any
) -> None:
    seen: set[str] = set()
    for order, d in enumerate(items):
        if d["id"] in seen:
            raise InvalidInput(f"指标编号重复：{d['id']}", f"duplicate indicator id {d['id']}")
        seen.add(d["id"])
        baseline = d.get("baseline") or {}
        ind = Indicator(
            plan=plan,
            key=d["id"],
            name=d["name"][:255],
            unit=d.get("unit") or "",
            direction=d.get("direction") or "",
            nature=d.get("nature") or "",
            aggregation=_aggregation(d.get("unit"), d.get("name") or ""),
            baseline_year=baseline.get("year"),
            baseline_value=baseline.get("value"),
            limit=d.get("limit"),
            section=sections.get(d.get("section") or ""),
            evidence=d.get("evidence") or [],
            order=order,
        )
        check_fits(ind, path=f"indicators/{order}", names=_DOC_NAMES)
        ind.save()
        targets = [
            Target(
                indicator=ind,
                year=t.get("year"),
                value=t["value"],
                comparator=t.get("comparator") or ">=",
                created_by=user if user.is_authenticated else None,
            )
            for t in d["targets"]
        ]
        for n, target in enumerate(targets):
            check_fits(target, path=f"indicators/{order}/targets/{n}")
        Target.objects.bulk_create(targets)


def _import_programmes(plan: Plan, items: list[Any]) -> None:
    for order, p in enumerate(items):
        if not isinstance(p, dict):
            continue
        programme = Programme(
            plan=plan,
            key=str(p.get("id") or order),
            name=str(p.get("name") or p.get("title") or "")[:255],
            items=p.get("items") or [],
            order=order,
        )
        check_fits(programme, path=f"programmes/{order}", names=_DOC_NAMES)
        programme.save()


def _import_projects(plan: Plan, items: list[dict[str, Any]]) -> None:
    projects = [
        Project(
            plan=plan,
            key=p["id"],
            name=p["name"][:255],
            category=p.get("category") or [],
            content=p.get("content") or "",
            stage=(p.get("stage") or "")[:32],
            start_year=p.get("start_year"),
            end_year=p.get("end_year"),
            total_investment=p.get("total_investment"),
            period_investment=p.get("period_investment"),
            investment_unit=p.get("investment_unit") or "",
            builder=(p.get("builder") or "")[:255],
            responsible_unit_name=(p.get("responsible_unit") or "")[:255],
            evidence=p.get("evidence") or [],
            order=order,
        )
        for order, p in enumerate(items)
    ]
    for order, project in enumerate(projects):
        check_fits(project, path=f"projects/{order}", names=_DOC_NAMES)
    Project.objects.bulk_create(projects)


def _import_tasks(plan: Plan, items: list[Any], sections: dict[str, Section]) -> None:
    tasks = []
    for order, t in enumerate(items):
        if not isinstance(t, dict):
            continue
        units = t.get("responsible_units") or t.get("responsible_unit") or ""
        if isinstance(units, list):
            units = "、".join(str(u) for u in units)
        tasks.append(
            Task(
                plan=plan,
                key=str(t.get("id") or order),
                name=str(t.get("text") or t.get("name") or t.get("title") or ""),
                section=sections.get(t.get("section") or ""),
                responsible_unit_name=str(units)[:255],
                due_year=t.get("year") if isinstance(t.get("year"), int) else None,
                evidence=t.get("evidence") if isinstance(t.get("evidence"), list) else [],
                order=order,
            )
        )
    for task in tasks:
        check_fits(task, path=f"tasks/{task.order}", names=_DOC_NAMES)
    Task.objects.bulk_create(tasks)


@transaction.atomic
def publish_plan(*, user: Any, plan: Plan, expected_version: int | None = None) -> Plan:
    require(can_manage_plan(user, plan), "您不能发布该规划")
    qs = Plan.objects.filter(pk=plan.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    if not qs.update(status=Plan.Status.PUBLISHED, version=F("version") + 1):
        raise Conflict("该规划已被他人修改，请刷新后再发布", "plan changed since it was loaded")
    plan.refresh_from_db()
    audit.record(
        actor=user,
        action="publish",
        obj=plan,
        before={"status": "draft"},
        after={"status": "published"},
    )
    return plan


@transaction.atomic
def link_upper_plan(*, user: Any, plan: Plan, upper_plan: Plan | None) -> Plan:
    require(can_manage_plan(user, plan), "您不能修改该规划")
    if upper_plan is not None and upper_plan.pk == plan.pk:
        raise InvalidInput("规划不能以自身为上位规划", "a plan cannot be its own upper plan")
    before = {"upper_plan": plan.upper_plan_id}
    plan.upper_plan = upper_plan
    plan.save(update_fields=["upper_plan"])
    plan.touch_data()
    audit.record(
        actor=user,
        action="update",
        obj=plan,
        before=before,
        after={"upper_plan": plan.upper_plan_id},
    )
    return plan


@transaction.atomic
def adjust_target(
    *, user: Any, target: Target, value: float, year: int | None = None, reason: str
) -> Target:
    """Mid-term adjustment: a new target supersedes the old one, which is kept with who and why."""
    require(can_adjust_targets(user, target.indicator), "您不能调整该指标的目标值")
    if not reason.strip():
        raise InvalidInput("调整目标值必须说明原因", "a target adjustment needs a reason")
    locked = Target.objects.select_for_update().get(pk=target.pk)
    if locked.superseded_at is not None:
        raise Conflict("该目标值已被调整过，请刷新后再操作", "target was already superseded")
    new = Target.objects.create(
        indicator=locked.indicator,
        year=locked.year if year is None else year,
        value=value,
        comparator=locked.comparator,
        created_by=user,
        reason=reason.strip(),
    )
    locked.indicator.plan.touch_data()
    locked.superseded_at = timezone.now()
    locked.superseded_by = new
    locked.save(update_fields=["superseded_at", "superseded_by"])
    audit.record(
        actor=user,
        action="adjust_target",
        obj=locked.indicator,
        before={"target_id": locked.pk, "year": locked.year, "value": locked.value},
        after={"target_id": new.pk, "year": new.year, "value": new.value, "reason": new.reason},
    )
    return new
