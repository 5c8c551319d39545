"""Who may see, import and manage plans (published plans are public; a 牵头部门 manages its
region subtree's plans)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from planwatch.web.accounts.permissions import scope_of
from planwatch.web.plans.models import Indicator, Plan
from planwatch.web.regions.models import Region


def visible_plans(user: Any) -> QuerySet[Plan]:
    s = scope_of(user)
    if s.is_admin:
        return Plan.objects.all()
    return Plan.objects.filter(Q(status=Plan.Status.PUBLISHED) | Q(region_id__in=s.planner_regions))


def can_view_plan(user: Any, plan: Plan) -> bool:
    s = scope_of(user)
    return plan.is_published or s.is_admin or plan.region_id in s.planner_regions


def can_import_plan(user: Any, region: Region | None = None) -> bool:
    s = scope_of(user)
    if region is None:
        return s.is_admin or bool(s.planner_regions)
    return s.is_admin or region.id in s.planner_regions


def can_manage_plan(user: Any, plan: Plan) -> bool:
    """Edit, publish, assign, adjust targets, open 督办, run evaluations."""
    s = scope_of(user)
    return s.is_admin or plan.region_id in s.planner_regions


def can_adjust_targets(user: Any, indicator: Indicator) -> bool:
    return can_manage_plan(user, indicator.plan)
