"""REST API at /api/ (OpenAPI 3 at /api/openapi.json): plans, indicators, targets, projects,
observations (list, submit, review) and evaluation results — same permissions as the UI,
one JSON error shape.
"""

from __future__ import annotations

import functools
import logging
import operator
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from planwatch.errors import PlanwatchError
from planwatch.web.accounts.permissions import scope_of
from planwatch.web.api import schemas as s
from planwatch.web.api.auth import ApiRequest, PlanwatchAuth, description_access
from planwatch.web.errors import (
    InvalidInput,
    NotFound,
    error_body,
    json_error,
    server_error_json,
)
from planwatch.web.monitoring import engine, services
from planwatch.web.monitoring.models import Assignment, EvaluationRun, Observation
from planwatch.web.monitoring.permissions import visible_observations
from planwatch.web.monitoring.selectors import get_observation, public_count
from planwatch.web.plans import selectors
from planwatch.web.prepared import Param, Prepared

log = logging.getLogger(__name__)
ERRORS = {
    400: s.ErrorOut,
    401: s.ErrorOut,
    403: s.ErrorOut,
    404: s.ErrorOut,
    409: s.ErrorOut,
    422: s.ErrorOut,
}

api = NinjaAPI(
    title="planwatch API",
    version="1",
    description="规划实施监测评估平台接口。Bearer 令牌（机器客户端）或会话登录；公众只读已发布数据。",
    auth=PlanwatchAuth(),
    openapi_url="/openapi.json",
    docs_url=None,  # the Swagger page loads from a CDN; intranets are offline
    docs_decorator=description_access,  # PLANWATCH_OPENAPI_PUBLIC off: signed-in users only
    urls_namespace="api",
)


def _error(status: int, code: str, message: str, details: Any = None) -> JsonResponse:
    return JsonResponse(
        error_body(code, message, details), status=status, json_dumps_params={"ensure_ascii": False}
    )


@api.exception_handler(PlanwatchError)
def _planwatch_error(request: HttpRequest, exc: PlanwatchError):
    return json_error(exc)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError):
    details = [{"loc": list(e.get("loc", [])), "message": e.get("msg", "")} for e in exc.errors]
    return _error(422, "invalid_input", "请求参数不符合要求", details)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError):
    return _error(
        401, "unauthenticated", exc.message if exc.message != "Unauthorized" else "未认证"
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError):
    return _error(exc.status_code, "http_error", exc.message)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404):
    return _error(404, "not_found", "未找到")


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception):
    if settings.DEBUG:
        raise exc
    log.exception("API error")
    return server_error_json()


# --- plans -------------------------------------------------------------------------------


@api.get("/plans", response={200: list[s.PlanOut], **ERRORS}, tags=["plans"])
def list_plans(request: ApiRequest):
    return selectors.plan_list(request.auth)


@api.get("/plans/{plan_id}", response={200: s.PlanOut, **ERRORS}, tags=["plans"])
def get_plan(request: ApiRequest, plan_id: s.Id):
    return selectors.get_plan(request.auth, plan_id)


@api.get(
    "/plans/{plan_id}/indicators", response={200: list[s.IndicatorOut], **ERRORS}, tags=["plans"]
)
def plan_indicators(request: ApiRequest, plan_id: s.Id):
    return selectors.get_plan(request.auth, plan_id).indicators.all()


@api.get("/plans/{plan_id}/projects", response={200: list[s.ProjectOut], **ERRORS}, tags=["plans"])
def plan_projects(request: ApiRequest, plan_id: s.Id):
    return selectors.get_plan(request.auth, plan_id).projects.all()


@api.get(
    "/plans/{plan_id}/evaluation", response={200: dict[str, Any], **ERRORS}, tags=["evaluation"]
)
def plan_evaluation(request: ApiRequest, plan_id: s.Id):
    """Current status of every indicator from the official (approved) data."""
    return engine.evaluate(selectors.get_plan(request.auth, plan_id), headline_only=False)


