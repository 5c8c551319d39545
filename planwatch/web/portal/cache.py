"""Whole-page cache for the public: anonymous visitors all see the same published page, so it is
rendered once per plan data version (approvals, target changes and assignments bump it).
Signed-in users always get a fresh, permission-scoped render.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from planwatch import clock
from planwatch.web.plans.models import Plan
from planwatch.web.prepared import Param, Prepared

TTL = 3600
# Every page carries a CSRF token (the language switch in the header): a cached copy must not
# hand the first visitor's token to the next, whose cookie would not match it.
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*"')


# The cache key's part that changes with the data: the page's plan's publication state and
# versions, read in one prepared query for a plan page or an indicator page.
_STAMP = ("status", "version", "data_version")
_STAMP_BY = {
    "plan_id": Prepared(Plan.objects.filter(pk=Param("key")).order_by().values_list(*_STAMP)),
    "indicator_id": Prepared(
        Plan.objects.filter(indicators__pk=Param("key")).order_by().values_list(*_STAMP)
    ),
}


def _stamp(view_kwargs: dict) -> tuple | None:
    for name, query in _STAMP_BY.items():
        if name in view_kwargs:
            found = query.fetch(key=view_kwargs[name])
            return found[0] if found else None
    return None


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, **kwargs) -> HttpResponse:
        if request.user.is_authenticated or request.method != "GET":
            return view(request, **kwargs)
        stamp = _stamp(kwargs)
        if stamp is None:
            return view(request, **kwargs)
        raw = f"{request.get_full_path()}|{stamp}|{clock.today()}|{translation.get_language()}"
        key = "pw-page:" + hashlib.sha256(raw.encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            return HttpResponse(_with_own_token(request, cached[0]), content_type=cached[1])
        response = view(request, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), TTL)
        return response

    return wrapper


def _with_own_token(request: HttpRequest, content: bytes) -> bytes:
    """The cached page with this visitor's CSRF token (get_token also sets their cookie)."""
    token = get_token(request).encode()
    return _CSRF_INPUT.sub(lambda m: m[1] + token + b'"', content)
