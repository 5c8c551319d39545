"""Writes of the reporting loop: assign → report (draft) → submit → approve | reject.

Every save is optimistic-locked on ``version``: the second of two concurrent saves is refused
with a clear message. Approved values are never edited; a correction supersedes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from planwatch.evaluation.numbers import NumberFormatError, parse_number
from planwatch.web.accounts.models import Unit
from planwatch.web.accounts.permissions import require
from planwatch.web.audit import services as audit
from planwatch.web.errors import Conflict, InvalidInput, in_both
from planwatch.web.monitoring import engine, periods, runs
from planwatch.web.monitoring.models import (
    Assignment,
    Frequency,
    Observation,
    ReportState,
)
from planwatch.web.monitoring.permissions import can_edit_observation, can_report, can_review
from planwatch.web.monitoring.workflow import locked_transition, review_report, update_open_report
from planwatch.web.plans.models import Indicator, Plan, Project, Task
from planwatch.web.plans.permissions import can_manage_plan
from planwatch.web.prepared import Param, Prepared

EVIDENCE_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".ofd"}
_AUDITED = ("value", "period", "series", "state", "version", "lag_reason", "next_steps")


# --- assignments -------------------------------------------------------------------------


@transaction.atomic
def assign(
    *,
    user: Any,
    plan: Plan,
    unit: Unit,
    indicators: Iterable[Indicator] = (),
    projects: Iterable[Project] = (),
    tasks: Iterable[Task] = (),
    frequency: str = Frequency.ANNUAL,
    due_days: int = 30,
    cooperating: Iterable[Unit] = (),
) -> list[Assignment]:
    """Make ``unit`` responsible for the given items (bulk); an existing assignment is updated."""
    require(can_manage_plan(user, plan), "您不能为该规划分配责任单位")
    Frequency(frequency)
    cooperating = list(cooperating)
    out: list[Assignment] = []
    items: list[tuple[str, Indicator | Project | Task]] = [("indicator", i) for i in indicators]
    items += [("project", p) for p in projects]
    items += [("task", t) for t in tasks]
    for field, item in items:
        if item.plan_id != plan.pk:
            raise InvalidInput(f"「{item}」不属于该规划", "item belongs to another plan")
        lookup: dict[str, Any] = {"plan": plan, "unit": unit, field: item}
        assignment, _ = Assignment.objects.update_or_create(
            **lookup, defaults={"frequency": frequency, "due_days": due_days}
        )
        if cooperating:
            assignment.cooperating_units.set(cooperating)
        out.append(assignment)
    plan.touch_data()
    audit.record(
        actor=user,
        action="assign",
        obj=plan,
        after={"unit": unit.pk, "items": len(out), "frequency": frequency, "due_days": due_days},
    )
    return out


# --- observations ------------------------------------------------------------------------


def check_period(assignment: Assignment, period: str) -> periods.Period:
    p = periods.parse(period)
    if p is None:
        raise InvalidInput(
            f"期间格式不正确：{period}（应为 2023、2023-Q2 或 2023-06）",
            "bad period",
            details="period",
        )
    if p.frequency != assignment.frequency:
        zh, en = in_both(assignment.get_frequency_display)
        raise InvalidInput(
            f"期间 {period} 与填报频率（{zh}）不符",
            f"period {period} does not match the reporting frequency ({en})",
            details="period",
        )
    plan = assignment.plan
    first = plan.base_year or plan.period_start
    if (first and p.year < first) or (plan.period_end and p.year > plan.period_end):
        raise InvalidInput(f"期间 {period} 超出规划期", "period outside the plan", details="period")
    return p


def check_value(value: Any) -> float:
    """The core's one number rule (``planwatch.evaluation.numbers``): ``12,3`` is ambiguous."""
    try:
        return parse_number(value)
    except NumberFormatError as err:
        raise InvalidInput(err.zh, err.en, details="value") from err


def check_evidence(upload: UploadedFile | None) -> None:
    if upload is None:
        return
    name = (upload.name or "").lower()
    if not any(name.endswith(ext) for ext in EVIDENCE_TYPES):
        allowed = "、".join(sorted(EVIDENCE_TYPES))
        raise InvalidInput(
            f"佐证材料类型不支持（允许：{allowed}）", "file type", details="evidence"
        )
    if upload.size and upload.size > settings.MAX_UPLOAD_BYTES:
        raise InvalidInput("佐证材料过大", "evidence file too large", details="evidence")


