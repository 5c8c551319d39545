"""Project progress reports: the same workflow as observations, lateness needs an explanation."""

from __future__ import annotations

import pytest

from planwatch.errors import PermissionDenied
from planwatch.web.errors import Conflict, InvalidInput
from planwatch.web.monitoring import services as monitoring
from planwatch.web.monitoring.models import ReportState
from planwatch.web.projects import services
from tests.web.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(world: World):
    project = world.plan.projects.get(key="p1")  # 2021–2024, 12.5 亿元
    (a,) = monitoring.assign(
        user=world.planner, plan=world.plan, unit=world.unit, projects=[project]
    )
    return a


def test_report_submit_approve(world: World, assignment):
    r = services.save_draft(
        user=world.reporter,
        assignment=assignment,
        period="2022",
        stage="building",
        investment_completed=6.0,
        progress_note="主体施工",
    )
    r = services.submit(user=world.reporter, report=r, expected_version=r.version)
    with pytest.raises(PermissionDenied):
        services.review(user=world.reporter, report=r, expected_version=r.version, approve=True)
    r = services.review(user=world.reviewer, report=r, expected_version=r.version, approve=True)
    assert r.state == ReportState.APPROVED


def test_late_project_needs_explanation(world: World, assignment):
    r = services.save_draft(
        user=world.reporter,
        assignment=assignment,
        period="2025",
        stage="building",
        investment_completed=10,
    )
    with pytest.raises(InvalidInput):
        services.submit(user=world.reporter, report=r, expected_version=r.version)
    r = services.save_draft(
        user=world.reporter,
        assignment=assignment,
        period="2025",
        stage="building",
        investment_completed=10,
        lag_reason="设备延期",
        next_steps="年内完工",
        expected_version=r.version,
    )
    services.submit(user=world.reporter, report=r, expected_version=r.version)


def test_stale_save_refused_and_other_unit_refused(world: World, assignment):
    r = services.save_draft(
        user=world.reporter, assignment=assignment, period="2022", stage="building"
    )
    services.save_draft(
        user=world.reporter,
        assignment=assignment,
        period="2022",
        stage="building",
        expected_version=r.version,
    )
    with pytest.raises(Conflict):
        services.save_draft(
            user=world.reporter,
            assignment=assignment,
            period="2022",
            stage="done",
            expected_version=r.version,
        )
    with pytest.raises(PermissionDenied):
        services.save_draft(
            user=world.other_reporter, assignment=assignment, period="2022", stage="building"
        )


def test_pages(world: World, assignment):
    c = world.client(world.reporter)
    assert "城市数据中心" in c.get("/reporting/").content.decode()
    r = c.post(
        f"/reporting/projects/{assignment.pk}/2022/",
        {"stage": "building", "investment_completed": "5", "action": "submit"},
    )
    assert r.status_code == 302
    queue = world.client(world.reviewer).get("/reporting/review/").content.decode()
    assert "城市数据中心" in queue
    assert (
        world.client(world.other_reporter)
        .get(f"/reporting/projects/{assignment.pk}/2022/")
        .status_code
        == 404
    )


def test_correction_supersedes_the_official_report_with_history(world: World, assignment):
    from planwatch.web.audit.models import AuditEntry
    from planwatch.web.projects.models import ProjectReport

    def approved(investment: float) -> ProjectReport:
        r = services.save_draft(
            user=world.reporter,
            assignment=assignment,
            period="2022",
            stage="building",
            investment_completed=investment,
        )
        r = services.submit(user=world.reporter, report=r, expected_version=r.version)
        return services.review(
            user=world.reviewer, report=r, expected_version=r.version, approve=True
        )

    first = approved(6.0)
    second = approved(6.5)  # the unit corrects its figure for the same year
    first.refresh_from_db()
    assert first.state == ReportState.SUPERSEDED and second.state == ReportState.APPROVED
    (entry,) = AuditEntry.objects.filter(action="supersede", object_id=str(first.pk))
    assert entry.after == {"by": second.pk} and entry.actor == world.reviewer
    r = services.save_draft(
        user=world.reporter, assignment=assignment, period="2023", stage="building"
    )
    r = services.submit(user=world.reporter, report=r, expected_version=r.version)
    with pytest.raises(InvalidInput):  # a rejection still needs its comment
        services.review(
            user=world.reviewer, report=r, expected_version=r.version, approve=False, comment=" "
        )
