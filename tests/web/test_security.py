"""Security headers on every response (Content-Security-Policy from django-csp, Permissions-Policy)
and pages that need no inline script; the API description behind PLANWATCH_OPENAPI_PUBLIC."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from planwatch.web.monitoring import services as monitoring
from tests.web.world import World


class _ScriptFinder(HTMLParser):
    """Collects what a strict script-src would block: inline scripts, on* handler attributes and
    javascript: links. JSON data blocks (``json_script``) are data, not scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        if tag == "script" and not given.get("src") and given.get("type") != "application/json":
            self.found.append(f"inline <script> at line {self.getpos()[0]}")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in {"href", "src", "action"} and (value or "").lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value}>")


def inline_scripts(html: str) -> list[str]:
    finder = _ScriptFinder()
    finder.feed(html)
    return finder.found


def directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def assert_strict_page(response) -> None:
    assert response.status_code == 200, response.status_code
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert (
        "'unsafe-inline'" not in policy["script-src"]
        and "'unsafe-eval'" not in policy["script-src"]
    )
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert inline_scripts(response.content.decode()) == []


def pages(world: World) -> list[tuple[object, str]]:
    """(who, url) for the main pages: portal, login, plan and indicator pages, reporting."""
    indicator = world.indicator("i1")
    (project,) = monitoring.assign(
        user=world.planner, plan=world.plan, unit=world.unit, projects=[world.plan.projects.get()]
    )
    out = [
        (None, "/"),
        (None, "/accounts/login/"),
        (None, f"/plans/{world.plan.pk}/"),
        (None, f"/plans/indicators/{indicator.pk}/"),
        (world.planner, f"/plans/{world.plan.pk}/"),
        (world.planner, f"/plans/indicators/{indicator.pk}/?unit={world.unit.pk}"),
        (world.planner, f"/reporting/plans/{world.plan.pk}/assign/"),
        (world.planner, "/plans/import/"),
        (world.reporter, "/reporting/"),
        (world.reporter, f"/reporting/assignments/{world.assignment.pk}/2024/"),
        (world.reviewer, "/reporting/review/"),
        (world.admin, "/accounts/users/"),
        (world.reporter, "/accounts/tokens/"),
        (world.planner, "/supervision/"),
        (world.admin, "/audit/"),
        (world.reporter, f"/reporting/projects/{project.pk}/2024/"),
    ]
    return out


def test_main_pages_need_no_inline_script(world: World):
    for user, url in pages(world):
        response = world.client(user).get(url)
        try:
            assert_strict_page(response)
        except AssertionError as err:
            raise AssertionError(f"{url} as {user}: {err}") from err


def test_review_screen_needs_no_inline_script(draft_world: World):
    r = draft_world.client(draft_world.planner).get(f"/plans/{draft_world.plan.pk}/review/")
    assert_strict_page(r)


def assert_headers(response) -> None:
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]


def test_error_pages_carry_the_headers(world: World):
    r = Client().get("/plans/999999/")
    assert r.status_code == 404
    assert_headers(r)
    r = world.client(world.reporter).get("/plans/indicators/abc/")
    assert r.status_code == 404 and inline_scripts(r.content.decode()) == []
    assert_headers(r)


def test_static_files_carry_the_headers(client):
    r = client.head("/static/planwatch/site.css")  # HEAD: the headers, no open file to close
    assert r.status_code == 200 and r["Content-Type"].startswith("text/css")
    assert_headers(r)


def test_the_finder_finds_what_the_policy_would_block():
    assert inline_scripts('<script>alert(1)</script><p onclick="x()">') == [
        "inline <script> at line 1",
        "<p onclick=…>",
    ]
    assert inline_scripts('<a href="javascript:history.back()">') != []
    ok = '<script src="/static/x.js"></script><script type="application/json">{}</script>'
    assert inline_scripts(ok) == []


def test_htmx_injects_no_styles():
    page = Client().get("/accounts/login/").content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorCSS": false}\'>' in page


@pytest.mark.django_db
def test_openapi_description_public_by_default():
    r = Client().get("/api/openapi.json")
    assert r.status_code == 200 and r.json()["info"]["title"] == "planwatch API"


def test_openapi_description_private_when_configured(world: World, settings):
    settings.OPENAPI_PUBLIC = False
    r = Client().get("/api/openapi.json")
    assert r.status_code == 401
    assert set(r.json()["error"]) == {"code", "message", "details"}
    assert world.client(world.viewer).get("/api/openapi.json").status_code == 200
    # The API itself stays as open as before: the public still reads published plans.
    assert Client().get("/api/plans").status_code == 200
