"""Writing audit entries; called inside the transaction of the service that made the change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation

from planwatch.web.audit.models import AuditEntry


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


# Where an object's region is found, in order: its own region, then its unit's, then its plan's
# (through the indicator, project or task it belongs to).
_REGION_PATH = ("unit", "plan", "indicator", "project", "task")


def region_of(obj: models.Model | None) -> int | None:
    """The id of the region an object belongs to, or None for global objects (users)."""
    if obj is None:
        return None
    if obj._meta.label_lower == "regions.region":
        return obj.pk
    region_id = getattr(obj, "region_id", None)
    if region_id is not None:
        return region_id
    for name in _REGION_PATH:
        if getattr(obj, f"{name}_id", None) is not None:
            return region_of(getattr(obj, name))
    return None


def entry(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: Any = None,
    after: Any = None,
    region: models.Model | None = None,
) -> AuditEntry:
    """``region`` overrides where the change happened (a role granted over a region or unit)."""
    # A choice label in str(obj) follows the active language; the log keeps the platform's own.
    with translation.override(settings.LANGUAGE_CODE):
        described = str(obj)[:255]
    return AuditEntry(
        region_id=region_of(region) if region is not None else region_of(obj),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=described,
        before=before,
        after=after,
    )


def record(**kwargs: Any) -> AuditEntry:
    audit = entry(**kwargs)
    audit.save()
    return audit


def record_many(entries: list[AuditEntry]) -> None:
    AuditEntry.objects.bulk_create(entries, batch_size=500)
