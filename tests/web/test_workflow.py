"""The reporting loop: draft → submitted → approved | rejected, optimistic locking, corrections."""

from __future__ import annotations

import pytest

from planwatch.errors import PermissionDenied
from planwatch.web.audit.models import AuditEntry
from planwatch.web.errors import Conflict, InvalidInput, WorkflowError
from planwatch.web.monitoring import services
from planwatch.web.monitoring.models import Observation, ReportState
from tests.web.world import World

pytestmark = pytest.mark.django_db


def draft(world: World, value: float = 1650, period: str = "2023", **kw) -> Observation:
    return services.save_draft(
        user=world.reporter, assignment=world.assignment, period=period, value=value, **kw
    )


def test_draft_submit_approve(world: World):
    obs = draft(world)
    assert obs.state == ReportState.DRAFT and obs.version == 1
    obs = services.submit(user=world.reporter, observation=obs, expected_version=1)
    assert obs.state == ReportState.SUBMITTED and obs.version == 2
    obs = services.approve(user=world.reviewer, observation=obs, expected_version=2)
    assert obs.state == ReportState.APPROVED and obs.reviewed_by == world.reviewer
    actions = list(
        AuditEntry.objects.filter(object_id=str(obs.pk)).values_list("action", flat=True)
    )
    assert {"create", "submit", "approve"} <= set(actions)


def test_reject_needs_comment_then_correct_and_approve(world: World):
    obs = services.submit(user=world.reporter, observation=draft(world), expected_version=1)
    with pytest.raises(InvalidInput):
        services.reject(
            user=world.reviewer, observation=obs, expected_version=obs.version, comment=" "
        )
    obs = services.reject(
        user=world.reviewer, observation=obs, expected_version=obs.version, comment="口径有误"
    )
    assert obs.state == ReportState.REJECTED and obs.review_comment == "口径有误"
    obs = draft(world, value=1600, expected_version=obs.version)
    assert obs.state == ReportState.DRAFT and obs.value == 1600
    obs = services.submit(user=world.reporter, observation=obs, expected_version=obs.version)
    obs = services.approve(user=world.reviewer, observation=obs, expected_version=obs.version)
    assert obs.state == ReportState.APPROVED


def test_reporter_never_approves_own_value(world: World):
    from planwatch.web.accounts import services as accounts

    accounts.grant_role(actor=None, user=world.reporter, role="reviewer", unit=world.unit)
    obs = services.submit(user=world.reporter, observation=draft(world), expected_version=1)
    with pytest.raises(PermissionDenied):
        services.approve(user=world.reporter, observation=obs, expected_version=obs.version)


def test_explanation_required_when_behind(world: World):
    # 2024 at 1050 of a 1000 → 2000 path is far behind (expected ≈ 1800).
    obs = draft(world, value=1050, period="2024")
    with pytest.raises(InvalidInput) as err:
        services.submit(user=world.reporter, observation=obs, expected_version=obs.version)
    assert "滞后原因" in err.value.zh
    obs = draft(
        world,
        value=1050,
        period="2024",
        lag_reason="选址受阻",
        next_steps="加快审批",
        expected_version=obs.version,
    )
    obs = services.submit(user=world.reporter, observation=obs, expected_version=obs.version)
    assert obs.state == ReportState.SUBMITTED


def test_on_track_value_needs_no_explanation(world: World):
    obs = draft(world, value=1900, period="2024")
    services.submit(user=world.reporter, observation=obs, expected_version=obs.version)


def test_second_concurrent_save_is_refused(world: World):
    obs = draft(world)
    first = draft(world, value=1660, expected_version=1)  # someone saves version 1 → 2
    assert first.version == 2
    with pytest.raises(Conflict) as err:
        draft(world, value=1670, expected_version=1)  # the other still holds version 1
    assert "他人修改" in err.value.zh
    obs.refresh_from_db()
    assert obs.value == 1660


def test_stale_approve_is_refused(world: World):
    obs = services.submit(user=world.reporter, observation=draft(world), expected_version=1)
    with pytest.raises(Conflict):
        services.approve(user=world.reviewer, observation=obs, expected_version=1)


def test_submitted_value_cannot_be_edited(world: World):
    obs = services.submit(user=world.reporter, observation=draft(world), expected_version=1)
    with pytest.raises((WorkflowError, PermissionDenied)):
        draft(world, value=1, expected_version=obs.version)


def test_correction_supersedes_approved_value_and_keeps_it(world: World):
    obs = services.submit(user=world.reporter, observation=draft(world), expected_version=1)
    old = services.approve(user=world.reviewer, observation=obs, expected_version=obs.version)
    new = draft(world, value=1700)
    assert new.supersedes_id == old.pk
    new = services.submit(user=world.reporter, observation=new, expected_version=new.version)
    services.approve(user=world.reviewer, observation=new, expected_version=new.version)
    old.refresh_from_db()
    assert old.state == ReportState.SUPERSEDED and old.value == 1650  # kept, not deleted
    assert Observation.objects.filter(state=ReportState.APPROVED).count() == 1


def test_period_must_match_frequency_and_plan(world: World):
    with pytest.raises(InvalidInput):
        draft(world, period="2023-Q1")  # assignment is annual
    with pytest.raises(InvalidInput):
        draft(world, period="2031")
    with pytest.raises(InvalidInput):
        draft(world, value="abc")


def test_reporter_of_other_unit_cannot_report(world: World):
    with pytest.raises(PermissionDenied):
        services.save_draft(
            user=world.other_reporter, assignment=world.assignment, period="2023", value=1
        )


def test_evidence_type_checked(world: World):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(InvalidInput):
        draft(world, evidence=bad)
    good = SimpleUploadedFile("x.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert draft(world, evidence=good).evidence


def test_approved_values_cannot_be_deleted(world: World):
    obs = services.submit(user=world.reporter, observation=draft(world), expected_version=1)
    obs = services.approve(user=world.reviewer, observation=obs, expected_version=obs.version)
    with pytest.raises(WorkflowError):
        obs.delete()
    assert Observation.objects.filter(pk=obs.pk).exists()


def test_html_csrf_enforced(world: World):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(world.reviewer)
    r = c.post("/reporting/review/1/approve/", {"version": 1})
    assert r.status_code == 403 and "CSRF" in r.content.decode()


def test_error_messages_carry_labels_in_their_own_language(world: World):
    from django.utils import translation

    with translation.override("en"), pytest.raises(InvalidInput) as err:
        draft(world, period="2023-Q2")  # the assignment is annual
    assert err.value.zh == "期间 2023-Q2 与填报频率（年度）不符"
    assert err.value.en == "period 2023-Q2 does not match the reporting frequency (Annual)"
    obs = draft(world)  # a draft is not for review yet
    with translation.override("en"), pytest.raises(WorkflowError) as err:
        services.approve(user=world.reviewer, observation=obs, expected_version=obs.version)
    assert err.value.zh == "当前状态（草稿）不允许此操作"
    assert err.value.en == "not allowed in state Draft"
