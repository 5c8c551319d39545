"""Reads of jobs: a job is seen by whoever started it and by administrators."""

from __future__ import annotations

from typing import Any

from planwatch.web.accounts.permissions import scope_of
from planwatch.web.errors import NotFound
from planwatch.web.jobs.models import Job


def get_job(user: Any, job_id: int) -> Job:
    """The job, or NotFound when it does not exist or is someone else's (ids do not leak)."""
    job = Job.objects.select_related("user").filter(pk=job_id).first()
    if job is None or not (job.user_id == user.pk or scope_of(user).is_admin):
        raise NotFound("后台任务不存在", "job not found")
    return job
