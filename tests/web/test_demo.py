"""The demo world builds through the real services and every page of it renders."""

from __future__ import annotations

import pytest

from planwatch.web.demo.seed import build_demo
from planwatch.web.monitoring.models import Observation
from planwatch.web.supervision.models import SupervisionItem

pytestmark = pytest.mark.django_db


def test_demo_world(client):
    demo = build_demo()
    assert len(demo.plans) == 6
    assert set(demo.passwords) >= {"admin", "planner", "reporter", "reviewer", "viewer"}
    assert demo.token.startswith("pw_")
    published = Observation.objects.filter(is_sample=False, state="approved")
    assert published.exists() and all("规划" in o.source for o in published)
    assert not Observation.objects.filter(is_sample=True).exclude(source__contains="示例").exists()
    assert any(item.is_overdue() for item in SupervisionItem.objects.all())
    for plan in demo.plans:
        assert client.get(f"/plans/{plan.pk}/").status_code == 200
        for ind in plan.indicators.all()[:3]:
            assert client.get(f"/plans/indicators/{ind.pk}/").status_code == 200
    home = client.get("/").content.decode()
    assert all(plan.title in home for plan in demo.plans)
