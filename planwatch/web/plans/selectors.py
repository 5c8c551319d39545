"""Reads on plans, always through the permission module's visible_* querysets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Prefetch, QuerySet

from planwatch.web.errors import NotFound
from planwatch.web.plans.models import Indicator, Plan, Target
from planwatch.web.plans.permissions import can_view_plan, visible_plans

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations  # the stubs' helper, not needed at run time


def plan_list(user: Any) -> QuerySet[Plan]:
    return (
        visible_plans(user)
        .select_related("region", "upper_plan")
        .annotate(n_indicators=Count("indicators", distinct=True))
    )


def get_plan(user: Any, plan_id: int) -> Plan:
    plan = Plan.objects.select_related("region", "upper_plan").filter(pk=plan_id).first()
    if plan is None or not can_view_plan(user, plan):
        raise NotFound("规划不存在或无权查看", "plan not found")
    return plan


class _CurrentTargets(TypedDict):
    current: list[Target]  # prefetched: the targets not superseded, by year


def plan_indicators(plan: Plan) -> QuerySet[WithAnnotations[Indicator, _CurrentTargets]]:
    current = Target.objects.filter(superseded_at__isnull=True).order_by("year")
    return plan.indicators.select_related("section").prefetch_related(
        Prefetch("targets", queryset=current, to_attr="current")
    )


def get_indicator(user: Any, indicator_id: int) -> Indicator:
    ind = (
        Indicator.objects.select_related("plan__region", "section").filter(pk=indicator_id).first()
    )
    if ind is None or not can_view_plan(user, ind.plan):
        raise NotFound("指标不存在或无权查看", "indicator not found")
    return ind


def target_history(indicator: Indicator) -> QuerySet[Target]:
    return indicator.targets.select_related("created_by").order_by("year", "created_at")
