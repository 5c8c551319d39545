"""Permission matrix: every role against the key views and API endpoints.

Roles: anonymous (the public), 系统管理员, 牵头部门 (city), 填报员 of 市工信局, 填报员 of another
unit, 审核员 of 市工信局, 只读 (city).
"""

from __future__ import annotations

import copy
import json

import pytest

from planwatch.web.monitoring import services
from planwatch.web.plans import services as plan_services
from tests.web.world import PLAN_DOC, World

pytestmark = pytest.mark.django_db
ROLES = ["anon", "admin", "planner", "reporter", "other_reporter", "reviewer", "viewer"]


def user_of(world: World, role: str):
    return None if role == "anon" else getattr(world, role)


def observations(world: World) -> dict[str, int]:
    """A: approved (unit), D: draft (unit), S: submitted (unit), O: draft (other unit)."""
    a = services.save_draft(
        user=world.reporter, assignment=world.assignment, period="2022", value=1500
    )
    a = services.submit(user=world.reporter, observation=a, expected_version=a.version)
    a = services.approve(user=world.reviewer, observation=a, expected_version=a.version)
    d = services.save_draft(
        user=world.reporter, assignment=world.assignment, period="2023", value=1650
    )
    s = services.save_draft(
        user=world.reporter, assignment=world.assignment, period="2021", value=1250
    )
    s = services.submit(user=world.reporter, observation=s, expected_version=s.version)
    o = services.save_draft(
        user=world.other_reporter, assignment=world.other_assignment, period="2023", value=9
    )
    return {"A": a.pk, "D": d.pk, "S": s.pk, "O": o.pk}


PAGE_STATUS = {
    # path template: {role: status}; 302 = sent to the login page
    "/": dict.fromkeys(ROLES, 200),
    "/plans/{plan}/": dict.fromkeys(ROLES, 200),
    "/plans/indicators/{ind}/": dict.fromkeys(ROLES, 200),
    "/reporting/": {**dict.fromkeys(ROLES, 200), "anon": 302},
    "/reporting/review/": {**dict.fromkeys(ROLES, 200), "anon": 302},
    "/supervision/": {**dict.fromkeys(ROLES, 200), "anon": 302},
    "/audit/": {**dict.fromkeys(ROLES, 403), "anon": 302, "admin": 200, "planner": 200},
    "/plans/import/": {**dict.fromkeys(ROLES, 403), "anon": 302, "admin": 200, "planner": 200},
    "/reporting/plans/{plan}/assign/": {
        **dict.fromkeys(ROLES, 403),
        "anon": 302,
        "admin": 200,
        "planner": 200,
    },
    "/plans/{plan}/review/": {
        **dict.fromkeys(ROLES, 403),
        "anon": 302,
        "admin": 200,
        "planner": 200,
    },
    "/supervision/new/": {**dict.fromkeys(ROLES, 403), "anon": 302, "admin": 200, "planner": 200},
    "/reporting/assignments/{asg}/2023/": {
        **dict.fromkeys(ROLES, 404),
        "anon": 302,
        "reporter": 200,
    },
    "/reporting/template.xlsx": {**dict.fromkeys(ROLES, 200), "anon": 302},
    "/accounts/users/": {**dict.fromkeys(ROLES, 403), "anon": 302, "admin": 200},
    "/accounts/tokens/": {**dict.fromkeys(ROLES, 200), "anon": 302},
}


@pytest.mark.parametrize("role", ROLES)
def test_pages(world: World, role: str):
    client = world.client(user_of(world, role))
    ids = {"plan": world.plan.pk, "ind": world.indicator("i1").pk, "asg": world.assignment.pk}
    got = {path: client.get(path.format(**ids)).status_code for path in PAGE_STATUS}
    want = {path: statuses[role] for path, statuses in PAGE_STATUS.items()}
    assert got == want


VISIBLE = {
    "anon": {"A"},
    "admin": {"A", "D", "S", "O"},
    "planner": {"A", "S"},
    "reporter": {"A", "D", "S"},
    "other_reporter": {"A", "O"},
    "reviewer": {"A", "S"},
    "viewer": {"A", "S"},
}


@pytest.mark.parametrize("role", ROLES)
def test_api_observation_visibility(world: World, role: str):
    obs = observations(world)
    client = world.client(user_of(world, role))
    r = client.get("/api/observations")
    assert r.status_code == 200
    names = {v: k for k, v in obs.items()}
    assert {names[o["id"]] for o in r.json()["items"]} == VISIBLE[role]
    for name, pk in obs.items():
        status = client.get(f"/api/observations/{pk}").status_code
        assert status == (200 if name in VISIBLE[role] else 404), (name, status)


@pytest.mark.parametrize("role", ROLES)
def test_indicator_page_hides_other_units_drafts(world: World, role: str):
    observations(world)
    url = f"/plans/indicators/{world.indicator('i1').pk}/?unit={world.other_unit.pk}"
    page = world.client(user_of(world, role)).get(url)
    html = page.content.decode()
    assert ('<td class="num">9</td>' in html) == (role in ("admin", "other_reporter"))


