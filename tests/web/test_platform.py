"""Settings, supervision, audit, status on pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planwatch.errors import PermissionDenied
from planwatch.web import settings as web_settings
from planwatch.web.audit.models import AuditEntry
from planwatch.web.monitoring import services
from planwatch.web.supervision import services as supervision
from tests.web.world import PASSWORD, World


def test_security_settings():
    assert web_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert web_settings.LANGUAGE_CODE == "zh-hans" and web_settings.TIME_ZONE == "Asia/Shanghai"
    assert ("en", "English") in web_settings.LANGUAGES
    assert web_settings.SESSION_COOKIE_HTTPONLY and web_settings.CSRF_COOKIE_HTTPONLY
    assert web_settings.TEMPLATES[0]["OPTIONS"]["autoescape"] is True
    assert "django.middleware.csrf.CsrfViewMiddleware" in web_settings.MIDDLEWARE


def test_placeholder_secret_refused_outside_debug(monkeypatch):
    from planwatch.config import ConfigError

    monkeypatch.setenv("PLANWATCH_SECRET_KEY", "changeme")
    monkeypatch.setattr(web_settings, "DEBUG", False)
    with pytest.raises(ConfigError):
        web_settings._secret_key()


def test_cache_choice(monkeypatch):
    """The evaluation and page cache live in the database when several hosts share it."""
    from planwatch.config import ConfigError

    monkeypatch.setenv("PLANWATCH_CACHE", "database")
    assert web_settings._cache()["BACKEND"].endswith("db.DatabaseCache")
    monkeypatch.setenv("PLANWATCH_CACHE", "file")
    assert web_settings._cache()["BACKEND"].endswith("FileBasedCache")
    monkeypatch.setenv("PLANWATCH_CACHE", "redis")
    with pytest.raises(ConfigError):
        web_settings._cache()


@pytest.mark.django_db
def test_login_works(world: World):
    from django.test import Client

    c = Client()
    r = c.post("/accounts/login/", {"username": "reporter", "password": PASSWORD})
    assert r.status_code == 302
    assert "我的填报任务" in c.get("/").content.decode()


@pytest.mark.django_db
def test_supervision_flow(world: World):
    item = supervision.open_item(
        user=world.planner,
        plan=world.plan,
        unit=world.unit,
        title="5G基站建设滞后",
        instruction="请说明原因并提出整改措施",
        deadline=dt.date(2020, 1, 1),
        indicator=world.indicator("i1"),
    )
    assert item.is_overdue()
    with pytest.raises(PermissionDenied):
        supervision.reply(user=world.other_reporter, item=item, text="x")
    with pytest.raises(PermissionDenied):
        supervision.open_item(
            user=world.reporter,
            plan=world.plan,
            unit=world.unit,
            title="x",
            instruction="y",
            deadline=dt.date(2030, 1, 1),
        )
    supervision.reply(user=world.reporter, item=item, text="已加快审批")
    html = world.client(world.reporter).get("/supervision/").content.decode()
    assert "5G基站建设滞后" in html and "已超期" in html
    assert (
        "5G基站建设滞后"
        not in world.client(world.other_reporter).get("/supervision/").content.decode()
    )
    with pytest.raises(PermissionDenied):
        supervision.close(user=world.reporter, item=item)
    supervision.close(user=world.planner, item=item, note="已整改")
    item.refresh_from_db()
    assert item.state == "closed" and not item.is_overdue()


@pytest.mark.django_db
def test_audit_page_shows_changes(world: World):
    obs = services.save_draft(
        user=world.reporter, assignment=world.assignment, period="2022", value=1450
    )
    services.submit(user=world.reporter, observation=obs, expected_version=obs.version)
    assert AuditEntry.objects.filter(action="grant").exists()  # permission changes audited
    html = world.client(world.planner).get("/audit/").content.decode()
    assert "提交" in html and "导入" in html and "授权" in html


@pytest.mark.django_db
def test_audit_log_of_a_planner_is_scoped_to_its_region(world: World):
    """The world's planner leads 汕头市; a plan of 广州市 and its import are not theirs."""
    import copy

    from planwatch.web.plans import services as plans
    from planwatch.web.regions.models import Region
    from tests.web.world import PLAN_DOC

    guangzhou = Region.objects.get(code="440100")
    other = plans.import_plan(
        user=world.admin,
        plan_doc={**copy.deepcopy(PLAN_DOC), "title": "广州市测试规划", "region": "广州市"},
        region=guangzhou,
    )
    obs = services.save_draft(
        user=world.other_reporter, assignment=world.other_assignment, period="2022", value=7
    )
    mine = AuditEntry.objects.get(
        action="create", object_type="monitoring.observation", object_id=str(obs.pk)
    )
    assert mine.region_id == world.district.pk  # 龙湖区 unit, inside 汕头市
    theirs = AuditEntry.objects.get(
        action="import", object_type="plans.plan", object_id=str(other.pk)
    )
    assert theirs.region_id == guangzhou.pk

    planner_page = world.client(world.planner).get("/audit/").content.decode()
    assert "广州市测试规划" not in planner_page
    assert world.plan.title in planner_page and "5G基站数 2022 = 7" in planner_page
    admin_page = world.client(world.admin).get("/audit/").content.decode()
    assert "广州市测试规划" in admin_page


