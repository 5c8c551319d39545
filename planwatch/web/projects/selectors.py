"""Reads on project progress: a reporter's project items, the review queue, a project's history."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from planwatch import clock
from planwatch.web.accounts.permissions import scope_of
from planwatch.web.errors import NotFound
from planwatch.web.monitoring.models import Assignment, ReportState
from planwatch.web.plans.models import Plan
from planwatch.web.projects.models import ProjectReport


def project_assignments(user: Any) -> QuerySet[Assignment]:
    return Assignment.objects.filter(
        unit_id__in=scope_of(user).reporter_units,
        project__isnull=False,
        plan__status=Plan.Status.PUBLISHED,
    ).select_related("project", "plan", "unit")


def get_project_assignment(user: Any, assignment_id: int) -> Assignment:
    a = project_assignments(user).filter(pk=assignment_id).first()
    if a is None:
        raise NotFound("项目填报任务不存在或不属于您的单位", "project assignment not found")
    return a


def visible_reports(user: Any) -> QuerySet[ProjectReport]:
    s = scope_of(user)
    qs = ProjectReport.objects.select_related("project__plan", "unit", "reporter")
    if s.is_admin:
        return qs
    q = Q(state=ReportState.APPROVED, project__plan__status=Plan.Status.PUBLISHED)
    q |= Q(unit_id__in=s.reporter_units)
    non_draft = ~Q(state=ReportState.DRAFT)
    q |= non_draft & Q(unit_id__in=s.reviewer_units)
    q |= non_draft & (
        Q(unit__region_id__in=s.read_regions) | Q(project__plan__region_id__in=s.read_regions)
    )
    return qs.filter(q)


def get_report(user: Any, report_id: int) -> ProjectReport:
    report = visible_reports(user).filter(pk=report_id).first()
    if report is None:
        raise NotFound("项目进展不存在或无权查看", "project report not found")
    return report


def review_queue(user: Any) -> QuerySet[ProjectReport]:
    s = scope_of(user)
    qs = ProjectReport.objects.filter(state=ReportState.SUBMITTED).exclude(reporter=user)
    if not s.is_admin:
        qs = qs.filter(Q(unit_id__in=s.reviewer_units) | Q(unit__region_id__in=s.reviewer_regions))
    return qs.select_related("project__plan", "unit", "reporter")


def project_tasks(user: Any) -> list[dict[str, Any]]:
    """Due project periods without an approved report, with the open report if any."""
    import datetime as dt

    from planwatch.web.monitoring import periods

    today = clock.today()
    assignments = list(project_assignments(user))
    reports: dict[tuple[int | None, int, str], ProjectReport] = {
        (r.project_id, r.unit_id, r.period): r
        for r in ProjectReport.objects.filter(
            project_id__in=[a.project_id for a in assignments],
            state__in=["draft", "submitted", "rejected", "approved"],
        ).order_by("state")
    }
    out = []
    for a in assignments:
        for period in a.periods():
            p = periods.parse(period)
            if p is None or p.end > today:
                continue
            r = reports.get((a.project_id, a.unit_id, period))
            if r is not None and r.state == ReportState.APPROVED:
                continue
            due = p.end + dt.timedelta(days=a.due_days)
            out.append(
                {
                    "assignment": a,
                    "period": period,
                    "report": r,
                    "due": due,
                    "overdue": r is None and due < today,
                }
            )
    return out
