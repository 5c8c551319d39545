"""Reads over the region tree."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from planwatch import clock
from planwatch.web.regions.models import Region


def current_regions(on: dt.date | None = None) -> QuerySet[Region]:
    on = on or clock.today()
    return Region.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_to__isnull=True) | Q(valid_to__gt=on),
    )


def subtree(region: Region) -> QuerySet[Region]:
    """The region and everything below it, past and present."""
    return Region.objects.filter(code__startswith=region.code_prefix)


def subtree_ids(region: Region) -> list[int]:
    return list(subtree(region).values_list("id", flat=True))


def find_by_name(name: str | None) -> Region | None:
    """A current region whose name matches (or starts) the name as written in a plan."""
    if not name:
        return None
    regions = current_regions()
    return regions.filter(name=name).first() or regions.filter(name__startswith=name).first()
