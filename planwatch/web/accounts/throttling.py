"""Login throttling through django-axes: which address a login comes from, what a locked-out
visitor sees, and which accounts are locked now (for the user administration screen).

Failures are counted per account and address together (``AXES_LOCKOUT_PARAMETERS``) in the
database, so neither other traffic nor a shared proxy address can unlock or lock an account.
"""

from __future__ import annotations

import ipaddress

from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LOCKED_MESSAGE = _("登录失败次数过多，请 15 分钟后再试。")


def client_address(request: HttpRequest) -> str:
    """The client's address. Behind a proxy (``CLIENT_IP_HEADER`` set) it is the right-most
    address in that header, the one the proxy wrote itself: any address left of it is whatever
    the client sent. A request that did not come through the proxy falls back to the
    connection's own address."""
    header = settings.CLIENT_IP_HEADER
    if header:
        candidate = request.headers.get(header, "").rsplit(",", 1)[-1].strip()
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR", "")


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """The response to a login refused by the lock: the login page as the view rendered it (its
    form already says why, see ``LoginForm``), with status 429."""
    if isinstance(original_response, HttpResponse) and not original_response.streaming:
        original_response.status_code = settings.AXES_HTTP_RESPONSE_CODE
        return original_response
    context = {"message": LOCKED_MESSAGE, "status": settings.AXES_HTTP_RESPONSE_CODE}
    return render(request, "error.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def locked_addresses() -> dict[str, list[str]]:
    """Username → the addresses it is locked out from right now."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
        )
        .order_by("username", "ip_address")
        .values_list("username", "ip_address")
    )
    out: dict[str, list[str]] = {}
    for username, address in rows:
        out.setdefault(username, []).append(address or "")
    return out
