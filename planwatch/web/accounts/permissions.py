"""Every permission rule of the platform, in one place; views and API endpoints call these.

A user's scope (roles → units and region subtrees) is computed once per request and cached on
the user object. The public (anonymous) sees published plans and approved values only;
drafts belong to the reporting unit; nobody approves their own value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from planwatch.errors import PermissionDenied
from planwatch.web.accounts.models import Role, RoleGrant
from planwatch.web.audit.models import AuditEntry
from planwatch.web.monitoring.models import Assignment, Observation, ReportState
from planwatch.web.plans.models import Indicator, Plan
from planwatch.web.prepared import Param, Prepared
from planwatch.web.regions.models import Region
from planwatch.web.supervision.models import SupervisionItem


@dataclass(frozen=True)
class Scope:
    is_admin: bool = False
    roles: frozenset[str] = frozenset()
    planner_regions: frozenset[int] = frozenset()  # region ids, subtrees expanded
    viewer_regions: frozenset[int] = frozenset()
    reporter_units: frozenset[int] = frozenset()
    reviewer_units: frozenset[int] = frozenset()
    reviewer_regions: frozenset[int] = frozenset()
    authenticated: bool = field(default=False)

    @property
    def read_regions(self) -> frozenset[int]:
        return self.planner_regions | self.viewer_regions | self.reviewer_regions

    @property
    def unit_ids(self) -> frozenset[int]:
        return self.reporter_units | self.reviewer_units


def _expand(regions: list[Region]) -> frozenset[int]:
    if not regions:
        return frozenset()
    q = Q()
    for r in regions:
        q |= Q(code__startswith=r.code_prefix)
    return frozenset(Region.objects.filter(q).values_list("id", flat=True))


_GRANTS = Prepared(RoleGrant.objects.filter(user_id=Param("user")))  # read on every request


def scope_of(user: Any) -> Scope:
    if user is None or not user.is_authenticated:
        return Scope()
    cached = getattr(user, "_planwatch_scope", None)
    if cached is not None:
        return cached
    grants = _GRANTS.fetch(user=user.pk)
    by_role: dict[str, list[RoleGrant]] = {}
    for g in grants:
        by_role.setdefault(g.role, []).append(g)
    # Regions are read only for regional roles (a reporter's scope is units alone).
    region_ids = {g.region_id for g in grants if g.region_id}
    region_of = Region.objects.in_bulk(region_ids) if region_ids else {}

    def units(role: str) -> frozenset[int]:
        return frozenset(g.unit_id for g in by_role.get(role, []) if g.unit_id)

    def regions(role: str) -> frozenset[int]:
        return _expand([region_of[g.region_id] for g in by_role.get(role, []) if g.region_id])

    scope = Scope(
        is_admin=user.is_superuser or Role.ADMIN in by_role,
        roles=frozenset(by_role),
        planner_regions=regions(Role.PLANNER),
        viewer_regions=regions(Role.VIEWER),
        reporter_units=units(Role.REPORTER),
        reviewer_units=units(Role.REVIEWER),
        reviewer_regions=regions(Role.REVIEWER),
        authenticated=True,
    )
    user._planwatch_scope = scope
    return scope


def require(allowed: bool, zh: str = "没有权限执行此操作", en: str = "permission denied") -> None:
    if not allowed:
        raise PermissionDenied(zh, en)


# --- plans -------------------------------------------------------------------------------


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


# --- observations ------------------------------------------------------------------------


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


def can_review(user: Any, observation: Observation) -> bool:
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


# --- supervision, audit, users -----------------------------------------------------------


def visible_supervision(user: Any) -> QuerySet[SupervisionItem]:
    s = scope_of(user)
    qs = SupervisionItem.objects.all()
    if s.is_admin:
        return qs
    if not s.authenticated:
        return qs.none()
    return qs.filter(Q(unit_id__in=s.unit_ids) | Q(plan__region_id__in=s.read_regions))


def can_reply_supervision(user: Any, item: SupervisionItem) -> bool:
    s = scope_of(user)
    return item.unit_id in s.unit_ids and item.state != SupervisionItem.State.CLOSED


def can_view_audit(user: Any) -> bool:
    s = scope_of(user)
    return s.is_admin or bool(s.planner_regions)


def visible_audit(user: Any) -> QuerySet[AuditEntry]:
    """Administrators read the whole log; a 牵头部门 reads what happened in its region subtree
    (plans, units, reports there) and its own actions."""
    s = scope_of(user)
    if s.is_admin:
        return AuditEntry.objects.all()
    if not s.planner_regions:
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(Q(region_id__in=s.planner_regions) | Q(actor_id=user.pk))


def can_manage_users(user: Any) -> bool:
    return scope_of(user).is_admin
