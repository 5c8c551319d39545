"""The optimistic lock shared by every reviewed report (observations, project reports)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F

from planwatch.web.errors import Conflict, WorkflowError


def locked_transition(
    obj: models.Model, expected_version: int, from_states: list[str], changes: dict[str, Any]
) -> None:
    """Conditional UPDATE on (version, state); the loser of a race gets a clear refusal."""
    model = type(obj)
    n = model.objects.filter(pk=obj.pk, version=expected_version, state__in=from_states).update(
        **changes, version=F("version") + 1
    )
    if n == 0:
        fresh = model.objects.get(pk=obj.pk)
        if fresh.version != expected_version:
            raise Conflict(
                "该数据已被他人修改（版本已更新），请刷新后再操作",
                "the item was changed by someone else; reload and try again",
            )
        raise WorkflowError(
            f"当前状态（{fresh.get_state_display()}）不允许此操作",
            f"not allowed in state {fresh.state}",
        )
    obj.refresh_from_db()
