"""The English UI: Chinese by default whatever the browser asks for, English only once chosen
with the header switch, and a complete English catalogue."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client

from planwatch.web.locale_build import LOCALE_DIR
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