@api.get(
    "/plans/{plan_id}/evaluation-runs",
    response={200: list[s.EvaluationRunOut], **ERRORS},
    tags=["evaluation"],
)
def evaluation_runs(request: ApiRequest, plan_id: s.Id):
    return selectors.get_plan(request.auth, plan_id).evaluation_runs.defer("result", "inputs")[:100]


@api.get("/evaluation-runs/{run_id}", response={200: dict[str, Any], **ERRORS}, tags=["evaluation"])
def evaluation_run(request: ApiRequest, run_id: s.Id):
    """A frozen evaluation (``planwatch.evaluation/1``) as it was saved."""
    run = EvaluationRun.objects.select_related("plan").filter(pk=run_id).first()
    if run is None:
        raise NotFound("评估结果不存在", "evaluation run not found")
    selectors.get_plan(request.auth, run.plan_id)  # same visibility as its plan
    return run.result


# --- indicators and targets ----------------------------------------------------------------


@api.get(
    "/indicators/{indicator_id}",
    response={200: s.IndicatorDetailOut, **ERRORS},
    tags=["indicators"],
)
def get_indicator(request: ApiRequest, indicator_id: s.Id):
    ind = selectors.get_indicator(request.auth, indicator_id)
    status = engine.status_by_key(engine.evaluate(ind.plan)).get(ind.key)
    out = s.IndicatorOut.model_validate(ind).model_dump()
    return {**out, "targets": list(selectors.target_history(ind)), "status": status}


@api.get(
    "/indicators/{indicator_id}/targets",
    response={200: list[s.TargetOut], **ERRORS},
    tags=["indicators"],
)
def indicator_targets(request: ApiRequest, indicator_id: s.Id):
    """Every target, including superseded ones (mid-term adjustments keep their history)."""
    return selectors.target_history(selectors.get_indicator(request.auth, indicator_id))


# --- observations --------------------------------------------------------------------------


class ObservationFilter(Schema):
    indicator: s.Id | None = None
    plan: s.Id | None = None
    state: str | None = None
    period: str | None = None
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=10_000_000)


_OBSERVATION_FIELDS = (
    "id",
    "indicator_id",
    "unit_id",
    "unit__name",
    "period",
    "series",
    "value",
    "source",
    "is_sample",
    "state",
    "version",
    "review_comment",
    "supersedes_id",
)
_OBSERVATION_KEYS = tuple(f.removesuffix("__name") for f in _OBSERVATION_FIELDS)
_OBSERVATION_ATTRS = operator.attrgetter(*(f.replace("__", ".") for f in _OBSERVATION_FIELDS))


def _observation_json(obs: Observation, status: int = 200) -> JsonResponse:
    """One ``ObservationOut``, written as the list writes its rows (no per-object schema pass)."""
    item = dict(zip(_OBSERVATION_KEYS, _OBSERVATION_ATTRS(obs), strict=True))
    return JsonResponse(item, status=status, json_dumps_params={"ensure_ascii": False})


_OBSERVATION_FILTERS = {
    "indicator": "indicator_id",
    "plan": "indicator__plan_id",
    "state": "state",
    "period": "period",
}


def _observation_rows(qs: QuerySet[Observation], given: dict[str, Any]) -> QuerySet[Any]:
    """``qs`` narrowed by the given filters, oldest first, as rows of ``_OBSERVATION_FIELDS``."""
    narrowed = qs.filter(**{_OBSERVATION_FILTERS[name]: v for name, v in given.items()})
    return narrowed.order_by("id").values_list(*_OBSERVATION_FIELDS)


@functools.cache
def _public_page(names: frozenset[str]) -> Prepared:
    """The public's page query for one combination of filters (at most 16 of them)."""
    params = {name: Param(name) for name in names}
    return Prepared(_observation_rows(visible_observations(None), params), paged=True)


