"""Accounts: signing in, role grants, API tokens, units and passwords."""

from __future__ import annotations

import pytest

from planwatch.errors import PermissionDenied
from tests.web.world import PASSWORD, World


@pytest.mark.django_db
def test_login_works(world: World):
    from django.test import Client

    c = Client()
    r = c.post("/accounts/login/", {"username": "reporter", "password": PASSWORD})
    assert r.status_code == 302
    assert "我的填报任务" in c.get("/").content.decode()


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
