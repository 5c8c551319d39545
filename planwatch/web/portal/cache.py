"""Whole-page cache for the public: anonymous visitors all see the same published page, so it is
rendered once per plan data version (approvals, target changes and assignments bump it).
Signed-in users always get a fresh, permission-scoped render.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from planwatch.web.plans.models import Indicator, Plan

TTL = 3600
# Every page carries a CSRF token (the language switch in the header): a cached copy must not
# hand the first visitor's token to the next, whose cookie would not match it.
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*"')


def _plan_id(view_kwargs: dict) -> int | None:
    if "plan_id" in view_kwargs:
        return view_kwargs["plan_id"]
    ind = view_kwargs.get("indicator_id")
    return Indicator.objects.filter(pk=ind).values_list("plan_id", flat=True).first()


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, **kwargs) -> HttpResponse:
        if request.user.is_authenticated or request.method != "GET":
            return view(request, **kwargs)
        plan_id = _plan_id(kwargs)
        stamp = Plan.objects.filter(pk=plan_id).values_list("status", "version", "data_version")
        stamp = stamp.first()
        if stamp is None:
            return view(request, **kwargs)
        raw = f"{request.get_full_path()}|{stamp}|{dt.date.today()}|{translation.get_language()}"
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
