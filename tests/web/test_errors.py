"""Errors: every 500 logged with its traceback under the request's id, which the page or the
API's error shape shows; and ordinary bad input answered with a 4xx, never a 500."""

from __future__ import annotations

import io
import logging
import re

import pytest
from django.test import Client

from planwatch.web import urls
from planwatch.web.plans import pages, selectors
from tests.web.world import World


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
    r = world.client(world.reporter).post(f"/plans/{world.plan.pk}/evaluate/")
    assert r.status_code == 403
    assert f"<code>{r['X-Request-ID']}</code>" in r.content.decode()


def test_the_project_urls_use_the_500_handler():
    assert urls.handler500 == "planwatch.web.errors.server_error"
