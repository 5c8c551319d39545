"""Regions: history kept when a region changes."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.mark.django_db
def test_region_history_kept():
    from planwatch.web.regions.models import Region
    from planwatch.web.regions.seed import seed_guangdong
    from planwatch.web.regions.selectors import current_regions

    province = seed_guangdong()
    seed_guangdong()  # idempotent
    assert province.children.count() == 21
    assert Region.objects.get(code="440507").name == "龙湖区"
    assert Region.objects.get(code="440112").parent.name == "广州市"
    luogang = Region.objects.get(code="440116")
    assert luogang not in current_regions() and luogang in current_regions(dt.date(2010, 1, 1))