def _checked(
    user: Any, assignment: Assignment, period: str, value: Any, evidence: UploadedFile | None
) -> tuple[periods.Period, float]:
    """The checks every report passes before anything is read or written."""
    require(can_report(user, assignment), "您不是该事项的填报员")
    if assignment.indicator_id is None:
        raise InvalidInput("该分配不是指标填报任务", "not an indicator assignment")
    p = check_period(assignment, period)
    number = check_value(value)
    check_evidence(evidence)
    return p, number


def _report_key(assignment: Assignment, p: periods.Period, series: str) -> dict[str, Any]:
    return {
        "indicator_id": assignment.indicator_id,
        "unit_id": assignment.unit_id,
        "period": p.text,
        "series": series,
    }


@transaction.atomic
def save_draft(
    *,
    user: Any,
    assignment: Assignment,
    period: str,
    value: Any,
    series: str = "",
    source: str = "",
    note: str = "",
    lag_reason: str = "",
    next_steps: str = "",
    evidence: UploadedFile | None = None,
    expected_version: int | None = None,
) -> Observation:
    """Create or update the unit's open report for (indicator, period, series)."""
    p, number = _checked(user, assignment, period, value, evidence)
    key = _report_key(assignment, p, series)
    fields = {
        "value": number,
        "source": source,
        "note": note,
        "lag_reason": lag_reason,
        "next_steps": next_steps,
    }
    current, approved = _existing(key)
    if current is None:
        return _create(user, assignment, key, p, fields, evidence, approved)
    return update_open_report(
        user=user,
        current=current,
        expected_version=expected_version,
        fields=fields,
        evidence=evidence,
        audited=_AUDITED,
        noun="数据",
    )


_OPEN = (ReportState.DRAFT, ReportState.SUBMITTED, ReportState.REJECTED)


# The open report and the official value of one (indicator, unit, period, series), read in one
# query (the unique constraints allow at most one of each). The state condition is written as
# the two partial unique indexes' conditions, so PostgreSQL probes both indexes instead of
# scanning every row of the indicator.
_REPORTS_OF_KEY = Prepared(
    Observation.objects.filter(
        Q(state=ReportState.APPROVED) | Q(state__in=_OPEN),
        indicator_id=Param("indicator_id"),
        unit_id=Param("unit_id"),
        period=Param("period"),
        series=Param("series"),
    ).order_by()
)


def _existing(key: dict[str, Any]) -> tuple[Observation | None, Observation | None]:
    """The open report and the official value of ``key`` (see ``_report_key``)."""
    current = approved = None
    for obs in _REPORTS_OF_KEY.fetch(**key):
        if obs.state == ReportState.APPROVED:
            approved = obs
        else:
            current = obs
    return current, approved


def _create(
    user: Any,
    assignment: Assignment,
    key: dict[str, Any],
    p: periods.Period,
    fields: dict[str, Any],
    evidence: UploadedFile | None,
    approved: Observation | None,
    *,
    submit: bool = False,
) -> Observation:
    """A new report: a draft, or with ``submit`` a report sent for review at once (a machine
    client's push). That row is inserted as submitted, at the version a saved-then-submitted
    draft would have, and audited as one submission with nothing before it."""
    obs = Observation(
        **key,
        **fields,
        assignment=assignment,
        indicator=assignment.indicator,  # already loaded
        unit=assignment.unit,
        period_end=p.end,
        reporter=user,
        supersedes=approved,
        evidence=evidence or "",
    )
    if submit:
        _require_explanation(obs, assignment.plan)
        obs.state, obs.submitted_at, obs.version = ReportState.SUBMITTED, timezone.now(), 2
    try:
        # Every caller runs in a transaction that a conflict rolls back whole: no savepoint.
        with transaction.atomic(savepoint=False):
            obs.save(force_insert=True)
    except IntegrityError as err:
        raise Conflict("该期间的数据已由他人同时填报，请刷新后查看", "concurrent report") from err
    action = "submit" if submit else "create"
    audit.record(actor=user, action=action, obj=obs, after=audit.snapshot(obs, _AUDITED))
    return obs


