"""督查督办: open an item against a lagging indicator or overdue task, reply, close."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from planwatch.web.accounts.models import Unit
from planwatch.web.accounts.permissions import require
from planwatch.web.audit import services as audit
from planwatch.web.errors import InvalidInput, WorkflowError
from planwatch.web.plans.models import Indicator, Plan, Project, Task
from planwatch.web.plans.permissions import can_manage_plan
from planwatch.web.supervision.models import SupervisionItem, SupervisionReply
from planwatch.web.supervision.permissions import can_reply_supervision


@transaction.atomic
def open_item(
    *,
    user: Any,
    plan: Plan,
    unit: Unit,
    title: str,
    instruction: str,
    deadline: dt.date,
    indicator: Indicator | None = None,
    project: Project | None = None,
    task: Task | None = None,
) -> SupervisionItem:
    require(can_manage_plan(user, plan), "只有牵头部门可以发起督办")
    if not title.strip() or not instruction.strip():
        raise InvalidInput("督办事项和督办要求不能为空", "title and instruction are required")
    for item in (indicator, project, task):
        if item is not None and item.plan_id != plan.pk:
            raise InvalidInput("督办对象不属于该规划", "item belongs to another plan")
    sup = SupervisionItem.objects.create(
        plan=plan,
        unit=unit,
        title=title.strip(),
        instruction=instruction.strip(),
        deadline=deadline,
        indicator=indicator,
        project=project,
        task=task,
        opened_by=user,
    )
    audit.record(
        actor=user,
        action="open",
        obj=sup,
        after={"unit": unit.pk, "deadline": deadline.isoformat()},
    )
    return sup


@transaction.atomic
def reply(*, user: Any, item: SupervisionItem, text: str) -> SupervisionReply:
    require(can_reply_supervision(user, item), "只有被督办单位可以回复")
    if not text.strip():
        raise InvalidInput("回复内容不能为空", "reply text is required")
    r = SupervisionReply.objects.create(item=item, author=user, text=text.strip())
    SupervisionItem.objects.filter(pk=item.pk).update(state=SupervisionItem.State.REPLIED)
    item.refresh_from_db()
    audit.record(actor=user, action="reply", obj=item, after={"reply": r.pk})
    return r


@transaction.atomic
def close(*, user: Any, item: SupervisionItem, note: str = "") -> SupervisionItem:
    require(can_manage_plan(user, item.plan), "只有牵头部门可以办结督办事项")
    if item.state == SupervisionItem.State.CLOSED:
        raise WorkflowError("该督办事项已办结", "already closed")
    before = {"state": item.state}
    item.state = SupervisionItem.State.CLOSED
    item.closed_at = timezone.now()
    item.closing_note = note.strip()
    item.save(update_fields=["state", "closed_at", "closing_note"])
    audit.record(actor=user, action="close", obj=item, before=before, after={"state": "closed"})
    return item
