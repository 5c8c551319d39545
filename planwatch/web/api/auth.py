"""API authentication: a bearer token (machine clients), else the session (with CSRF on writes),
else the public. The permission rules are the same as the UI's: they take the resolved user.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from planwatch.web.accounts.models import User
from planwatch.web.accounts.services import user_for_token
from planwatch.web.errors import error_body

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ApiRequest(HttpRequest):
    """A request past ``PlanwatchAuth``: ``auth`` is whom it acts for (anonymous: the public)."""

    auth: User | AnonymousUser


class PlanwatchAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if header:
            scheme, _, key = header.partition(" ")
            if scheme.lower() != "bearer":
                raise AuthenticationError(message="只支持 Bearer 令牌")
            return self.authenticate(request, key.strip())
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if request.method not in SAFE_METHODS and check_csrf(request) is not None:
                raise HttpError(403, "CSRF 校验失败")
            return user
        return AnonymousUser()

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            raise AuthenticationError(message="令牌无效或已撤销")
        request.user = user
        return user


def description_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Guards the API description (/api/openapi.json): open to everyone unless
    ``OPENAPI_PUBLIC`` is off, then to signed-in users and token holders only."""

    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.OPENAPI_PUBLIC:
            try:
                user = PlanwatchAuth()(request)
            except AuthenticationError:
                user = None
            if user is None or not user.is_authenticated:
                body = error_body("unauthenticated", "接口说明只对登录用户开放")
                return JsonResponse(body, status=401, json_dumps_params={"ensure_ascii": False})
        return view(request, *args, **kwargs)

    return guarded
