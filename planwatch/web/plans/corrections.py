"""Review-screen writes: correcting, item by item, what the extractor read from a plan.

Before publication every extracted item can be corrected (an indicator's terms and targets, a
project, a task) and projects and tasks can be dropped. Publication fixes the plan's own terms:
targets then change only through an adjustment that keeps history (``services.adjust_target``),
projects and tasks not at all. An indicator's roll-up rule (汇总规则, 分子, 分母) stays editable:
it is the platform's, not the plan's, and is often needed only once lower levels report.

Every edit is version-locked, checked by the model's own rules (as the review forms check them)
and audited with the changed fields only; saving an item unchanged writes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F

from planwatch.web.accounts.permissions import require
from planwatch.web.audit import services as audit
from planwatch.web.errors import Conflict, InvalidInput, WorkflowError
from planwatch.web.plans.models import Indicator, Plan, Project, Target, Task
from planwatch.web.plans.permissions import can_manage_plan

INDICATOR_FIELDS = (
    "name",
    "unit",
    "nature",
    "direction",
    "aggregation",
    "numerator",
    "denominator",
    "baseline_year",
    "baseline_value",
)
ROLLUP_FIELDS = ("aggregation", "numerator", "denominator")  # editable after publication too
PROJECT_FIELDS = (
    "name",
    "category",
    "start_year",
    "end_year",
    "total_investment",
    "responsible_unit_name",
)
TASK_FIELDS = ("name", "responsible_unit_name")

Reviewed = Indicator | Project | Task
# The same kind of row in and out (an indicator, project or task; a project or task).
_Row = TypeVar("_Row", Indicator, Project, Task)
_Draft = TypeVar("_Draft", Project, Task)
# What each reviewed kind is called (zh, en); the English word is also the kind's name in URLs.
WHAT = {Indicator: ("指标", "indicator"), Project: ("项目", "project"), Task: ("任务", "task")}
KINDS = {en: model for model, (_, en) in WHAT.items()}
_EDITABLE = {Indicator: INDICATOR_FIELDS, Project: PROJECT_FIELDS, Task: TASK_FIELDS}


@transaction.atomic
def update_indicator(
    *,
    user: Any,
    indicator: Indicator,
    expected_version: int,
    changes: dict[str, Any] | None = None,
    targets: Mapping[int, tuple[float, int | None]] | None = None,
) -> Indicator:
    """Correct an indicator's terms and, before publication, its targets (``targets``: target
    id → (value, year)); after publication only its roll-up rule."""
    published = _lock_plan(user, indicator)
    fresh = _current(indicator, expected_version)
    before, after = _apply(fresh, changes or {})
    moved = _moved_targets(fresh, targets or {})
    if published and (moved or before.keys() - set(ROLLUP_FIELDS)):
        raise InvalidInput(
            "规划已发布：指标的名称、单位、属性、方向和基期值不能再修改，目标值请用“调整”",
            "the plan is published: only the roll-up rule of an indicator can change; "
            "targets change through an adjustment",
        )
    if moved:
        Target.objects.bulk_update([t for t, _, _ in moved], ["value", "year"])
        before["targets"] = [old for _, old, _ in moved]
        after["targets"] = [new for _, _, new in moved]
    return _save(user, indicator, fresh, expected_version, before, after)  # type: ignore[return-value]


@transaction.atomic
def update_project(
    *, user: Any, project: Project, expected_version: int, changes: dict[str, Any]
) -> Project:
    """Correct an extracted project before publication; refused if someone saved it since."""
    return _update_draft_item(user, project, expected_version, changes)  # type: ignore[return-value]


@transaction.atomic
def update_task(*, user: Any, task: Task, expected_version: int, changes: dict[str, Any]) -> Task:
    """Correct an extracted task (text, responsible units) before publication."""
    return _update_draft_item(user, task, expected_version, changes)  # type: ignore[return-value]


@transaction.atomic
def delete_project(*, user: Any, project: Project, expected_version: int) -> None:
    """Drop a wrongly extracted project from a draft plan (with its assignments)."""
    _delete_draft_item(user, project, expected_version)


@transaction.atomic
def delete_task(*, user: Any, task: Task, expected_version: int) -> None:
    """Drop a wrongly extracted task from a draft plan (with its assignments)."""
    _delete_draft_item(user, task, expected_version)


# --- the steps every review edit takes ---------------------------------------------------


def _lock_plan(user: Any, item: Reviewed) -> bool:
    """Check the user may edit the item's plan and lock the plan row, so that a publication
    cannot slip in between this check and the write; True if the plan is published."""
    zh, _ = WHAT[type(item)]
    require(can_manage_plan(user, item.plan), f"您不能修改该规划的{zh}")
    status = Plan.objects.select_for_update().filter(pk=item.plan_id).values_list("status")
    return status.get()[0] == Plan.Status.PUBLISHED


def _refuse_published(item: Reviewed) -> None:
    zh, en = WHAT[type(item)]
    raise InvalidInput(
        f"规划已发布，不能再修改或删除其{zh}", f"the {en}s of a published plan are fixed"
    )


def _conflict(item: Reviewed) -> Conflict:
    zh, en = WHAT[type(item)]
    return Conflict(
        f"该{zh}已被他人修改或删除，请刷新页面后重新编辑",
        f"the {en} was changed or deleted by someone else; reload and edit again",
    )


def _current(item: _Row, expected_version: int) -> _Row:
    """The stored row (locked where the database can), if it is still the version edited."""
    fresh = type(item).objects.select_for_update().filter(pk=item.pk).first()
    if fresh is None or fresh.version != expected_version:
        raise _conflict(item)
    return fresh


def _apply(fresh: Reviewed, changes: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set ``changes`` on the row and check it; the changed fields, before and after."""
    editable = _EDITABLE[type(fresh)]
    unknown = set(changes) - set(editable)
    if unknown:
        raise InvalidInput(f"不可修改的字段：{', '.join(sorted(unknown))}", details=sorted(unknown))
    before = audit.snapshot(fresh, changes)
    for name, value in changes.items():
        setattr(fresh, name, value.strip() if isinstance(value, str) else value)
    _validate(fresh, editable)
    after = audit.snapshot(fresh, changes)
    changed = [name for name in changes if before[name] != after[name]]
    return {n: before[n] for n in changed}, {n: after[n] for n in changed}


