"""How the worker runs a job: the queue's one task, ``execute_job``, forks a child process that
does the work under the job's memory limit, and supervises it against the time limit.

The child is where the work may go wrong (a runaway regular expression, a document that
unpacks to gigabytes): killing it stops the work wherever it is, the database rolls back its
open transaction, and the worker process itself stays small and alive for the next job. The
supervising process writes the job's progress and failure; the child writes only the job's
"done", in the transaction that stores its result (``services.finish_job``).
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from django.db import DatabaseError, connection, connections, transaction
from django.utils.module_loading import import_string
from django_tasks import task

from planwatch.errors import PlanwatchError
from planwatch.web.jobs import services
from planwatch.web.jobs.models import Job

log = logging.getLogger(__name__)

POLL_SECONDS = 0.2
_MB = 1024 * 1024


@dataclass(frozen=True)
class Failure:
    zh: str
    en: str
    details: Any = None


_STOPPED = (
    "工作进程已停止，任务中断，未保存任何内容，请重新提交",
    "the worker was stopped; the job was interrupted, nothing stored, please submit again",
)


@task()
def execute_job(job_id: int) -> str:
    """The queue's task: run one Job (see the module's docstring); returns its final state."""
    job = services.mark_running(job_id)
    if job is None:
        return "skipped"  # already run, or ended while it waited
    try:
        failure = _run_in_child(job)
    except BaseException:  # the worker is being stopped: the child is gone, say so at once
        services.mark_failed(job, zh=_STOPPED[0], en=_STOPPED[1])
        raise
    finally:
        services.discard_upload(job)  # before the job is seen to have failed
    if failure is not None:
        services.mark_failed(job, zh=failure.zh, en=failure.en, details=failure.details)
    job.refresh_from_db()
    log.info("job %s (%s) %s", job.pk, job.kind, job.state)
    return str(job.state)


def run_here(job: Job) -> Job:
    """Run a queued job in this process, without the child process and its limits: for tests
    and debugging. The work, its transaction and its failures are the same as in the worker."""
    running = services.mark_running(job.pk)
    if running is None:
        return job
    try:
        failure = attempt(running)
    finally:
        services.discard_upload(running)
    if failure is not None:
        services.mark_failed(running, zh=failure.zh, en=failure.en, details=failure.details)
    running.refresh_from_db()
    return running


def attempt(job: Job) -> Failure | None:
    """Do the job's work; None when it is done, else why it failed (its writes rolled back)."""
    try:
        work = import_string(job.task_path)
        work(job, **job.arguments)
        if job.state != Job.State.DONE:
            with transaction.atomic():
                services.finish_job(job)
    except PlanwatchError as err:
        return Failure(err.zh, err.en, getattr(err, "details", None))
    except MemoryError:
        return _memory_failure(job)
    except Exception:
        log.exception("job %s (%s) failed", job.pk, job.task_path)
        return Failure("处理时发生内部错误，请联系管理员", "internal error while processing")
    return None


def _memory_failure(job: Job) -> Failure:
    return Failure(
        f"超过内存限制（{job.memory_limit_mb} MB），已停止，未保存任何内容",
        f"exceeded its memory limit ({job.memory_limit_mb} MB); stopped, nothing stored",
    )


def _time_failure(job: Job) -> Failure:
    return Failure(
        f"超过时间限制（{job.time_limit} 秒），已停止，未保存任何内容",
        f"exceeded its time limit ({job.time_limit} s); stopped, nothing stored",
    )


# --- the child process ----------------------------------------------------------------------


def _child(job: Job, pipe: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the supervisor decides when to stop
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _limit_memory(job.memory_limit_mb)
    services.set_progress_sink(lambda _job, percent, message: pipe.send((percent, message)))
    failure = attempt(job)
    pipe.send(failure or "done")
    pipe.close()
    connections.close_all()


def _limit_memory(megabytes: int) -> None:
    """Address space: what the process has mapped already plus ``megabytes``."""
    with open("/proc/self/statm") as statm:
        mapped = int(statm.read().split()[0]) * resource.getpagesize()
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = mapped + megabytes * _MB
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


# --- the supervising process ----------------------------------------------------------------


def _run_in_child(job: Job) -> Failure | None:
    connections.close_all()  # the child opens its own; a connection is never shared
    reader, writer = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(
        target=_child, args=(job, writer), name=f"planwatch-job-{job.pk}", daemon=True
    )
    child.start()
    writer.close()
    try:
        outcome = _supervise(job, child, reader)
    finally:
        reader.close()
        if child.is_alive():  # past the time limit, or the worker itself is stopping
            child.kill()
        child.join()
        connections.close_all()  # the next connection waits for locks as usual again
    if outcome is _SILENT:
        return _exit_failure(job, child.exitcode)
    return outcome if isinstance(outcome, Failure) else None


_SILENT = object()  # the child ended without reporting: its exit code tells why


def _supervise(job: Job, child: Any, reader: Connection) -> object:
    """Relay the child's progress until it reports its end ("done" or a Failure), exits, or
    runs out of time."""
    deadline = time.monotonic() + job.time_limit
    pending: tuple[int, str] | None = None
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            child.kill()
            return _time_failure(job)
        if reader.poll(min(remaining, POLL_SECONDS)):
            try:
                message = reader.recv()
            except (EOFError, OSError):
                return _SILENT
            if not isinstance(message, tuple):
                return message
            pending = message
        elif not child.is_alive():
            return _SILENT
        if pending is not None and _relay_progress(job, *pending):
            pending = None


def _relay_progress(job: Job, percent: int, message: str) -> bool:
    """False while the database is busy (SQLite while the child stores): tried again later,
    without waiting for the lock, so that the time limit is watched to the poll."""
    try:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA busy_timeout = 0")
        services.write_progress(job, percent, message)
    except DatabaseError:
        return False
    return True


def _exit_failure(job: Job, exitcode: int | None) -> Failure | None:
    job.refresh_from_db()
    if job.state == Job.State.DONE:  # stored and committed, then ended before saying so
        return None
    if exitcode == -signal.SIGKILL:
        return _memory_failure(job)  # the kernel's answer to a process out of memory
    return Failure(
        f"处理进程意外退出（退出码 {exitcode}），未保存任何内容",
        f"the job's process ended unexpectedly (exit code {exitcode}); nothing stored",
    )
