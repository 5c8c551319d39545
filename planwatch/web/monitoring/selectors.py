"""Reads of the reporting loop: a reporter's to-do list, the review queue, an indicator's series."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import gettext, gettext_noop

from planwatch import clock
from planwatch.web.accounts.permissions import scope_of
from planwatch.web.errors import NotFound
from planwatch.web.monitoring import periods
from planwatch.web.monitoring.models import Assignment, Observation, ReportState
from planwatch.web.monitoring.permissions import reviewable_observations, visible_observations
from planwatch.web.plans.models import Indicator, Plan
from planwatch.web.prepared import Param, Prepared

_TASK_LABELS = {
    "missing": gettext_noop("待填报"),
    "draft": gettext_noop("草稿"),
    "submitted": gettext_noop("待审核"),
}


@dataclass
class ReportingTask:
    assignment: Assignment
    period: str
    due: dt.date
    observation: Observation | None

    @property
    def state(self) -> str:
        return self.observation.state if self.observation else "missing"

    @property
    def overdue(self) -> bool:
        return self.state in ("missing", ReportState.DRAFT) and self.due < clock.today()

    @property
    def label(self) -> str:
        if self.state == ReportState.REJECTED:
            return gettext("已退回")
        if self.overdue:
            return gettext("已逾期")
        label = _TASK_LABELS.get(self.state)
        return gettext(label) if label else ""


def reporter_assignments(user: Any) -> QuerySet[Assignment]:
    units = scope_of(user).reporter_units
    return (
        Assignment.objects.filter(
            unit_id__in=units, indicator__isnull=False, plan__status=Plan.Status.PUBLISHED
        )
        .select_related("indicator", "plan__region", "unit__region")
        .order_by("plan_id", "indicator__order")
    )


def reporting_tasks(user: Any, *, today: dt.date | None = None) -> list[ReportingTask]:
    """我的填报任务: every due period without an approved value (rejected first, then overdue)."""
    today = today or clock.today()
    assignments = list(reporter_assignments(user))
    latest: dict[tuple[int | None, int, str], Observation] = {}
    observations = Observation.objects.filter(
        assignment__in=assignments,
        series="",
        state__in=["draft", "submitted", "rejected", "approved"],
    ).only("id", "indicator_id", "unit_id", "period", "state", "version", "value")
    for obs in observations:
        k = (obs.indicator_id, obs.unit_id, obs.period)
        if k not in latest or latest[k].state == ReportState.APPROVED:
            latest[k] = obs
    tasks: list[ReportingTask] = []
    for a in assignments:
        for period in a.periods():
            p = periods.parse(period)
            if p is None or p.end > today:
                continue
            current = latest.get((a.indicator_id, a.unit_id, period))
            if current is not None and current.state == ReportState.APPROVED:
                continue
            tasks.append(ReportingTask(a, period, p.end + dt.timedelta(days=a.due_days), current))
    order = {"rejected": 0, "missing": 1, "draft": 1, "submitted": 2}
    tasks.sort(key=lambda t: (order.get(t.state, 3), not t.overdue, t.due))
    return tasks


def review_queue(user: Any) -> QuerySet[Observation]:
    return (
        reviewable_observations(user)
        .select_related("indicator__plan", "unit", "reporter")
        .order_by("submitted_at")
    )


def get_observation(user: Any, observation_id: int) -> Observation:
    obs = (
        visible_observations(user)
        .select_related("indicator__plan", "unit__region", "reporter", "assignment__plan")
        .filter(pk=observation_id)
        .first()
    )
    if obs is None:
        raise NotFound("数据不存在或无权查看", "observation not found")
    return obs


def get_assignment(user: Any, assignment_id: int) -> Assignment:
    a = (
        Assignment.objects.select_related("plan", "indicator", "unit")
        .filter(pk=assignment_id, unit_id__in=scope_of(user).reporter_units)
        .first()
    )
    if a is None:
        raise NotFound("填报任务不存在或不属于您的单位", "assignment not found")
    return a


def indicator_series(user: Any, indicator: Indicator) -> QuerySet[Observation]:
    """Every observation of the indicator this user may see, oldest first."""
    return (
        visible_observations(user)
        .filter(indicator=indicator)
        .select_related("unit", "reporter", "reviewed_by")
        .order_by("period_end", "series", "created_at")
    )


@functools.cache
def _published_versions(names: frozenset[str]) -> Prepared:
    """Versions of the published plans a public observation list can draw on, given which of
    its ``plan`` and ``indicator`` filters are set (four queries in all)."""
    plans = Plan.objects.filter(status=Plan.Status.PUBLISHED)
    if "plan" in names:
        plans = plans.filter(pk=Param("plan"))
    if "indicator" in names:
        plans = plans.filter(indicators__pk=Param("indicator"))
    return Prepared(plans.order_by("pk").values_list("pk", "version", "data_version"))


def public_count(filters: Any, matching: Callable[[], QuerySet[Observation]]) -> int:
    """The number of public (approved, published) observations matching ``filters``, counted
    once per data version: the public set only changes when a plan's official data does
    (approval, supersession, publication all bump ``Plan.data_version``). ``matching`` makes
    the queryset to count, only when the count is not cached."""
    given = {name: getattr(filters, name) for name in ("plan", "indicator")}
    given = {name: v for name, v in given.items() if v is not None}
    stamp = _published_versions(frozenset(given)).fetch(**given)
    raw = f"{filters.indicator}|{filters.plan}|{filters.state}|{filters.period}|{stamp}"
    key = "pw-obs-count:" + hashlib.sha256(raw.encode()).hexdigest()
    count = cache.get(key)
    if count is None:
        count = matching().count()
        cache.set(key, count, 3600)
    return count
