"""The English UI: Chinese by default whatever the browser asks for, English only once chosen
with the header switch, and a complete English catalogue."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client
from django.utils import translation

from planwatch import clock
from planwatch.evaluation import labels as engine_labels
from planwatch.evaluation import verdicts
from planwatch.web.audit.models import AuditEntry
from planwatch.web.locale_build import LOCALE_DIR
from planwatch.web.monitoring import labels
from planwatch.web.monitoring import services as monitoring
from planwatch.web.projects import services as projects
from tests.web.world import World

BROWSER_IN_ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def choose(client: Client, language: str, next_url: str = "/") -> None:
    r = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert r.status_code == 302 and r["Location"] == next_url


def page(client: Client, url: str) -> str:
    r = client.get(url, **BROWSER_IN_ENGLISH)
    assert r.status_code == 200
    return r.content.decode()


@pytest.mark.django_db
def test_chinese_by_default_even_for_english_browsers(world: World):
    client = world.client(None)
    home = page(client, "/")
    assert '<html lang="zh-CN">' in home and ">规划</a>" in home and "Plans" not in home
    login = page(client, "/accounts/login/")
    assert '<button type="submit">登录</button>' in login and "Sign in" not in login
    assert client.get("/", **BROWSER_IN_ENGLISH)["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_english_once_chosen_and_back_to_chinese(world: World):
    client = world.client(None)
    choose(client, "en", "/accounts/login/")
    home = page(client, "/")
    assert '<html lang="en">' in home and ">Plans</a>" in home and ">Plan</th>" in home
    assert "Published plans" in home and world.plan.title in home  # data stays as entered
    login = page(client, "/accounts/login/")
    assert '<button type="submit">Sign in</button>' in login and ">Username</label>" in login

    choose(client, "zh-hans")
    assert ">规划</a>" in page(client, "/")
    assert '<button type="submit">登录</button>' in page(client, "/accounts/login/")


@pytest.mark.django_db
def test_signed_in_pages_and_form_labels_in_english(world: World):
    client = world.client(world.reporter)
    choose(client, "en")
    home = page(client, "/")
    assert ">My reporting tasks</a>" in home and ">Sign out</button>" in home
    tasks = page(client, "/reporting/")
    assert "Download Excel template" in tasks and "Completed Excel template (.xlsx)" in tasks


@pytest.mark.django_db
def test_plan_and_indicator_pages_in_english(world: World):
    client = world.client(None)
    choose(client, "en")
    plan = page(client, f"/plans/{world.plan.pk}/")
    assert "<h2>Main indicators</h2>" in plan and "<h2>Key projects</h2>" in plan
    assert "主要指标" not in plan and "重点项目" not in plan
    indicator = page(client, f"/plans/indicators/{world.indicator('i1').pk}/")
    assert "<h2>How the status was calculated</h2>" in indicator
    assert "<h2>Data series</h2>" in indicator
    assert "状态计算过程" not in indicator and "数据序列" not in indicator


@pytest.mark.django_db
def test_switch_keeps_the_current_page(world: World):
    html = page(world.client(None), "/accounts/login/?next=/audit/")
    assert 'name="next" value="/accounts/login/?next=/audit/"' in html
    assert 'name="language" value="en"' in html and 'name="language" value="zh-hans"' in html


@pytest.mark.django_db
def test_switch_works_on_cached_public_pages(world: World):
    url = f"/plans/{world.plan.pk}/"
    world.client(None).get(url)  # rendered and cached with this first visitor's CSRF token
    visitor = Client(enforce_csrf_checks=True)
    html = visitor.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    r = visitor.post(
        "/i18n/setlang/", {"language": "en", "next": url, "csrfmiddlewaretoken": token}
    )
    assert r.status_code == 302
    assert ">Plans</a>" in visitor.get(url).content.decode()


@pytest.mark.django_db
def test_error_pages_follow_the_language(world: World):
    client = world.client(None)
    assert "规划不存在" in client.get("/plans/999999/").content.decode()
    assert "页面不存在" in client.get("/no-such-page/").content.decode()
    choose(client, "en")
    html = client.get("/plans/999999/").content.decode()
    assert "plan not found" in html and ">Not found</h1>" in html  # the error's own English
    assert "<h1>Page not found</h1>" in client.get("/no-such-page/").content.decode()


def test_language_middleware_sits_where_localemiddleware_would():
    middleware = settings.MIDDLEWARE
    locale = middleware.index("planwatch.web.language.CookieLocaleMiddleware")
    assert middleware.index("django.contrib.sessions.middleware.SessionMiddleware") < locale
    assert locale < middleware.index("django.middleware.common.CommonMiddleware")
    assert "django.middleware.locale.LocaleMiddleware" not in middleware  # it reads Accept-Language


def test_english_catalogue_is_complete():
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po").open("rb") as f:
        catalog = read_po(f, locale="en", domain="django")
    messages = [m for m in catalog if m.id]
    assert len(messages) > 150
    assert not catalog.fuzzy
    assert [m.id for m in messages if not m.string] == []
    assert [m.id for m in messages if m.fuzzy] == []
    assert [(m.id, errors) for m, errors in catalog.check() if errors] == []


# --- words that come from Python: choice labels, engine statuses, flash messages ---------------


def approve(world: World, period: str, value: float) -> None:
    obs = monitoring.save_draft(
        user=world.reporter, assignment=world.assignment, period=period, value=value
    )
    obs = monitoring.submit(user=world.reporter, observation=obs, expected_version=obs.version)
    monitoring.approve(user=world.reviewer, observation=obs, expected_version=obs.version)


@pytest.mark.django_db
def test_plan_page_status_and_labels_follow_the_language(world: World):
    approve(world, "2024", 1950)  # i1 ahead of its plan path; i2 has no data
    client = world.client(None)
    url = f"/plans/{world.plan.pk}/"
    zh = page(client, url)
    # the 2021–2025 plan read after 2025: the final verdict first, the path status beneath
    assert "· 已发布" in zh and ">超前</small>" in zh and ">无法评估</small>" in zh
    assert ">目标年数据未报 · 2025</span>" in zh and ">数据滞后</span>" in zh
    assert '<span class="status">超前 1</span>' in zh
    assert "<td>预期性</td>" in zh and "<td>约束性</td>" in zh
    choose(client, "en")
    en = page(client, url)
    assert "· Published" in en and ">Ahead of schedule</small>" in en
    assert '<span class="status">Ahead of schedule 1</span>' in en
    assert ">Cannot be evaluated</small>" in en and ">Data overdue</span>" in en
    assert ">No value for the target year · 2025</span>" in en
    assert "<td>Expected</td>" in en and "<td>Binding</td>" in en
    for chinese in ("已发布", "超前", "无法评估", "预期性", "约束性", "数据滞后", "目标年数据未报"):
        assert chinese not in en
    # the JSON twin keeps the engine's own labels whatever the page language
    assert client.get(url + "?format=json").json()["status_counts"] == {"超前": 1, "无法评估": 1}


@pytest.mark.django_db
def test_indicator_page_status_and_labels_follow_the_language(world: World):
    approve(world, "2024", 1950)
    client = world.client(None)
    url = f"/plans/indicators/{world.indicator('i1').pk}/"
    zh = page(client, url)
    assert ">超前</small>" in zh and 'id="forecast">预计可完成</strong>' in zh and "· 预期性" in zh
    assert "市工信局（年度）" in zh and ">已通过</span>" in zh
    choose(client, "en")
    en = page(client, url)
    assert ">Ahead of schedule</small>" in en and 'id="forecast">Likely to be met</strong>' in en
    assert "· Expected" in en
    assert "市工信局（Annual）" in en and ">Approved</span>" in en
    # "· 预期性", not 预期性: the quoted source text below keeps the plan's own word
    for chinese in ("超前", "预计可完成", "· 预期性", "年度", "已通过"):
        assert chinese not in en


def test_engine_labels_in_english_and_chinese():
    with translation.override("zh-hans"):
        assert labels.status_label("slightly_behind") == "略有滞后"
        assert labels.verdict_label("at_risk") == "有风险"
    with translation.override("en"):
        assert labels.status_label("slightly_behind") == "Slightly behind"
        assert labels.status_label("stagnation_or_regression") == "Stagnation or regression"
        assert labels.verdict_label("at_risk") == "At risk"
        assert labels.verdict_label("unlikely") == "Unlikely to be met"
        assert labels.status_label("no_such_status") == "no_such_status"
        untranslated = [
            zh
            for table, label in (
                (labels.STATUS_LABELS, labels.status_label),
                (labels.VERDICT_LABELS, labels.verdict_label),
                (labels.FINAL_LABELS, labels.final_label),
                (labels.GRADE_LABELS, labels.grade_label),
            )
            for code, zh in table.items()
            if label(code) == zh
        ]
    assert untranslated == []


def test_web_labels_are_the_engines():
    """The web spells each engine label out for makemessages: it must not drift from the
    engine's (planwatch.evaluation stays free of Django, so it cannot mark them itself)."""
    assert labels.STATUS_LABELS == engine_labels.STATUS_LABELS
    assert labels.VERDICT_LABELS == engine_labels.VERDICT_LABELS
    assert labels.FINAL_LABELS == verdicts.FINAL_LABELS
    assert labels.GRADE_LABELS == verdicts.GRADE_LABELS


