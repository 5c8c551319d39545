"""Queued jobs: a real `planwatch worker` process runs them against the test database, each in
a child process under its time and memory limits; the job page follows their progress."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from planwatch.web.jobs import runner
from planwatch.web.jobs.models import Job
from planwatch.web.jobs.services import (
    ABANDON_GRACE,
    fail_abandoned,
    finish_job,
    report_progress,
    start_job,
)
from planwatch.web.plans.models import Plan
from planwatch.web.regions.models import Region
from tests.conftest import REPO
from tests.web.test_security import assert_strict_page
from tests.web.world import PLAN_DOC, World, build_world

PLANWATCH = [sys.executable, "-m", "planwatch.cli"]
WRITTEN = "990000"  # the code of the region the test tasks store


# --- tasks the worker runs (module-level, so that it imports them by their path) -------------


def store_then_sleep(job: Job, *, seconds: float) -> None:
    """Writes a row, then takes ``seconds`` before it finishes: past a short time limit."""
    report_progress(job, 30, "保存规划")
    with transaction.atomic():
        Region.objects.create(code=WRITTEN, name="写了一半", level=Region.Level.CITY)
        time.sleep(seconds)
        finish_job(job)


def store_then_hog(job: Job, *, megabytes: int) -> None:
    """Writes a row, then asks for more memory than the job may have."""
    with transaction.atomic():
        Region.objects.create(code=WRITTEN, name="写了一半", level=Region.Level.CITY)
        hog = bytearray(megabytes * 1024 * 1024)
        finish_job(job, url=f"/{len(hog)}")


# --- the worker process ----------------------------------------------------------------------


def _database_url() -> str:
    """The test database (not the configured one) as a URL for the worker process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{db['NAME']}"


