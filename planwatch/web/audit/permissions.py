"""Who may read the audit log."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from planwatch.web.accounts.permissions import scope_of
from planwatch.web.audit.models import AuditEntry


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
