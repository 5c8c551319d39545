"""Login throttling (accounts.throttling, django-axes): locks per account and address kept in the
database, the client address from the trusted proxy's header, and the administrator's unlock."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client, RequestFactory

from planwatch import config
from planwatch.web.accounts.throttling import client_address
from planwatch.web.audit.models import AuditEntry
from tests.web.world import PASSWORD, World

PROXY = "10.0.0.2"  # every request reaches the application from the proxy in front


@pytest.fixture(autouse=True)
def _three_attempts_behind_a_proxy(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"


def login(username: str, password: str, client_ip: str, client: Client | None = None):
    client = client or Client()
    response = client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_ip,
    )
    return client, response


def lock(username: str, client_ip: str) -> None:
    for _ in range(3):
        login(username, "wrong-password", client_ip)


def test_the_limit_locks_out_even_the_right_password(world: World):
    for attempt in range(2):
        _, r = login("reporter", "wrong-password", "203.0.113.5")
        assert r.status_code == 200 and "用户名或密码错误" in r.content.decode(), attempt
    _, r = login("reporter", "wrong-password", "203.0.113.5")
    assert r.status_code == 429 and "登录失败次数过多" in r.content.decode()
    client, r = login("reporter", PASSWORD, "203.0.113.5")
    assert r.status_code == 429 and "登录失败次数过多" in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_emptying_the_cache_does_not_unlock(world: World):
    """The counters were cache entries that anonymous page views could evict; they are rows of
    their own table now."""
    lock("reporter", "203.0.113.5")
    cache.clear()
    for n in range(50):  # the traffic that used to push them out
        cache.set(f"pw-page:{n}", b"x")
    _, r = login("reporter", PASSWORD, "203.0.113.5")
    assert r.status_code == 429
    assert AccessAttempt.objects.filter(username="reporter", failures_since_start=3).exists()


def test_users_behind_one_proxy_do_not_lock_each_other(world: World):
    lock("reporter", "203.0.113.5")
    _, r = login("reviewer", PASSWORD, "203.0.113.6")
    assert r.status_code == 302
    # Same client address, another account: the lock is the account's from that address.
    _, r = login("viewer", PASSWORD, "203.0.113.5")
    assert r.status_code == 302
    # The locked account from elsewhere is not refused either.
    _, r = login("reporter", PASSWORD, "203.0.113.7")
    assert r.status_code == 302


def test_a_success_resets_the_count(world: World):
    login("reporter", "wrong-password", "203.0.113.5")
    login("reporter", "wrong-password", "203.0.113.5")
    _, r = login("reporter", PASSWORD, "203.0.113.5")
    assert r.status_code == 302
    _, r = login("reporter", "wrong-password", "203.0.113.5")
    assert r.status_code == 200 and "用户名或密码错误" in r.content.decode()


def test_client_address_is_the_right_most_in_the_trusted_header(settings):
    factory = RequestFactory()
    spoofed = factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    assert client_address(spoofed) == "203.0.113.5"
    assert client_address(factory.get("/", REMOTE_ADDR=PROXY)) == PROXY  # not via the proxy
    garbage = factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="unknown")
    assert client_address(garbage) == PROXY
    v6 = factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="2001:db8::1")
    assert client_address(v6) == "2001:db8::1"
    settings.CLIENT_IP_HEADER = ""  # no proxy configured: the header is the client's own word
    assert client_address(spoofed) == PROXY


def test_client_ip_header_setting_is_checked():
    assert config.get("PLANWATCH_CLIENT_IP_HEADER", {}) == ""
    assert config.get("PLANWATCH_CLIENT_IP_HEADER", {"PLANWATCH_CLIENT_IP_HEADER": "X-Real-IP"})
    with pytest.raises(config.ConfigError, match="PLANWATCH_CLIENT_IP_HEADER"):
        config.get("PLANWATCH_CLIENT_IP_HEADER", {"PLANWATCH_CLIENT_IP_HEADER": "X: 1"})


def test_administrator_unlocks_an_account(world: World):
    lock("reporter", "203.0.113.5")
    admin = world.client(world.admin)
    page = admin.get("/accounts/users/").content.decode()
    assert "已锁定：203.0.113.5" in page
    assert (
        world.client(world.planner).post(f"/accounts/users/{world.reporter.pk}/unlock/").status_code
        == 403
    )
    r = admin.post(f"/accounts/users/{world.reporter.pk}/unlock/")
    assert r.status_code == 302
    assert "已锁定" not in admin.get("/accounts/users/").content.decode()
    _, r = login("reporter", PASSWORD, "203.0.113.5")
    assert r.status_code == 302
    entry = AuditEntry.objects.filter(actor=world.admin, object_id=str(world.reporter.pk)).latest(
        "pk"
    )
    assert entry.after == {"login_unlocked": 1}  # one address