APPROVE = {
    **dict.fromkeys(ROLES, 403),
    "anon": 404,
    "other_reporter": 404,
    "admin": 200,
    "reviewer": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_api_approve(world: World, role: str):
    obs = observations(world)
    client = world.client(user_of(world, role))
    r = client.post(
        f"/api/observations/{obs['S']}/approve", {"version": 2}, content_type="application/json"
    )
    assert r.status_code == APPROVE[role], r.content
    if r.status_code != 200:
        assert set(r.json()["error"]) == {"code", "message", "details"}


SUBMIT = {**dict.fromkeys(ROLES, 404), "anon": 401, "reporter": 201}


@pytest.mark.parametrize("role", ROLES)
def test_api_submit(world: World, role: str):
    client = world.client(user_of(world, role))
    body = {"indicator": world.indicator("i2").pk, "period": "2022", "value": 66}
    r = client.post("/api/observations", body, content_type="application/json")
    assert r.status_code == SUBMIT[role], r.content
    if r.status_code == 201:
        assert r.json()["state"] == "submitted"


ADJUST = {**dict.fromkeys(ROLES, 403), "anon": 302, "admin": 302, "planner": 302}


@pytest.mark.parametrize("role", ROLES)
def test_change_targets(world: World, role: str):
    target = world.indicator("i1").current_targets().get()
    client = world.client(user_of(world, role))
    r = client.post(f"/plans/targets/{target.pk}/adjust/", {"value": 1800, "reason": "调整"})
    assert r.status_code == ADJUST[role]
    target.refresh_from_db()
    changed = target.superseded_at is not None
    assert changed == (role in ("admin", "planner"))
    if role == "anon":
        assert "/accounts/login/" in r["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_draft_plans_are_private(world: World, role: str):
    draft = plan_services.import_plan(
        user=world.planner, plan_doc=copy.deepcopy(PLAN_DOC), region=world.city
    )
    client = world.client(user_of(world, role))
    sees = role in ("admin", "planner")
    assert client.get(f"/plans/{draft.pk}/").status_code == (200 if sees else 404)
    assert client.get(f"/api/plans/{draft.pk}").status_code == (200 if sees else 404)
    listed = {p["id"] for p in client.get("/api/plans").json()}
    assert (draft.pk in listed) == sees
    assert (draft.title in client.get("/").content.decode()) == (
        sees or draft.title == world.plan.title
    )


def test_reject_via_html_then_reporter_sees_comment(world: World):
    obs = observations(world)
    r = world.client(world.reviewer).post(
        f"/reporting/review/{obs['S']}/reject/", {"version": 2, "comment": "请附统计口径"}
    )
    assert r.status_code == 302
    tasks = world.client(world.reporter).get("/reporting/").content.decode()
    assert "请附统计口径" in tasks and "已退回" in tasks


def test_reviewer_of_unit_cannot_review_other_units(world: World):
    other = services.save_draft(
        user=world.other_reporter, assignment=world.other_assignment, period="2022", value=1500
    )
    other = services.submit(
        user=world.other_reporter, observation=other, expected_version=other.version
    )
    r = world.client(world.reviewer).post(
        f"/api/observations/{other.pk}/approve",
        json.dumps({"version": other.version}),
        content_type="application/json",
    )
    assert r.status_code == 404


GRANT = {**dict.fromkeys(ROLES, 403), "anon": 302, "admin": 302}


@pytest.mark.parametrize("role", ROLES)
def test_permission_changes_only_by_admin(world: World, role: str):
    from planwatch.web.accounts.models import RoleGrant
    from planwatch.web.audit.models import AuditEntry

    client = world.client(user_of(world, role))
    body = {"role": "reporter", "unit": world.other_unit.pk}
    r = client.post(f"/accounts/users/{world.viewer.pk}/grant/", body)
    assert r.status_code == GRANT[role]
    granted = RoleGrant.objects.filter(user=world.viewer, role="reporter").exists()
    assert granted == (role == "admin")
    if granted:
        entry = AuditEntry.objects.filter(action="grant", actor=world.admin).get()
        assert entry.after == {"role": "reporter", "unit": world.other_unit.pk, "region": None}


SUPERVISION_DETAIL = {**dict.fromkeys(ROLES, 200), "anon": 302, "other_reporter": 404}
SUPERVISION_REPLY = {
    **dict.fromkeys(ROLES, 403),
    "anon": 302,
    "other_reporter": 404,
    "reporter": 302,
    "reviewer": 302,
}


@pytest.mark.parametrize("role", ROLES)
def test_supervision_pages(world: World, role: str):
    import datetime as dt

    from planwatch.web.supervision import services as supervision

    item = supervision.open_item(
        user=world.planner,
        plan=world.plan,
        unit=world.unit,
        title="督办",
        instruction="请整改",
        deadline=dt.date(2030, 1, 1),
    )
    client = world.client(user_of(world, role))
    assert client.get(f"/supervision/{item.pk}/").status_code == SUPERVISION_DETAIL[role]
    r = client.post(f"/supervision/{item.pk}/reply/", {"text": "已整改"})
    assert r.status_code == SUPERVISION_REPLY[role]
    assert item.replies.exists() == (role in ("reporter", "reviewer"))