def _validate(item: models.Model, editable: tuple[str, ...]) -> None:
    """The model's own rules (``clean``) and field limits, for callers that bypass the form."""
    others = [f.name for f in item._meta.fields if f.name not in editable]
    try:
        item.full_clean(exclude=others, validate_unique=False, validate_constraints=False)
    except ValidationError as err:
        details = {
            field: [str(m) for m in messages] for field, messages in err.message_dict.items()
        }
        first = next(iter(details.values()))[0]
        raise InvalidInput(
            f"输入有误：{first}", f"Invalid input: {first}", details=details
        ) from err


def _moved_targets(
    indicator: Indicator, targets: Mapping[int, tuple[float, int | None]]
) -> list[tuple[Target, dict[str, Any], dict[str, Any]]]:
    """The indicator's current targets given a new (value, year), each with its values before
    and after (set on the object, not yet saved)."""
    current = {t.pk: t for t in indicator.targets.filter(superseded_at__isnull=True)}
    if set(targets) - set(current):
        raise InvalidInput("目标值不属于该指标，请刷新页面", "target of another indicator")
    moved = []
    for pk, (value, year) in targets.items():
        target = current[pk]
        if not math.isfinite(value):
            raise InvalidInput(f"目标值无效：{value}", "target value is not finite")
        if (value, year) != (target.value, target.year):
            old = {"year": target.year, "value": target.value}
            target.value, target.year = value, year
            moved.append((target, old, {"year": year, "value": value}))
    return moved


def _save(
    user: Any,
    item: Reviewed,
    fresh: Reviewed,
    expected_version: int,
    before: dict[str, Any],
    after: dict[str, Any],
) -> Reviewed:
    """Write the changed fields with the next version (nothing if nothing changed) and audit."""
    if not before:
        return fresh
    values = {name: getattr(fresh, name) for name in before if name != "targets"}
    same_version = type(item).objects.filter(pk=fresh.pk, version=expected_version)
    if not same_version.update(**values, version=F("version") + 1):
        raise _conflict(item)
    fresh.version = expected_version + 1
    item.plan.touch_data()
    audit.record(actor=user, action="update", obj=fresh, before=before, after=after)
    return fresh


def _update_draft_item(
    user: Any, item: _Draft, expected_version: int, changes: dict[str, Any]
) -> Reviewed:
    if _lock_plan(user, item):
        _refuse_published(item)
    fresh = _current(item, expected_version)
    before, after = _apply(fresh, changes)
    return _save(user, item, fresh, expected_version, before, after)


def _delete_draft_item(user: Any, item: _Draft, expected_version: int) -> None:
    if _lock_plan(user, item):
        _refuse_published(item)
    fresh = _current(item, expected_version)
    before = {"key": fresh.key, **audit.snapshot(fresh, _EDITABLE[type(item)])}
    before["assignments"] = fresh.assignments.count()
    entry = audit.entry(actor=user, action="delete", obj=fresh, before=before)
    try:
        deleted, _ = type(item).objects.filter(pk=fresh.pk, version=expected_version).delete()
    except models.ProtectedError as err:
        zh, en = WHAT[type(item)]
        raise WorkflowError(
            f"该{zh}已有填报记录，不能删除", f"the {en} has reports and cannot be deleted"
        ) from err
    if not deleted:
        raise _conflict(item)
    item.plan.touch_data()
    entry.save()
