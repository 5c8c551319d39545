"""API authentication: a bearer token (machine clients), else the session (with CSRF on writes),
else the public. The permission rules are the same as the UI's: they take the resolved user.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from planwatch.web.accounts.services import user_for_token

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


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
