"""API payloads (pydantic via django-ninja)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db.models import CharField
from ninja import Field, Schema

from planwatch.web.ids import MAX_ID, MAX_VERSION
from planwatch.web.monitoring.models import Observation

Id = Annotated[int, Field(ge=1, le=MAX_ID)]  # larger numbers would overflow the database driver
Version = Annotated[int, Field(ge=0, le=MAX_VERSION)]


class ErrorDetail(Schema):
    code: str
    message: str
    details: Any = None


class ErrorOut(Schema):
    error: ErrorDetail


class PlanOut(Schema):
    id: int
    title: str
    region: str = Field(..., alias="region.name")
    region_code: str = Field(..., alias="region.code")
    period_start: int | None
    period_end: int | None
    status: str
    upper_plan_id: int | None


class TargetOut(Schema):
    id: int
    year: int | None
    value: float
    comparator: str
    reason: str
    created_at: dt.datetime
    superseded_at: dt.datetime | None


class IndicatorOut(Schema):
    id: int
    plan_id: int
    key: str
    name: str
    unit: str
    direction: str
    nature: str
    aggregation: str
    baseline_year: int | None
    baseline_value: float | None


class IndicatorDetailOut(IndicatorOut):
    targets: list[TargetOut]
    status: dict[str, Any] | None = None


class ProjectOut(Schema):
    id: int
    key: str
    name: str
    category: list[str]
    start_year: int | None
    end_year: int | None
    total_investment: float | None
    investment_unit: str
    responsible_unit_name: str


class ObservationOut(Schema):
    id: int
    indicator_id: int
    unit_id: int
    unit: str = Field(..., alias="unit.name")
    period: str
    series: str
    value: float
    source: str
    is_sample: bool
    state: str
    version: int
    review_comment: str
    supersedes_id: int | None


class ObservationPage(Schema):
    count: int
    items: list[ObservationOut]


def _column_length(name: str) -> int:
    """The observation column's ``max_length``: a longer text is a 422 here, on every database."""
    field = Observation._meta.get_field(name)
    assert isinstance(field, CharField) and field.max_length is not None, name
    return field.max_length


class ObservationIn(Schema):
    indicator: Id
    period: str = Field(
        ..., max_length=_column_length("period"), examples=["2023", "2023-Q2", "2023-06"]
    )
    value: float
    unit: Id | None = Field(None, description="reporting unit id; needed if you report for several")
    series: str = Field("", max_length=_column_length("series"))
    source: str = Field("", max_length=_column_length("source"))
    note: str = Field("", max_length=_column_length("note"))
    lag_reason: str = ""
    next_steps: str = ""


class VersionIn(Schema):
    version: Version
    comment: str = ""


class EvaluationRunOut(Schema):
    id: int
    as_of: dt.date
    method: str
    created_at: dt.datetime