@pytest.mark.django_db
def test_reporting_tasks_and_assignments_follow_the_language(world: World):
    obs = monitoring.save_draft(
        user=world.reporter, assignment=world.assignment, period="2021", value=1300
    )
    obs = monitoring.submit(user=world.reporter, observation=obs, expected_version=obs.version)
    monitoring.reject(
        user=world.reviewer, observation=obs, expected_version=obs.version, comment="口径不对"
    )
    reporter = world.client(world.reporter)
    zh = page(reporter, "/reporting/")
    assert ">已退回</span>" in zh and ">已逾期</span>" in zh
    choose(reporter, "en")
    en = page(reporter, "/reporting/")
    assert ">Sent back</span>" in en and ">Overdue</span>" in en
    assert "已退回" not in en and "已逾期" not in en

    planner = world.client(world.planner)  # the task list has no frequency; assignments do
    assign = f"/reporting/plans/{world.plan.pk}/assign/"
    zh = page(planner, assign)
    assert "<td>年度</td>" in zh and '<option value="quarterly">季度</option>' in zh
    choose(planner, "en")
    en = page(planner, assign)
    assert "<td>Annual</td>" in en and '<option value="quarterly">Quarterly</option>' in en


@pytest.mark.django_db
def test_flash_messages_follow_the_language(world: World):
    planner = world.client(world.planner)
    url = f"/reporting/plans/{world.plan.pk}/runs/new/"
    today = clock.today().isoformat()
    zh = planner.post(url, follow=True).content.decode()
    assert f'<li class="msg-success">已保存评估结果（基准日 {today}）</li>' in zh
    choose(planner, "en")
    en = planner.post(url, follow=True).content.decode()
    assert f'<li class="msg-success">Evaluation results saved (as of {today}).</li>' in en


