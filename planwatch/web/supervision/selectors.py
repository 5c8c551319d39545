"""Reads on 督办 items, scoped by the permission module."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from planwatch.web.errors import NotFound
from planwatch.web.supervision.models import SupervisionItem
from planwatch.web.supervision.permissions import visible_supervision


def item_list(user: Any) -> QuerySet[SupervisionItem]:
    return visible_supervision(user).select_related("plan", "unit", "indicator", "opened_by")


def get_item(user: Any, item_id: int) -> SupervisionItem:
    item = item_list(user).filter(pk=item_id).first()
    if item is None:
        raise NotFound("督办事项不存在或无权查看", "supervision item not found")
    return item
