"""Who a user is for the platform: their scope (roles → units and region subtrees), computed
once per request and cached on the user object, and ``require``.

Each app answers its own permission questions from this scope, in its ``permissions`` module
(plans, monitoring, supervision, audit), so this module imports no other app's models and the
apps depend one way: regions ← accounts ← plans ← monitoring ← projects/supervision/portal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from planwatch.errors import PermissionDenied
from planwatch.web.accounts.models import Role, RoleGrant
from planwatch.web.prepared import Param, Prepared
from planwatch.web.regions.models import Region


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


# --- users ---------------------------------------------------------------------------------


def can_manage_users(user: Any) -> bool:
    return scope_of(user).is_admin
