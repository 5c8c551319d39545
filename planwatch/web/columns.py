"""Whether a model's values fit their columns, decided before the database and the same way on
every database: SQLite stores a text longer than its ``max_length`` and a year of 10**30 as well
as it can, PostgreSQL refuses both with an error that would surface as a 500.
"""

from __future__ import annotations

import math
from typing import Any

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from planwatch.web.errors import InvalidInput

# The standard SQL ranges (PostgreSQL's), whatever database is in use.
_INT_RANGES = BaseDatabaseOperations.integer_field_ranges


def misfits(obj: models.Model) -> dict[str, str]:
    """Field name → why its value does not fit (Chinese), for every field that does not."""
    out: dict[str, str] = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if value is None:
            continue
        if isinstance(field, models.CharField) and field.max_length:
            if len(str(value)) > field.max_length:
                out[field.name] = f"超过 {field.max_length} 个字符"
        elif isinstance(field, models.FloatField) and isinstance(value, float):
            if not math.isfinite(value):
                out[field.name] = "不是有限的数"
        elif field.get_internal_type() in _INT_RANGES and isinstance(value, int):
            low, high = _INT_RANGES[field.get_internal_type()]
            if not low <= value <= high:
                out[field.name] = f"超出 {low}～{high} 的范围"
    return out


def check_fits(obj: models.Model, *, path: str, names: dict[str, str] | None = None) -> Any:
    """``obj`` unchanged if every value fits its column, else InvalidInput whose details name
    each field as ``path/name`` (``names`` maps model fields to the input's own names)."""
    found = misfits(obj)
    if not found:
        return obj
    names = names or {}
    details = [
        {"path": "/".join(filter(None, (path, names.get(name, name)))), "message": why}
        for name, why in found.items()
    ]
    first = details[0]
    raise InvalidInput(
        f"{first['path']} {first['message']}",
        f"{first['path']} does not fit its column",
        details=details,
    )