@pytest.fixture(scope="module")
def worker_process(django_db_setup, django_db_blocker):
    """`planwatch worker` on the test database and the test's data directory (uploads), one
    for the module: the tests that use it empty the tables after each test, not the queue's
    process."""
    with django_db_blocker.unblock():
        env = {**os.environ, "DATABASE_URL": _database_url(), "PLANWATCH_CACHE": "file"}
    process = subprocess.Popen(
        [*PLANWATCH, "worker", "--interval", "0.1"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    process.terminate()
    output, _ = process.communicate(timeout=20)
    assert process.returncode == 0 and "Traceback" not in output, output


@pytest.fixture
def worker(transactional_db, worker_process):
    return worker_process


def wait_for(job: Job, worker: subprocess.Popen, seconds: float = 30) -> Job:
    deadline = time.monotonic() + seconds
    while True:
        job.refresh_from_db()
        # finished, and the queue's own row closed too: the test's table flush must not pull
        # it from under the worker while it records the outcome
        if job.is_finished and not DBTaskResult.objects.filter(pk=job.task_id).running().exists():
            return job
        if worker.poll() is not None:
            raise AssertionError(f"worker exited: {worker.stdout.read()}")
        assert time.monotonic() < deadline, f"job still {job.state} at {job.progress} %"
        time.sleep(0.1)


def upload_plan(world: World, name: str, body: bytes):
    return world.client(world.planner).post(
        "/plans/import/", {"file": SimpleUploadedFile(name, body), "region": world.city.pk}
    )


def job_of(response) -> Job:
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"].startswith("/jobs/")
    return Job.objects.get(pk=response["Location"].split("/")[2])


# --- in this process (before the worker starts): the page, who sees it, the API's rules -----


def test_job_page_is_strict_and_private(world: World):
    r = upload_plan(world, "plan.json", json.dumps(PLAN_DOC, ensure_ascii=False).encode())
    job = job_of(r)
    assert job.state == Job.State.QUEUED and job.upload
    assert_strict_page(world.client(world.planner).get(r["Location"]))
    assert world.client(world.admin).get(r["Location"]).status_code == 200
    assert world.client(world.reporter).get(r["Location"]).status_code == 404
    assert world.client(None).get(r["Location"]).status_code == 302  # to the login page


def test_job_page_in_english(world: World):
    job = job_of(upload_plan(world, "plan.json", b"{}"))
    job = runner.run_here(job)
    client = world.client(world.planner)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Import plan" in page and "Failed" in page and "Finished" not in page
    assert "does not conform to planwatch.plan/1" in page and "不符合" not in page


def test_progress_is_reported_and_a_task_must_be_module_level(world: World):
    job = start_job(user=world.planner, kind=Job.Kind.REPORT, task=store_then_hog, megabytes=1)
    report_progress(job, 250, "保存规划")
    assert job.progress == 100  # clamped; a queued job's row is left alone
    job = runner.run_here(job)
    assert job.state == Job.State.DONE and job.result_url == f"/{1024 * 1024}"

    def local(job: Job) -> None: ...

    with pytest.raises(ValueError, match="module-level"):
        start_job(user=world.planner, kind=Job.Kind.REPORT, task=local)
    with pytest.raises(TypeError):
        start_job(user=world.planner, kind=Job.Kind.REPORT, task=store_then_hog, megabytes=world)


def test_a_job_left_running_by_a_stopped_worker_is_failed_when_a_worker_starts(world: World):
    job = start_job(user=world.planner, kind=Job.Kind.REPORT, task=store_then_hog, megabytes=1)
    long_ago = timezone.now() - dt.timedelta(seconds=job.time_limit + ABANDON_GRACE + 1)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=long_ago)
    recent = start_job(user=world.planner, kind=Job.Kind.REPORT, task=store_then_hog, megabytes=1)
    Job.objects.filter(pk=recent.pk).update(state=Job.State.RUNNING, started_at=timezone.now())
    assert fail_abandoned() == 1
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "工作进程已停止" in job.error_zh
    assert Job.objects.get(pk=recent.pk).state == Job.State.RUNNING  # still watched


# --- through the real worker -----------------------------------------------------------------


def test_a_queued_import_completes_and_its_page_shows_100_percent(worker):
    world = build_world()
    doc = {**PLAN_DOC, "title": "后台导入的规划（2021—2025年）"}
    started = time.monotonic()
    r = upload_plan(world, "plan.json", json.dumps(doc, ensure_ascii=False).encode())
    answered = time.monotonic() - started
    job = job_of(r)
    assert answered < 2 and job.kind == Job.Kind.PLAN_IMPORT and job.subject == "plan.json"
    client = world.client(world.planner)
    page = client.get(r["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page  # refreshes itself until the job has ended

    job = wait_for(job, worker)
    assert job.state == Job.State.DONE, job.error_zh
    plan = Plan.objects.get(title=doc["title"])
    assert job.result == plan and job.result_url == f"/plans/{plan.pk}/review/"
    assert plan.indicators.count() == 2 and plan.status == Plan.Status.DRAFT
    assert not job.upload  # the stored upload is gone once the job has ended
    status = client.get(r["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "100 %" in status and 'value="100"' in status and "hx-trigger" not in status
    assert f'href="/plans/{plan.pk}/review/"' in status
    assert client.get(r["Location"] + "?format=json").json()["progress"] == 100


def test_a_failed_import_says_why_and_leaves_no_plan(worker):
    world = build_world()
    bad = {**PLAN_DOC, "title": "缺少指标的规划"}
    del bad["indicators"]
    job = wait_for(job_of(upload_plan(world, "bad.json", json.dumps(bad).encode())), worker)
    assert job.state == Job.State.FAILED
    assert "不符合约定格式" in job.error_zh and "planwatch.plan/1" in job.error_en
    assert any("indicators" in d["message"] for d in job.error_details)
    assert not Plan.objects.filter(title="缺少指标的规划").exists()
    page = world.client(world.planner).get(f"/jobs/{job.pk}/").content.decode()
    assert "不符合约定格式" in page and "失败" in page


def test_a_job_over_its_time_limit_fails_and_stores_nothing(worker):
    job = start_job(
        user=None, kind=Job.Kind.REPORT, task=store_then_sleep, time_limit=1, seconds=60
    )
    started = time.monotonic()
    job = wait_for(job, worker)
    assert time.monotonic() - started < 10
    assert job.state == Job.State.FAILED
    assert "超过时间限制（1 秒）" in job.error_zh and "time limit (1 s)" in job.error_en
    assert not Region.objects.filter(code=WRITTEN).exists()


def test_a_job_over_its_memory_limit_fails_and_stores_nothing(worker):
    job = start_job(
        user=None, kind=Job.Kind.REPORT, task=store_then_hog, memory_limit_mb=64, megabytes=512
    )
    job = wait_for(job, worker)
    assert job.state == Job.State.FAILED
    assert "超过内存限制（64 MB）" in job.error_zh and "memory limit (64 MB)" in job.error_en
    assert not Region.objects.filter(code=WRITTEN).exists()
    # The worker itself is unharmed and takes the next job.
    job = start_job(user=None, kind=Job.Kind.REPORT, task=store_then_hog, megabytes=1)
    assert wait_for(job, worker).state == Job.State.DONE
    assert Region.objects.filter(code=WRITTEN).exists()
