"""The audit log: changes shown, a planner's view scoped to its region."""

from __future__ import annotations

import pytest

from planwatch.web.audit.models import AuditEntry
from planwatch.web.monitoring import services
from tests.web.world import World


@pytest.mark.django_db
def test_audit_page_shows_changes(world: World):
    obs = services.save_draft(
        user=world.reporter, assignment=world.assignment, period="2022", value=1450
    )
    services.submit(user=world.reporter, observation=obs, expected_version=obs.version)
    assert AuditEntry.objects.filter(action="grant").exists()  # permission changes audited
    html = world.client(world.planner).get("/audit/").content.decode()
    assert "提交" in html and "导入" in html and "授权" in html


@pytest.mark.django_db
def test_audit_log_of_a_planner_is_scoped_to_its_region(world: World):
    """The world's planner leads 汕头市; a plan of 广州市 and its import are not theirs."""
    import copy

    from planwatch.web.plans import services as plans
    from planwatch.web.regions.models import Region
    from tests.web.world import PLAN_DOC

    guangzhou = Region.objects.get(code="440100")
    other = plans.import_plan(
        user=world.admin,
        plan_doc={**copy.deepcopy(PLAN_DOC), "title": "广州市测试规划", "region": "广州市"},
        region=guangzhou,
    )
    obs = services.save_draft(
        user=world.other_reporter, assignment=world.other_assignment, period="2022", value=7
    )
    mine = AuditEntry.objects.get(
        action="create", object_type="monitoring.observation", object_id=str(obs.pk)
    )
    assert mine.region_id == world.district.pk  # 龙湖区 unit, inside 汕头市
    theirs = AuditEntry.objects.get(
        action="import", object_type="plans.plan", object_id=str(other.pk)
    )
    assert theirs.region_id == guangzhou.pk

    planner_page = world.client(world.planner).get("/audit/").content.decode()
    assert "广州市测试规划" not in planner_page
    assert world.plan.title in planner_page and "5G基站数 2022 = 7" in planner_page
    admin_page = world.client(world.admin).get("/audit/").content.decode()
    assert "广州市测试规划" in admin_page
