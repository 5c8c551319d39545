"""Who may see, report and review observations: the public sees approved values of published
plans; drafts belong to the reporting unit; nobody approves their own value."""

from __future__ import annotations

from typing import Any, Protocol

from django.db.models import Q, QuerySet

from planwatch.web.accounts.models import Unit
from planwatch.web.accounts.permissions import scope_of
from planwatch.web.monitoring.models import Assignment, Observation, ReportState
from planwatch.web.plans.models import Plan


def visible_observations(user: Any) -> QuerySet[Observation]:
    s = scope_of(user)
    qs = Observation.objects.all()
    if s.is_admin:
        return qs
    public = Q(state=ReportState.APPROVED, indicator__plan__status=Plan.Status.PUBLISHED)
    non_draft = ~Q(state=ReportState.DRAFT)
    q = public
    if s.reporter_units:
        q |= Q(unit_id__in=s.reporter_units)  # including the unit's own drafts
    if s.reviewer_units:
        q |= non_draft & Q(unit_id__in=s.reviewer_units)
    if s.read_regions:
        q |= non_draft & (
            Q(unit__region_id__in=s.read_regions) | Q(indicator__plan__region_id__in=s.read_regions)
        )
    return qs.filter(q)


def can_view_observation(user: Any, observation: Observation) -> bool:
    return visible_observations(user).filter(pk=observation.pk).exists()


def can_report(user: Any, assignment: Assignment) -> bool:
    s = scope_of(user)
    return assignment.unit_id in s.reporter_units and assignment.plan.is_published


def can_edit_observation(user: Any, observation: Observation) -> bool:
    s = scope_of(user)
    return observation.unit_id in s.reporter_units and observation.state in (
        ReportState.DRAFT,
        ReportState.REJECTED,
    )


class Reviewable(Protocol):
    """What the review rule reads of a report (an observation or a project report)."""

    @property
    def reporter_id(self) -> int | None: ...
    @property
    def unit_id(self) -> int: ...
    @property
    def unit(self) -> Unit: ...


def can_review(user: Any, observation: Reviewable) -> bool:
    s = scope_of(user)
    if observation.reporter_id is not None and observation.reporter_id == user.pk:
        return False  # never approve one's own value
    if s.is_admin:
        return True
    return (
        observation.unit_id in s.reviewer_units or observation.unit.region_id in s.reviewer_regions
    )


def reviewable_observations(user: Any) -> QuerySet[Observation]:
    s = scope_of(user)
    qs = Observation.objects.filter(state=ReportState.SUBMITTED).exclude(reporter=user)
    if s.is_admin:
        return qs
    return qs.filter(Q(unit_id__in=s.reviewer_units) | Q(unit__region_id__in=s.reviewer_regions))
