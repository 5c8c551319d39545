"""The job page: state, a progress bar that refreshes itself (htmx polling of the same URL,
which answers with the status fragment alone), the result's link or the reason it failed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation

from planwatch.web.jobs import selectors
from planwatch.web.jobs.models import Job

POLL_SECONDS = 1


def job_context(user: Any, job_id: int) -> dict[str, Any]:
    job = selectors.get_job(user, job_id)
    english = translation.get_language() == "en"
    return {
        "job": job,
        "error": job.error_en if english else job.error_zh,
        "poll_seconds": POLL_SECONDS,
    }


def job_json(ctx: dict[str, Any]) -> dict[str, Any]:
    job: Job = ctx["job"]
    return {
        "id": job.pk,
        "kind": job.kind,
        "subject": job.subject,
        "state": job.state,
        "progress": job.progress,
        "message": job.message,
        "result_url": job.result_url or None,
        "error": {"zh": job.error_zh, "en": job.error_en, "details": job.error_details}
        if job.state == Job.State.FAILED
        else None,
        "created_at": job.created_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


@login_required
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    ctx = job_context(request.user, job_id)
    if request.GET.get("format") == "json":
        return JsonResponse(job_json(ctx), json_dumps_params={"ensure_ascii": False})
    if request.headers.get("HX-Request") == "true":
        return render(request, "jobs/_status.html", ctx)
    return render(request, "jobs/job.html", ctx)
