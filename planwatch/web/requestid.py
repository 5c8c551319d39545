"""A short id for every request, in its log lines, its ``X-Request-ID`` header and its error pages,
so that what a user reads off an error page finds the traceback in the log.
"""

from __future__ import annotations

import contextvars
import logging
import secrets

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def current() -> str:
    """The id of the request being handled on this thread, or ``-`` outside a request."""
    return _current.get()


class RequestIdMiddleware:
    """First in ``MIDDLEWARE``: everything logged while the request is handled carries its id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = secrets.token_hex(8)
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record a handler writes (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current()
        return True
