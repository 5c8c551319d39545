"""Start long work and report on it: the API the rest of the platform calls.

A task is a plain module-level function ``task(job, **arguments)``. The request starts it and
answers at once with the job's page::

    job = start_job(user=request.user, kind=Job.Kind.PLAN_IMPORT, task=import_plan_job,
                    subject=upload.name, upload=upload, region_id=region.pk)
    return redirect("jobs:detail", job_id=job.pk)

The worker (`planwatch worker`) runs it in a child process under the job's time and memory
limits. Inside, the task reads and computes outside any transaction (so a slow step holds no
database lock), tells how far it is, and stores what it made in one transaction that also marks
the job done, so the result and "done" appear together or not at all::

    def import_plan_job(job, *, region_id):
        report_progress(job, 10, gettext_noop("读取文件"))
        document = ...                      # slow, read-only
        with transaction.atomic():
            plan = services.import_plan(...)
            finish_job(job, result=plan, url=reverse("plans:review", args=[plan.pk]))

A PlanwatchError raised by the task fails the job with its message; running past the limits
fails it too; either way the transaction is rolled back and nothing it wrote remains.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from planwatch import config
from planwatch.web.jobs.models import Job

# Where report_progress sends its figures: the database, or, inside the worker's child process,
# the pipe to the supervising process (which writes them without waiting on the child's locks).
ProgressSink = Callable[[Job, int, str], None]


def write_progress(job: Job, percent: int, message: str) -> None:
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(progress=percent, message=message)


_sink: ProgressSink = write_progress
# Seconds past a running job's time limit after which no supervisor can still be watching it.
ABANDON_GRACE = 60


def set_progress_sink(sink: ProgressSink | None) -> None:
    """The runner's hook: where report_progress goes in this process (None: the database)."""
    global _sink
    _sink = sink or write_progress


def task_path(task: Callable[..., Any]) -> str:
    """The dotted path the worker imports ``task`` by; it must be a module-level function."""
    path = f"{task.__module__}.{task.__qualname__}"
    if "<" in path or "." in task.__qualname__:
        raise ValueError(f"a job's task must be a module-level function, not {path}")
    return path


@transaction.atomic
def start_job(
    *,
    user: Any,
    kind: str,
    task: Callable[..., Any],
    subject: str = "",
    upload: UploadedFile | None = None,
    time_limit: int | None = None,
    memory_limit_mb: int | None = None,
    **arguments: Any,
) -> Job:
    """Queue ``task(job, **arguments)`` for the worker; returns the queued Job at once.

    ``kind`` is a ``Job.Kind``; ``subject`` names what the job is about (a file, a plan) on its
    page; ``upload`` is stored with the job (``job.upload``) and deleted when the job ends;
    ``arguments`` must be plain JSON (ids, not model instances). The limits default to
    PLANWATCH_JOB_TIME_LIMIT seconds and PLANWATCH_JOB_MEMORY_MB. The job row and the queue's
    task row are written in the caller's transaction: if it rolls back, nothing is queued.
    """
    json.dumps(arguments)  # a TypeError here, in the request, rather than in the worker
    job = Job(
        kind=Job.Kind(kind),
        subject=subject[:255],
        user=user if user is not None and user.is_authenticated else None,
        task_path=task_path(task),
        arguments=arguments,
        time_limit=time_limit or config.get("PLANWATCH_JOB_TIME_LIMIT"),
        memory_limit_mb=memory_limit_mb or config.get("PLANWATCH_JOB_MEMORY_MB"),
    )
    if upload is not None:
        job.upload.save(upload.name or "upload", upload, save=False)
    job.save()
    from planwatch.web.jobs.runner import execute_job

    queued = execute_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(queued.id))
    job.task_id = str(queued.id)
    return job


def report_progress(job: Job, percent: int, message: str = "") -> None:
    """Inside a task: how far the job is (0–100) and what it is doing, as a fixed Chinese
    phrase marked with ``gettext_noop`` (the page translates it). Cheap enough to call often."""
    percent = max(0, min(100, int(percent)))
    job.progress, job.message = percent, message[:200]
    _sink(job, percent, job.message)


def finish_job(job: Job, *, result: models.Model | None = None, url: str = "") -> None:
    """Inside a task, in the transaction that stores its result: mark the job done with a link
    to what it made. If the job is no longer running (it was stopped at its time limit), this
    raises, so the transaction is rolled back and nothing of it is kept."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("finish_job belongs inside the transaction that stores the result")
    changes: dict[str, Any] = {
        "state": Job.State.DONE,
        "progress": 100,
        "message": gettext_noop("完成"),
        "result_url": url[:255],
        "finished_at": timezone.now(),
    }
    if result is not None:
        changes["result_type"] = ContentType.objects.get_for_model(result)
        changes["result_id"] = result.pk
    if job.upload:  # a finished job keeps no upload: the file goes once "done" is committed
        changes["upload"] = ""
        transaction.on_commit(partial(job.upload.storage.delete, job.upload.name))
    if not Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(**changes):
        raise JobStopped(job.pk)
    for name, value in changes.items():
        setattr(job, name, value)


class JobStopped(RuntimeError):
    """The job was no longer running when its task tried to finish it."""

    def __init__(self, job_id: int) -> None:
        super().__init__(f"job {job_id} is no longer running")


def mark_failed(job: Job, *, zh: str, en: str, details: Any = None) -> bool:
    """A running or queued job failed for the reason given; False if it had already ended."""
    changes = {
        "state": Job.State.FAILED,
        "error_zh": " ".join(zh.split())[:500],
        "error_en": " ".join(en.split())[:500],
        "error_details": details,
        "finished_at": timezone.now(),
    }
    unfinished = (Job.State.QUEUED, Job.State.RUNNING)
    if not Job.objects.filter(pk=job.pk, state__in=unfinished).update(**changes):
        return False
    for name, value in changes.items():
        setattr(job, name, value)
    return True


def mark_running(job_id: int) -> Job | None:
    """A queued job taken up by a worker, or None if it is not queued any more."""
    now = timezone.now()
    taken = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=now, message=gettext_noop("开始处理")
    )
    return Job.objects.get(pk=job_id) if taken else None


def discard_upload(job: Job) -> None:
    """The job's stored upload, no longer needed once the job has ended (or is about to)."""
    if job.upload:
        job.upload.delete(save=False)
        Job.objects.filter(pk=job.pk).update(upload="")


def fail_abandoned() -> int:
    """Jobs left running by a worker that stopped (a crash, a power cut): any still running
    well past its time limit has no supervisor any more. Returns how many were marked failed."""
    now = timezone.now()
    count = 0
    for job in Job.objects.filter(state=Job.State.RUNNING, started_at__isnull=False):
        started = job.started_at
        if started and started + dt.timedelta(seconds=job.time_limit + ABANDON_GRACE) < now:
            count += mark_failed(
                job,
                zh="处理中断（工作进程已停止），未保存任何内容，请重新提交",
                en="interrupted (the worker stopped); nothing stored, please submit again",
            )
    return count