def needs_explanation(observation: Observation, plan: Plan | None = None) -> bool:
    """``plan``: the observation's plan, if the caller has it loaded."""
    return engine.would_be_behind(
        indicator=observation.indicator,
        unit=observation.unit,
        period=observation.period,
        value=observation.value,
        series=observation.series,
        plan=plan,
    )


def _require_explanation(observation: Observation, plan: Plan | None = None) -> None:
    """A value behind schedule needs 滞后原因 and 下一步措施."""
    if needs_explanation(observation, plan) and not (
        observation.lag_reason.strip() and observation.next_steps.strip()
    ):
        raise InvalidInput(
            "该数值低于规划进度，提交前须填写“滞后原因”和“下一步措施”",
            "a value behind schedule needs a reason and next steps",
            details={"lag_reason": "必填", "next_steps": "必填"},
        )


def _submit(*, user: Any, observation: Observation, expected_version: int) -> Observation:
    """Send a draft for review; a value behind schedule needs 滞后原因 and 下一步措施."""
    require(can_edit_observation(user, observation), "您不能提交该数据")
    _require_explanation(observation)
    before = audit.snapshot(observation, _AUDITED)
    locked_transition(
        observation,
        expected_version,
        [ReportState.DRAFT, ReportState.REJECTED],
        {"state": ReportState.SUBMITTED, "submitted_at": timezone.now(), "review_comment": ""},
    )
    audit.record(
        actor=user,
        action="submit",
        obj=observation,
        before=before,
        after=audit.snapshot(observation, _AUDITED),
    )
    return observation


submit = transaction.atomic(_submit)


@transaction.atomic
def approve(
    *, user: Any, observation: Observation, expected_version: int, comment: str = ""
) -> Observation:
    """Make a submitted value official; the approved value it corrects becomes superseded."""
    return _review(user, observation, expected_version, approve=True, comment=comment)


@transaction.atomic
def reject(
    *, user: Any, observation: Observation, expected_version: int, comment: str
) -> Observation:
    """Send a submitted value back to its unit with the reviewer's comment."""
    return _review(user, observation, expected_version, approve=False, comment=comment)


def _corrected(observation: Observation) -> QuerySet[Observation]:
    """The official value ``observation`` corrects, if any."""
    if observation.supersedes_id is None:
        return Observation.objects.none()
    return Observation.objects.filter(pk=observation.supersedes_id)


def _review(
    user: Any, observation: Observation, expected_version: int, *, approve: bool, comment: str
) -> Observation:
    require(can_review(user, observation), "您不能审核该数据（本人填报的数据不能由本人审核）")
    review_report(
        user=user,
        report=observation,
        expected_version=expected_version,
        approve=approve,
        comment=comment,
        corrected=_corrected(observation),
        plan=observation.indicator.plan,
        audited=_AUDITED,
        changes={"reviewed_at": timezone.now()},
    )
    return observation


@transaction.atomic
def report_and_submit(
    *,
    user: Any,
    assignment: Assignment,
    period: str,
    value: Any,
    series: str = "",
    **texts: str,
) -> Observation:
    """One call for machine clients: save the value as a draft and submit it. A draft or a
    rejected report of the same period is overwritten; a report awaiting review is not.
    ``texts``: source, note, lag_reason, next_steps (as in ``save_draft``)."""
    p, number = _checked(user, assignment, period, value, None)
    key = _report_key(assignment, p, series)
    fields = {"value": number, **texts}
    current, approved = _existing(key)
    if current is None:
        return _create(user, assignment, key, p, fields, None, approved, submit=True)
    update_open_report(
        user=user,
        current=current,
        expected_version=current.version,
        fields=fields,
        evidence=None,
        audited=_AUDITED,
        noun="数据",
    )
    return _submit(user=user, observation=current, expected_version=current.version)


def run_evaluation(*, user: Any, plan: Plan, as_of=None, method: str = "plan-path"):
    """A frozen evaluation run of the plan (see ``monitoring.runs``)."""
    return runs.freeze(user=user, plan=plan, as_of=as_of, method=method)
