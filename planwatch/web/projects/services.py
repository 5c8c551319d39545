"""Project progress reports: save a draft, submit (a late project must explain itself), approve or
reject — the same optimistic-locked workflow as indicator observations.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from planwatch.web.accounts.permissions import require, scope_of
from planwatch.web.audit import services as audit
from planwatch.web.errors import Conflict, InvalidInput
from planwatch.web.monitoring.models import Assignment, ReportState
from planwatch.web.monitoring.permissions import can_report, can_review
from planwatch.web.monitoring.services import check_evidence, check_period
from planwatch.web.monitoring.workflow import locked_transition, review_report, update_open_report
from planwatch.web.projects.models import ProjectReport

_AUDITED = ("stage", "investment_completed", "period", "state", "version")
_OPEN = [ReportState.DRAFT, ReportState.SUBMITTED, ReportState.REJECTED]


def is_behind(report: ProjectReport) -> bool:
    """Late: past its end year and not finished, or investment well behind elapsed time."""
    project = report.project
    year = int(report.period[:4])
    if project.end_year and year > project.end_year and report.stage != ProjectReport.Stage.DONE:
        return True
    total, done = project.total_investment, report.investment_completed
    if not (total and done is not None and project.start_year and project.end_year):
        return False
    span = max(project.end_year - project.start_year + 1, 1)
    elapsed = min(max((year - project.start_year + 1) / span, 0.0), 1.0)
    return done / total < elapsed - 0.2


@transaction.atomic
def save_draft(
    *,
    user: Any,
    assignment: Assignment,
    period: str,
    stage: str,
    investment_completed: float | None = None,
    progress_note: str = "",
    lag_reason: str = "",
    next_steps: str = "",
    evidence: UploadedFile | None = None,
    expected_version: int | None = None,
) -> ProjectReport:
    require(can_report(user, assignment), "您不是该项目的填报单位")
    if assignment.project_id is None:
        raise InvalidInput("该分配不是项目填报任务", "not a project assignment")
    p = check_period(assignment, period)
    ProjectReport.Stage(stage)
    if investment_completed is not None and investment_completed < 0:
        raise InvalidInput("累计完成投资不能为负", "investment cannot be negative")
    check_evidence(evidence)
    fields = {
        "stage": stage,
        "investment_completed": investment_completed,
        "progress_note": progress_note,
        "lag_reason": lag_reason,
        "next_steps": next_steps,
    }
    key = {"project_id": assignment.project_id, "unit_id": assignment.unit_id, "period": p.text}
    current = ProjectReport.objects.filter(**key, state__in=_OPEN).first()
    if current is None:
        report = ProjectReport(**key, **fields, reporter=user, evidence=evidence or "")
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError as err:
            raise Conflict("该期项目进展已由他人同时填报，请刷新", "concurrent report") from err
        audit.record(
            actor=user, action="create", obj=report, after=audit.snapshot(report, _AUDITED)
        )
        return report
    return update_open_report(
        user=user,
        current=current,
        expected_version=expected_version,
        fields=fields,
        evidence=evidence,
        audited=_AUDITED,
        noun="项目进展",
    )


@transaction.atomic
def submit(*, user: Any, report: ProjectReport, expected_version: int) -> ProjectReport:
    require(report.unit_id in scope_of(user).reporter_units, "您不能提交该项目进展")
    if is_behind(report) and not (report.lag_reason.strip() and report.next_steps.strip()):
        raise InvalidInput(
            "项目进度滞后，提交前须填写“滞后原因”和“下一步措施”",
            "a late project needs a reason and next steps",
            details={"lag_reason": "必填", "next_steps": "必填"},
        )
    locked_transition(
        report,
        expected_version,
        [ReportState.DRAFT, ReportState.REJECTED],
        {"state": ReportState.SUBMITTED, "review_comment": ""},
    )
    audit.record(actor=user, action="submit", obj=report, after=audit.snapshot(report, _AUDITED))
    return report


@transaction.atomic
def review(
    *, user: Any, report: ProjectReport, expected_version: int, approve: bool, comment: str = ""
) -> ProjectReport:
    """Approve or reject a submitted progress report (as observations are reviewed)."""
    require(can_review(user, report), "您不能审核该项目进展（本人填报的不能由本人审核）")
    same_period = ProjectReport.objects.filter(
        project_id=report.project_id, unit_id=report.unit_id, period=report.period
    ).exclude(pk=report.pk)
    review_report(
        user=user,
        report=report,
        expected_version=expected_version,
        approve=approve,
        comment=comment,
        corrected=same_period,
        plan=report.project.plan,
        audited=_AUDITED,
    )
    return report
