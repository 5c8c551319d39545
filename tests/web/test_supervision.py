"""Supervision (督办): open, reply, close."""

from __future__ import annotations

import datetime as dt

import pytest

from planwatch.errors import PermissionDenied
from planwatch.web.supervision import services as supervision
from tests.web.world import World


@pytest.mark.django_db
def test_supervision_flow(world: World):
    item = supervision.open_item(
        user=world.planner,
        plan=world.plan,
        unit=world.unit,
        title="5G基站建设滞后",
        instruction="请说明原因并提出整改措施",
        deadline=dt.date(2020, 1, 1),
        indicator=world.indicator("i1"),
    )
    assert item.is_overdue()
    with pytest.raises(PermissionDenied):
        supervision.reply(user=world.other_reporter, item=item, text="x")
    with pytest.raises(PermissionDenied):
        supervision.open_item(
            user=world.reporter,
            plan=world.plan,
            unit=world.unit,
            title="x",
            instruction="y",
            deadline=dt.date(2030, 1, 1),
        )
    supervision.reply(user=world.reporter, item=item, text="已加快审批")
    html = world.client(world.reporter).get("/supervision/").content.decode()
    assert "5G基站建设滞后" in html and "已超期" in html
    assert (
        "5G基站建设滞后"
        not in world.client(world.other_reporter).get("/supervision/").content.decode()
    )
    with pytest.raises(PermissionDenied):
        supervision.close(user=world.reporter, item=item)
    supervision.close(user=world.planner, item=item, note="已整改")
    item.refresh_from_db()
    assert item.state == "closed" and not item.is_overdue()