@api.get("/observations", response={200: s.ObservationPage, **ERRORS}, tags=["observations"])
def list_observations(request: ApiRequest, filters: Query[ObservationFilter]):
    """Observations the caller may see, oldest first. The rows are read as plain values and
    written straight to JSON (the busiest read of machine clients); the shape is
    ``ObservationPage``."""
    user = request.auth
    given = {name: v for name in _OBSERVATION_FILTERS if (v := getattr(filters, name))}
    rows: Iterable[Any]
    if user.is_authenticated:
        qs = _observation_rows(visible_observations(user), given)
        rows = qs[filters.offset : filters.offset + filters.limit]
        count = qs.count()
    else:  # the public: one prepared query per combination of filters, a cached count
        page = _public_page(frozenset(given))
        rows = page.fetch(**given, limit=filters.limit, offset=filters.offset)
        count = public_count(filters, lambda: _observation_rows(visible_observations(None), given))
    items = [dict(zip(_OBSERVATION_KEYS, row, strict=True)) for row in rows]
    return JsonResponse({"count": count, "items": items}, json_dumps_params={"ensure_ascii": False})


@api.get(
    "/observations/{observation_id}",
    response={200: s.ObservationOut, **ERRORS},
    tags=["observations"],
)
def observation_detail(request: ApiRequest, observation_id: s.Id):
    return get_observation(request.auth, observation_id)


_REPORTING = (
    Assignment.objects.select_related("plan", "indicator", "unit")
    .defer("plan__source_text", "plan__source")  # the plan's whole text is not needed here
    .order_by()  # one row per unit at most: nothing to sort
)
# The usual case, a reporter of one unit (or a client naming its unit): one prepared lookup.
_ONE_UNIT = Prepared(_REPORTING.filter(indicator_id=Param("indicator"), unit_id=Param("unit")))


def _assignment_for(user: Any, payload: s.ObservationIn) -> Assignment:
    units = scope_of(user).reporter_units
    if payload.unit is not None:
        units = units & {payload.unit}
    if len(units) == 1:
        found = _ONE_UNIT.fetch(indicator=payload.indicator, unit=next(iter(units)))
    else:
        found = list(_REPORTING.filter(indicator_id=payload.indicator, unit_id__in=units)[:2])
    if not found:
        raise NotFound("该指标未分配给您的单位", "indicator not assigned to your unit")
    if len(found) > 1:
        raise InvalidInput("您为多个单位填报该指标，请指定 unit", details=["unit"])
    return found[0]


@api.post("/observations", response={201: s.ObservationOut, **ERRORS}, tags=["observations"])
def submit_observation(request: ApiRequest, payload: s.ObservationIn):
    """Report a value and submit it for review (a statistics bureau pushing data)."""
    user = request.auth
    if not user.is_authenticated:
        raise AuthenticationError(message="提交数据需要登录或令牌")
    assignment = _assignment_for(user, payload)
    extra = payload.model_dump(include={"series", "source", "note", "lag_reason", "next_steps"})
    obs = services.report_and_submit(
        user=user, assignment=assignment, period=payload.period, value=payload.value, **extra
    )
    return _observation_json(obs, status=201)


@api.post(
    "/observations/{observation_id}/approve",
    response={200: s.ObservationOut, **ERRORS},
    tags=["observations"],
)
def approve_observation(request: ApiRequest, observation_id: s.Id, payload: s.VersionIn):
    obs = get_observation(request.auth, observation_id)
    return services.approve(
        user=request.auth,
        observation=obs,
        expected_version=payload.version,
        comment=payload.comment,
    )


@api.post(
    "/observations/{observation_id}/reject",
    response={200: s.ObservationOut, **ERRORS},
    tags=["observations"],
)
def reject_observation(request: ApiRequest, observation_id: s.Id, payload: s.VersionIn):
    obs = get_observation(request.auth, observation_id)
    return services.reject(
        user=request.auth,
        observation=obs,
        expected_version=payload.version,
        comment=payload.comment,
    )