@pytest.mark.django_db
def test_publishing_in_english(draft_world: World):
    planner = draft_world.client(draft_world.planner)
    choose(planner, "en")
    plan = draft_world.plan
    r = planner.post(f"/plans/{plan.pk}/publish/", {"version": plan.version}, follow=True)
    html = r.content.decode()
    assert '<li class="msg-success">The plan has been published.</li>' in html
    assert "· Published" in html and "规划已发布" not in html


@pytest.mark.django_db
def test_review_screen_form_labels_follow_the_language(draft_world: World):
    planner = draft_world.client(draft_world.planner)
    url = f"/plans/{draft_world.plan.pk}/review/"
    zh = page(planner, url)
    for label in ("指标名称", "计量单位", "属性", "方向", "汇总规则", "分子", "基期年", "基期值"):
        assert f">{label}:</label>" in zh
    assert '<option value="预期性" selected>预期性</option>' in zh
    assert '<option value="increase" selected>越大越好</option>' in zh
    assert '<option value="none" selected>不汇总</option>' in zh
    choose(planner, "en")
    en = page(planner, url)
    for label in (
        "Indicator name",
        "Unit of measurement",
        "Type",
        "Direction",
        "Roll-up rule",
        "Numerator",
        "Baseline year",
        "Baseline value",
    ):
        assert f">{label}:</label>" in en
    # labels translated, stored values (the Chinese 预期性/约束性 included) untouched
    assert '<option value="预期性" selected>Expected</option>' in en
    assert '<option value="约束性">Binding</option>' in en
    assert '<option value="increase" selected>Higher is better</option>' in en
    assert '<option value="none" selected>Not rolled up</option>' in en
    assert "指标名称" not in en and "越大越好" not in en


@pytest.mark.django_db
def test_roles_on_the_users_page_follow_the_language(world: World):
    admin = world.client(world.admin)
    zh = page(admin, "/accounts/users/")
    assert "填报员（市工信局）" in zh and '<option value="reporter">填报员</option>' in zh
    choose(admin, "en")
    r = admin.post(
        f"/accounts/users/{world.viewer.pk}/grant/",
        {"role": "reporter", "unit": world.unit.pk},
        follow=True,
    )
    en = r.content.decode()
    assert '<li class="msg-success">Role granted to viewer.</li>' in en
    assert "Reporter (市工信局)" in en and '<option value="reporter">Reporter</option>' in en
    assert "填报员" not in en


@pytest.mark.django_db
def test_audit_log_keeps_chinese_labels_under_an_english_page(world: World):
    (assignment,) = monitoring.assign(
        user=world.planner, plan=world.plan, unit=world.unit, projects=[world.plan.projects.get()]
    )
    with translation.override("en"):
        report = projects.save_draft(
            user=world.reporter, assignment=assignment, period="2024", stage="building"
        )
        assert str(report) == "城市数据中心 2024 Under construction"
    entry = AuditEntry.objects.filter(object_type="projects.projectreport").get()
    assert entry.object_repr == "城市数据中心 2024 在建"