@pytest.mark.django_db
def test_status_changes_on_approval(world: World):
    c = world.client(None)
    ind = world.indicator("i1")
    page = c.get(f"/plans/indicators/{ind.pk}/").content.decode()
    assert "无法评估" in page
    obs = services.save_draft(
        user=world.reporter, assignment=world.assignment, period="2024", value=1950
    )
    obs = services.submit(user=world.reporter, observation=obs, expected_version=obs.version)
    services.approve(user=world.reviewer, observation=obs, expected_version=obs.version)
    page = c.get(f"/plans/indicators/{ind.pk}/").content.decode()
    assert "超前" in page
    data = c.get(f"/plans/{world.plan.pk}/?format=json").json()
    i1 = next(i for i in data["indicators"] if i["key"] == "i1")
    assert i1["status"]["status"] == "ahead" and i1["latest"]["value"] == 1950


@pytest.mark.django_db
def test_region_history_kept():
    from planwatch.web.regions.models import Region
    from planwatch.web.regions.seed import seed_guangdong
    from planwatch.web.regions.selectors import current_regions

    province = seed_guangdong()
    seed_guangdong()  # idempotent
    assert province.children.count() == 21
    assert Region.objects.get(code="440507").name == "龙湖区"
    assert Region.objects.get(code="440112").parent.name == "广州市"
    luogang = Region.objects.get(code="440116")
    assert luogang not in current_regions() and luogang in current_regions(dt.date(2010, 1, 1))


@pytest.mark.django_db
def test_grant_scope_must_fit_role(world: World):
    from planwatch.web.accounts import services as accounts
    from planwatch.web.errors import InvalidInput

    with pytest.raises(InvalidInput):
        accounts.grant_role(
            actor=world.admin, user=world.viewer, role="reporter", region=world.city
        )
    with pytest.raises(PermissionDenied):
        accounts.grant_role(actor=world.planner, user=world.viewer, role="admin")


@pytest.mark.django_db
def test_token_page_issues_and_revokes(world: World):
    c = world.client(world.reporter)
    html = c.post("/accounts/tokens/", {"name": "推送"}).content.decode()
    key = html.split('id="new-token">')[1].split("<")[0]
    api = world.client(None)
    assert api.get("/api/plans", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    from planwatch.web.accounts.models import ApiToken

    token = ApiToken.objects.get(user=world.reporter)
    assert token.key_hash != key and key.startswith("pw_")
    assert (
        world.client(world.other_reporter).post(f"/accounts/tokens/{token.pk}/revoke/").status_code
        == 403
    )
    c.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert api.get("/api/plans", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


@pytest.mark.django_db
def test_static_files_served_locally(client):
    r = client.get("/static/planwatch/site.css")
    assert r.status_code == 200
    assert b"planwatch" in b"".join(r.streaming_content)
    r.close()
    html = (Path(web_settings.WEB_DIR) / "templates" / "base.html").read_text("utf-8")
    assert "http://" not in html and "https://" not in html  # nothing from the internet


@pytest.mark.django_db
def test_missing_static_file_is_a_404_under_the_demo_server():
    """`planwatch demo` serves /static/ through Django's static handler, which renders the 404
    page without running the middleware (no request.user)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    environ = RequestFactory().get("/static/vendor/echarts/missing.js").environ
    environ["HTTP_HOST"] = "127.0.0.1"
    statuses: list[str] = []
    body = b"".join(StaticFilesHandler(WSGIHandler())(environ, lambda s, h: statuses.append(s)))
    assert statuses == ["404 Not Found"]
    assert "页面不存在" in body.decode()


@pytest.mark.django_db
def test_public_page_cache_never_serves_signed_in_users(world: World):
    url = f"/plans/indicators/{world.indicator('i1').pk}/?unit={world.unit.pk}"
    anon = world.client(None)
    assert "1234" not in anon.get(url).content.decode()  # rendered and cached for the public
    services.save_draft(user=world.reporter, assignment=world.assignment, period="2022", value=1234)
    assert "1234" in world.client(world.reporter).get(url).content.decode()
    assert "1234" not in anon.get(url).content.decode()
    assert "hx-headers" not in anon.get(url).content.decode()  # no CSRF token in public pages


@pytest.mark.django_db
def test_indicator_page_json_twin(world: World):
    obs = services.save_draft(
        user=world.reporter, assignment=world.assignment, period="2022", value=1450
    )
    url = f"/plans/indicators/{world.indicator('i1').pk}/?format=json"
    mine = world.client(world.reporter).get(url).json()
    assert mine["series"][0]["value"] == 1450 and mine["series"][0]["state"] == "draft"
    assert world.client(None).get(url).json()["series"] == []  # the public sees no draft
    assert obs.pk


@pytest.mark.django_db
def test_admin_creates_unit_and_user_changes_password(world: World):
    from django.test import Client

    from planwatch.web.accounts.models import Unit

    admin = world.client(world.admin)
    r = admin.post("/accounts/units/new/", {"name": "市统计局", "region": world.city.pk})
    assert r.status_code == 302 and Unit.objects.filter(name="市统计局").exists()
    assert (
        world.client(world.planner)
        .post("/accounts/units/new/", {"name": "x", "region": world.city.pk})
        .status_code
        == 403
    )
    c = world.client(world.reporter)
    new = "a-much-better-passphrase-42"
    r = c.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert r.status_code == 302
    login = {"username": "reporter", "password": new}
    assert Client().post("/accounts/login/", login).status_code == 302
