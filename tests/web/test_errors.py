"""Errors: every 500 logged with its traceback under the request's id, which the page or the
API's error shape shows; and ordinary bad input answered with a 4xx, never a 500."""

from __future__ import annotations

import copy
import io
import json
import logging
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from planwatch.web import urls
from planwatch.web.jobs import runner
from planwatch.web.jobs.models import Job
from planwatch.web.plans import selectors
from planwatch.web.plans.models import Plan
from planwatch.web.portal import pages
from tests.web.world import PLAN_DOC, World


def broken(*args, **kwargs):
    raise RuntimeError("the page's data could not be read")


@pytest.fixture
def server_log():
    """What the configured console handler writes (the production log), captured."""
    handler = logging.getLogger("django.request").handlers[0]
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


def test_a_500_page_shows_the_id_its_traceback_is_logged_under(
    world: World, monkeypatch, server_log
):
    monkeypatch.setattr(pages, "plan_context", broken)
    client = world.client(world.viewer)
    client.raise_request_exception = False
    r = client.get(f"/plans/{world.plan.pk}/")
    assert r.status_code == 500
    request_id = r["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", request_id)
    page = r.content.decode()
    assert "服务器内部错误" in page and f"<code>{request_id}</code>" in page
    log = server_log.getvalue()
    assert f"[request {request_id}] Internal Server Error: /plans/{world.plan.pk}/" in log
    assert "Traceback (most recent call last)" in log
    assert "RuntimeError: the page's data could not be read" in log


def test_an_api_500_has_the_error_shape_with_the_id(world: World, monkeypatch, server_log):
    monkeypatch.setattr(selectors, "plan_list", broken)
    api_log = logging.getLogger("planwatch")
    handler = api_log.handlers[0]
    old = handler.setStream(server_log)
    try:
        r = Client().get("/api/plans")
    finally:
        handler.setStream(old)
    assert r.status_code == 500
    request_id = r["X-Request-ID"]
    assert r.json() == {
        "error": {
            "code": "server_error",
            "message": "服务器内部错误",
            "details": {"request_id": request_id},
        }
    }
    log = server_log.getvalue()
    assert f"[request {request_id}] API error" in log and "RuntimeError" in log


