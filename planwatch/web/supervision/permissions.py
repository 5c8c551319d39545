"""Who may see and answer 督办 items."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from planwatch.web.accounts.permissions import scope_of
from planwatch.web.supervision.models import SupervisionItem


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
