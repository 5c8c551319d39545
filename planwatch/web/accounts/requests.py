"""Typed requests: what a view may rely on once its decorators have run (the stubs type
``request.user`` as possibly anonymous, which is right only before ``login_required``)."""

from __future__ import annotations

from django.http import HttpRequest

from planwatch.web.accounts.models import User


class SignedInRequest(HttpRequest):
    """A request past ``login_required``: ``user`` is a signed-in user."""

    user: User
