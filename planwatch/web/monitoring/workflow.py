"""The workflow steps shared by every reviewed report (observations, project reports): the
optimistic lock, saving over an open report, and the review that makes a report official."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models import F, QuerySet

from planwatch.web.audit import services as audit
from planwatch.web.errors import Conflict, InvalidInput, WorkflowError, in_both
from planwatch.web.monitoring.models import ReportState

# An observation or a project report: both carry ``state``, ``version``, ``reporter`` and
# ``evidence``, which the stubs cannot see through ``models.Model`` (hence the ignores below).
_Report = TypeVar("_Report", bound=models.Model)


def locked_transition(
    obj: models.Model, expected_version: int, from_states: list[str], changes: dict[str, Any]
) -> None:
    """Conditional UPDATE on (version, state); the loser of a race gets a clear refusal."""
    model = type(obj)
    n = model._default_manager.filter(
        pk=obj.pk, version=expected_version, state__in=from_states
    ).update(**changes, version=F("version") + 1)
    if n == 0:
        fresh = model._default_manager.get(pk=obj.pk)
        if fresh.version != expected_version:  # type: ignore[attr-defined]
            raise Conflict(
                "该数据已被他人修改（版本已更新），请刷新后再操作",
                "the item was changed by someone else; reload and try again",
            )
        zh, en = in_both(fresh.get_state_display)  # type: ignore[attr-defined]
        raise WorkflowError(f"当前状态（{zh}）不允许此操作", f"not allowed in state {en}")
    if any(hasattr(v, "resolve_expression") for v in changes.values()):
        obj.refresh_from_db()
        return
    for name, value in changes.items():  # what the UPDATE wrote, without reading it back
        setattr(obj, name, value)
    obj.version = expected_version + 1  # type: ignore[attr-defined]


def update_open_report(
    *,
    user: Any,
    current: _Report,
    expected_version: int | None,
    fields: dict[str, Any],
    evidence: UploadedFile | None,
    audited: tuple[str, ...],
    noun: str,
) -> _Report:
    """Save new values over a draft or rejected report (an observation or a project report):
    the version the user saw must still be current, a report awaiting review is not edited,
    and the change is audited before → after. ``noun`` names the report in messages."""
    if expected_version is None or current.version != expected_version:  # type: ignore[attr-defined]
        raise Conflict(
            f"该{noun}已被他人修改（版本已更新），请刷新后再保存",
            "changed by someone else; reload before saving",
        )
    if current.state == ReportState.SUBMITTED:  # type: ignore[attr-defined]
        raise WorkflowError(f"已提交待审核的{noun}不能修改", "a submitted report cannot be edited")
    before = audit.snapshot(current, audited)
    changes = {**fields, "state": ReportState.DRAFT, "reporter": user}
    locked_transition(current, expected_version, [ReportState.DRAFT, ReportState.REJECTED], changes)
    if evidence is not None:
        current.evidence = evidence  # type: ignore[attr-defined]
        current.save(update_fields=["evidence"])
    after = audit.snapshot(current, audited)
    audit.record(actor=user, action="update", obj=current, before=before, after=after)
    return current


def review_report(
    *,
    user: Any,
    report: _Report,
    expected_version: int,
    approve: bool,
    comment: str,
    corrected: QuerySet[Any],
    plan: Any,
    audited: tuple[str, ...],
    changes: dict[str, Any] | None = None,
) -> _Report:
    """Approve or reject a submitted report; a rejection needs a comment. An approved report is
    official: the official report it corrects (``corrected``: the approved rows it replaces,
    at most one) is superseded, never deleted, and ``plan``'s evaluations are out of date.
    ``changes``: more fields the review sets (e.g. when it happened)."""
    comment = comment.strip()
    if not approve and not comment:
        raise InvalidInput(
            "退回时必须填写审核意见", "a rejection needs a comment", details="comment"
        )
    before = audit.snapshot(report, audited)
    if approve:
        for old in corrected.select_for_update().filter(state=ReportState.APPROVED):
            locked_transition(
                old, old.version, [ReportState.APPROVED], {"state": ReportState.SUPERSEDED}
            )
            audit.record(actor=user, action="supersede", obj=old, after={"by": report.pk})
        plan.touch_data()
    state = ReportState.APPROVED if approve else ReportState.REJECTED
    fields = {"state": state, "reviewed_by": user, "review_comment": comment, **(changes or {})}
    locked_transition(report, expected_version, [ReportState.SUBMITTED], fields)
    after = audit.snapshot(report, audited)
    if comment:
        after["comment"] = comment
    action = "approve" if approve else "reject"
    audit.record(actor=user, action=action, obj=report, before=before, after=after)
    return report
