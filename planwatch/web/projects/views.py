"""Project progress screens: the report form and the review decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planwatch.web.errors import InvalidInput
from planwatch.web.monitoring.models import ReportState
from planwatch.web.monitoring.views import after_save
from planwatch.web.projects import selectors, services
from planwatch.web.projects.forms import ProjectReportForm
from planwatch.web.projects.models import ProjectReport

_FIELDS = ("stage", "investment_completed", "progress_note", "lag_reason", "next_steps", "version")


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, assignment_id: int, period: str) -> HttpResponse:
    assignment = selectors.get_project_assignment(request.user, assignment_id)
    assert assignment.project_id is not None  # a project assignment (the selector's filter)
    current = ProjectReport.objects.filter(
        project_id=assignment.project_id,
        unit_id=assignment.unit_id,
        period=period,
        state__in=[ReportState.DRAFT, ReportState.SUBMITTED, ReportState.REJECTED],
    ).first()
    form = ProjectReportForm(
        request.POST or None,
        request.FILES or None,
        initial={f: getattr(current, f) for f in _FIELDS} if current else {},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved = services.save_draft(
            user=request.user,
            assignment=assignment,
            period=period,
            stage=d["stage"],
            investment_completed=d["investment_completed"],
            progress_note=d["progress_note"],
            lag_reason=d["lag_reason"],
            next_steps=d["next_steps"],
            evidence=d["evidence"],
            expected_version=d["version"],
        )
        return after_save(
            request,
            lambda: services.submit(
                user=request.user, report=saved, expected_version=saved.version
            ),
            redirect("projects:report", assignment_id=assignment.pk, period=period),
        )
    ctx = {"assignment": assignment, "period": period, "form": form, "current": current}
    return render(request, "projects/report.html", ctx)


@login_required
@require_POST
def decide(request: HttpRequest, report_id: int, decision: str) -> HttpResponse:
    obj = selectors.get_report(request.user, report_id)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError as err:
        raise InvalidInput("请求缺少版本号", "missing version") from err
    services.review(
        user=request.user,
        report=obj,
        expected_version=version,
        approve=decision == "approve",
        comment=request.POST.get("comment", ""),
    )
    messages.success(request, _("已审核通过") if decision == "approve" else _("已退回"))
    return redirect("monitoring:review_queue")
