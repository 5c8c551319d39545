"""Web-layer errors and the one place that turns any PlanwatchError into a response.

HTML pages get ``error.html`` with the message in the page language (Chinese unless the
visitor chose English); the API gets the fixed JSON shape
``{"error": {"code", "message", "details"}}`` (see ``error_body``). Any other exception is a 500,
logged with its traceback and answered with the request's id (``server_error``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation

from planwatch.errors import PermissionDenied, PlanwatchError
from planwatch.web import requestid


class NotFound(PlanwatchError):
    status = 404


class Conflict(PlanwatchError):
    """Optimistic locking refused a save: someone else changed the item first."""

    status = 409


class WorkflowError(PlanwatchError):
    """A state transition that the reporting workflow does not allow."""

    status = 409


class InvalidInput(PlanwatchError):
    """Input failed validation; ``details`` says where (field → message, or per row)."""

    status = 400

    def __init__(self, zh: str, en: str | None = None, *, details: Any = None) -> None:
        super().__init__(zh, en)
        self.details = details


_CODES: dict[type, str] = {
    PermissionDenied: "permission_denied",
    NotFound: "not_found",
    Conflict: "conflict",
    WorkflowError: "invalid_state",
    InvalidInput: "invalid_input",
}


def in_page_language(err: PlanwatchError) -> str:
    """The error's message in the page language: English only for visitors who chose it."""
    return err.en if translation.get_language() == "en" else err.zh


def in_both(text: Callable[[], Any]) -> tuple[str, str]:
    """``text()`` in Chinese and in English: a choice label inside an error's two messages,
    whichever language the page that raised it was in."""
    with translation.override("zh-hans"):
        zh = str(text())
    with translation.override("en"):
        en = str(text())
    return zh, en


def error_code(err: PlanwatchError) -> str:
    for cls in type(err).__mro__:
        if cls in _CODES:
            return _CODES[cls]
    return "error"


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    """The API's one error shape."""
    return {"error": {"code": code, "message": message, "details": details}}


def json_error(err: PlanwatchError) -> JsonResponse:
    body = error_body(error_code(err), err.zh, getattr(err, "details", None))
    return JsonResponse(body, status=err.status, json_dumps_params={"ensure_ascii": False})


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or request.headers.get("Accept") == "application/json"


def server_error_json() -> JsonResponse:
    """A 500 in the API's shape; ``details`` names the request, whose traceback is in the log."""
    body = error_body("server_error", "服务器内部错误", {"request_id": requestid.current()})
    return JsonResponse(body, status=500, json_dumps_params={"ensure_ascii": False})


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: Django has logged the traceback (``django.request``) with the request id,
    which the page shows. Rendered without the request's context, which may be what failed."""
    if wants_json(request):
        return server_error_json()
    page = loader.get_template("500.html").render({"request_id": requestid.current()})
    return HttpResponseServerError(page)


class PlanwatchErrorMiddleware:
    """Renders domain errors raised by HTML views; the API has its own handlers (same shape)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, PlanwatchError):
            return None
        if wants_json(request):
            return json_error(exc)
        context = {
            "message": in_page_language(exc),
            "status": exc.status,
            "details": getattr(exc, "details", None),
        }
        return render(request, "error.html", context, status=exc.status)