def test_every_response_names_its_request(world: World):
    ids = {Client().get("/")["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3


def test_error_page_shows_the_request_id(world: World):
    r = world.client(world.reporter).post(f"/reporting/plans/{world.plan.pk}/runs/new/")
    assert r.status_code == 403
    assert f"<code>{r['X-Request-ID']}</code>" in r.content.decode()


def test_the_project_urls_use_the_500_handler():
    assert urls.handler500 == "planwatch.web.errors.server_error"


# --- ordinary bad input: a 4xx, never a 500 --------------------------------------------------

TOO_BIG = "99999999999999999999"  # more than a 64-bit id


@pytest.mark.parametrize(
    "url",
    [
        f"/plans/{TOO_BIG}/",
        f"/plans/indicators/{TOO_BIG}/",
        f"/plans/{TOO_BIG}/review/",
        f"/plans/{2**63}/",
        "/plans/0/",
    ],
)
def test_an_id_no_row_can_have_is_a_404(world: World, url: str):
    for user in (None, world.planner):
        client = world.client(user)
        client.raise_request_exception = False
        assert client.get(url).status_code == 404, (url, user)


def test_an_unusable_unit_filter_is_ignored(world: World):
    url = f"/plans/indicators/{world.indicator('i1').pk}/"
    for unit in (TOO_BIG, "²", "abc", "-1"):
        for user in (None, world.planner):
            assert world.client(user).get(url, {"unit": unit}).status_code == 200, unit


def test_non_numeric_version_and_upper_plan_are_400(draft_world: World):
    world = draft_world
    client = world.client(world.planner)
    for version in ("abc", "²", TOO_BIG):
        r = client.post(f"/plans/{world.plan.pk}/publish/", {"version": version})
        assert r.status_code == 400 and "版本号无效" in r.content.decode(), version
    for upper in ("abc", "1.5", TOO_BIG):
        r = client.post(f"/plans/{world.plan.pk}/upper/", {"upper_plan": upper})
        assert r.status_code == 400 and "上位规划编号无效" in r.content.decode(), upper
    project = world.plan.projects.get()
    r = client.post(
        f"/plans/{world.plan.pk}/review/projects/{project.pk}/delete/", {"version": "²"}
    )
    assert r.status_code == 400
    assert world.plan.projects.filter(pk=project.pk).exists()


def test_a_target_year_out_of_range_is_400(world: World):
    target = world.indicator("i1").current_targets()[0]
    r = world.client(world.planner).post(
        f"/plans/targets/{target.pk}/adjust/",
        {"value": "2100", "year": TOO_BIG, "reason": "中期调整"},
    )
    assert r.status_code == 400
    r = world.client(world.planner).post(
        f"/plans/targets/{target.pk}/adjust/", {"value": "2100", "reason": "调" * 501}
    )
    assert r.status_code == 400


def import_json(world: World, body: bytes) -> Job:
    """Upload a plan JSON and run the import job it queues here; the job, done or failed."""
    upload = SimpleUploadedFile("plan.json", body, content_type="application/json")
    r = world.client(world.planner).post(
        "/plans/import/", {"file": upload, "region": world.city.pk}
    )
    assert r.status_code == 302 and r["Location"].startswith("/jobs/")
    return runner.run_here(Job.objects.get(pk=r["Location"].split("/")[2]))


def plan_doc(**changes) -> dict:
    doc = copy.deepcopy(PLAN_DOC)
    doc.update(changes)
    return doc


def test_text_longer_than_its_column_fails_the_import_before_the_database(world: World):
    """SQLite would store it and PostgreSQL refuse it: both fail the import the same way."""
    plans_before = Plan.objects.count()
    job = import_json(world, json.dumps(plan_doc(title="规" * 256)).encode())
    assert job.state == Job.State.FAILED and "title 超过 255 个字符" in job.error_zh
    doc = plan_doc()
    doc["indicators"][1]["unit"] = "个" * 33
    job = import_json(world, json.dumps(doc).encode())
    assert "indicators/1/unit 超过 32 个字符" in job.error_zh
    doc = plan_doc()
    doc["indicators"][0]["targets"][0]["year"] = 10**30
    job = import_json(world, json.dumps(doc).encode())
    assert job.state == Job.State.FAILED and "indicators/0/targets/0/year" in job.error_zh
    assert Plan.objects.count() == plans_before


def test_api_text_longer_than_its_column_is_422(world: World):
    client = world.client(world.reporter)
    body = {"indicator": world.indicator("i1").pk, "period": "2024", "value": 1200}
    for field, length in (("series", 65), ("source", 256), ("note", 501), ("period", 11)):
        r = client.post(
            "/api/observations", {**body, field: "x" * length}, content_type="application/json"
        )
        assert r.status_code == 422, field
        assert r.json()["error"]["details"][0]["loc"][-1] == field


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "嵌套超过 32 层"),
        (b'{"a":' * 40 + b"1" + b"}" * 40, "嵌套超过 32 层"),
        (
            '{"schema": "planwatch.plan/1", "title": "甲", "title": "乙"}'.encode(),
            "「title」出现了两次",
        ),
        (b'{"indicators": [{"id": "i1", "id": "i2"}]}', "「id」出现了两次"),
        (b'{"value": NaN}', "含有 NaN"),
        (b"\xff\xfe not json", "无法解析"),
    ],
)
def test_hostile_json_plans_fail_with_a_reason(world: World, body: bytes, reason: str):
    job = import_json(world, body)
    assert job.state == Job.State.FAILED and reason in job.error_zh
    page = world.client(world.planner).get(f"/jobs/{job.pk}/").content.decode()
    assert reason in page
