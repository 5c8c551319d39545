"""Writing audit entries; called inside the transaction of the service that made the change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from planwatch.web.audit.models import AuditEntry

ACTIONS = {
    "create": "新建",
    "update": "修改",
    "submit": "提交",
    "approve": "审核通过",
    "reject": "退回",
    "supersede": "替代",
    "publish": "发布",
    "import": "导入",
    "assign": "分配",
    "adjust_target": "调整目标",
    "grant": "授权",
    "revoke": "撤销授权",
    "open": "督办",
    "reply": "回复",
    "close": "办结",
    "login_failed": "登录失败",
    "token": "签发令牌",
}


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Plain JSON values of the named fields, for before/after."""
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, models.Model):
            value = value.pk
        elif value is not None and not isinstance(value, (int, float, str, bool, list, dict)):
            value = str(value)
        out[name] = value
    return out


def entry(
    *, actor: Any, action: str, obj: models.Model, before: Any = None, after: Any = None
) -> AuditEntry:
    return AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        before=before,
        after=after,
    )


def record(**kwargs: Any) -> AuditEntry:
    audit = entry(**kwargs)
    audit.save()
    return audit


def record_many(entries: list[AuditEntry]) -> None:
    AuditEntry.objects.bulk_create(entries, batch_size=500)
