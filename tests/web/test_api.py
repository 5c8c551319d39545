"""API: OpenAPI document, token authentication, the one error shape."""

from __future__ import annotations

import pytest
from django.test import Client

from planwatch.web.accounts import services as accounts
from tests.web.world import World

pytestmark = pytest.mark.django_db


def test_openapi_document(world: World):
    r = world.client(None).get("/api/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["openapi"].startswith("3.")
    for path in (
        "/api/plans",
        "/api/observations",
        "/api/indicators/{indicator_id}/targets",
        "/api/plans/{plan_id}/evaluation",
        "/api/observations/{observation_id}/approve",
    ):
        assert path in doc["paths"], path


def test_token_client_pushes_data(world: World):
    key = accounts.issue_token(actor=None, user=world.reporter, name="统计局推送")
    c = world.client(None)
    body = {
        "indicator": world.indicator("i1").pk,
        "period": "2022",
        "value": 1450,
        "source": "市统计局",
    }
    r = c.post(
        "/api/observations",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert r.status_code == 201, r.content
    assert r.json()["state"] == "submitted"
    r = c.get("/api/observations?state=submitted", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.json()["count"] == 1


def test_bad_token_is_401_with_error_shape(world: World):
    r = world.client(None).get("/api/plans", HTTP_AUTHORIZATION="Bearer nope")
    assert r.status_code == 401
    assert set(r.json()["error"]) == {"code", "message", "details"}


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("get", "/api/plans/999999", None, 404, "not_found"),
        ("get", "/api/observations?limit=0", None, 422, "invalid_input"),
        ("get", "/api/plans/99999999999999999999", None, 422, "invalid_input"),
        ("get", "/api/observations?indicator=abc", None, 422, "invalid_input"),
        ("post", "/api/observations", {"indicator": 1}, 422, "invalid_input"),
    ],
)
def test_error_shape(world: World, method, path, body, status, code):
    c = world.client(world.reporter)
    kwargs = {"content_type": "application/json"} if body is not None else {}
    r = getattr(c, method)(path, body, **kwargs) if body is not None else getattr(c, method)(path)
    assert r.status_code == status, r.content
    assert r.json()["error"]["code"] == code
    assert set(r.json()["error"]) == {"code", "message", "details"}


def test_behind_without_explanation_is_400(world: World):
    body = {"indicator": world.indicator("i1").pk, "period": "2024", "value": 1001}
    r = world.client(world.reporter).post(
        "/api/observations", body, content_type="application/json"
    )
    assert r.status_code == 400
    assert r.json()["error"]["details"] == {"lag_reason": "必填", "next_steps": "必填"}


def test_session_write_needs_csrf(world: World):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(world.reporter)
    body = {"indicator": world.indicator("i1").pk, "period": "2022", "value": 1450}
    r = c.post("/api/observations", body, content_type="application/json")
    assert r.status_code == 403
    assert r.json()["error"]["message"]


def test_evaluation_endpoint(world: World):
    r = world.client(None).get(f"/api/plans/{world.plan.pk}/evaluation")
    assert r.status_code == 200
    assert {i["indicator"] for i in r.json()["indicators"]} == {"i1", "i2"}


def test_frozen_evaluation_run(world: World):
    from planwatch.web.monitoring import services

    run = services.run_evaluation(user=world.planner, plan=world.plan)
    r = world.client(None).get(f"/api/evaluation-runs/{run.pk}")
    assert r.status_code == 200 and r.json()["schema"] == "planwatch.evaluation/1"
    listed = world.client(None).get(f"/api/plans/{world.plan.pk}/evaluation-runs").json()
    assert [x["id"] for x in listed] == [run.pk]
    assert world.client(None).get("/api/evaluation-runs/999999").status_code == 404


def test_pushed_value_is_audited_as_one_submission(world: World):
    from planwatch.web.audit.models import AuditEntry

    token = accounts.issue_token(actor=None, user=world.reporter, name="统计局")
    r = Client().post(
        "/api/observations",
        {"indicator": world.indicator("i1").pk, "period": "2023", "value": 1650},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["state"], body["version"], body["unit"], body["value"]) == (
        "submitted",
        2,
        "市工信局",
        1650,
    )
    (entry,) = AuditEntry.objects.filter(object_type="monitoring.observation")
    assert (entry.action, entry.actor, entry.before) == ("submit", world.reporter, None)
    assert entry.after["state"] == "submitted" and entry.after["value"] == 1650
