"""Plan import from a plan document, review edits with locking, publishing, target history."""

from __future__ import annotations

import copy
import json

import pytest

from planwatch.errors import PermissionDenied
from planwatch.web.errors import Conflict, InvalidInput
from planwatch.web.jobs import runner
from planwatch.web.jobs.models import Job
from planwatch.web.plans import corrections, services
from planwatch.web.plans.models import Plan, Target
from tests.web.world import PLAN_DOC, World

pytestmark = pytest.mark.django_db


def test_import_creates_draft_with_everything(world: World):
    plan = services.import_plan(
        user=world.planner,
        plan_doc=copy.deepcopy(PLAN_DOC),
        region=world.city,
        upper_plan=world.plan,
    )
    assert plan.status == Plan.Status.DRAFT and plan.upper_plan == world.plan
    assert plan.sections.count() == 3
    assert plan.sections.get(key="s2.1").parent.key == "s2"
    i1 = plan.indicators.get(key="i1")
    assert (i1.baseline_year, i1.baseline_value, i1.aggregation) == (2020, 1000, "sum")
    assert [(t.year, t.value) for t in i1.current_targets()] == [(2025, 2000)]
    assert i1.section.key == "s2.1" and i1.evidence[0]["quote"]
    assert plan.projects.get(key="p1").total_investment == 12.5
    assert plan.tasks.count() == 1


def test_import_rejects_bad_document_and_saves_nothing(world: World):
    before = Plan.objects.count()
    bad = copy.deepcopy(PLAN_DOC)
    del bad["indicators"][0]["targets"]
    with pytest.raises(InvalidInput) as err:
        services.import_plan(user=world.planner, plan_doc=bad, region=world.city)
    assert err.value.details
    assert Plan.objects.count() == before


def test_import_needs_planner_of_region(world: World):
    for user in (world.reporter, world.reviewer, world.viewer):
        with pytest.raises(PermissionDenied):
            services.import_plan(user=user, plan_doc=copy.deepcopy(PLAN_DOC), region=world.city)
    guangzhou = world.province.children.get(code="440100")
    with pytest.raises(PermissionDenied):
        services.import_plan(user=world.planner, plan_doc=copy.deepcopy(PLAN_DOC), region=guangzhou)


def test_review_edit_is_optimistically_locked(draft_world: World):
    ind = draft_world.indicator("i1")
    planner = draft_world.planner
    corrections.update_indicator(
        user=planner, indicator=ind, expected_version=1, changes={"name": "5G基站累计数"}
    )
    with pytest.raises(Conflict):
        corrections.update_indicator(
            user=planner, indicator=ind, expected_version=1, changes={"name": "另一个名字"}
        )
    ind.refresh_from_db()
    assert ind.name == "5G基站累计数" and ind.version == 2


def test_published_indicator_keeps_its_terms_but_takes_a_rollup_rule(world: World):
    ind = world.indicator("i2")  # the 数字化转型比例 share of the published plan
    with pytest.raises(InvalidInput):
        corrections.update_indicator(
            user=world.planner, indicator=ind, expected_version=1, changes={"unit": "个"}
        )
    target = ind.current_targets().get()
    with pytest.raises(InvalidInput):
        corrections.update_indicator(
            user=world.planner, indicator=ind, expected_version=1, targets={target.pk: (90, 2025)}
        )
    ind.refresh_from_db()
    target.refresh_from_db()
    assert (ind.unit, ind.version, target.value) == ("%", 1, 80)
    # The roll-up rule is the platform's own: it can still be set, checked as in review.
    with pytest.raises(InvalidInput):
        corrections.update_indicator(
            user=world.planner,
            indicator=ind,
            expected_version=1,
            changes={"aggregation": "ratio", "numerator": "不存在的指标", "denominator": "i1"},
        )
    updated = corrections.update_indicator(
        user=world.planner,
        indicator=ind,
        expected_version=1,
        changes={"aggregation": "ratio", "numerator": "5G基站数", "denominator": "i1"},
    )
    assert (updated.aggregation, updated.numerator, updated.version) == ("ratio", "5G基站数", 2)


def test_target_adjustment_keeps_history(world: World):
    target = world.indicator("i1").current_targets().get()
    new = services.adjust_target(
        user=world.planner, target=target, value=1800, reason="中期评估调整"
    )
    target.refresh_from_db()
    assert target.superseded_by == new and target.value == 2000
    assert new.created_by == world.planner and new.reason == "中期评估调整"
    assert [t.value for t in world.indicator("i1").current_targets()] == [1800]
    assert Target.objects.filter(indicator__key="i1", indicator__plan=world.plan).count() == 2
    with pytest.raises(InvalidInput):
        services.adjust_target(user=world.planner, target=new, value=1, reason="")


def test_reporter_cannot_change_targets(world: World):
    target = world.indicator("i1").current_targets().get()
    for user in (world.reporter, world.reviewer, world.viewer):
        with pytest.raises(PermissionDenied):
            services.adjust_target(user=user, target=target, value=1, reason="x")


def run_import_job(response) -> Job:
    """The import job a POST to /plans/import/ queued, run here; it must succeed."""
    assert response.status_code == 302, response.content.decode()[:800]
    job = runner.run_here(Job.objects.get(pk=response["Location"].split("/")[2]))
    assert job.state == Job.State.DONE, job.error_zh
    return job


def test_import_view_json_upload_then_review_and_publish(world: World):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = world.client(world.planner)
    doc = json.dumps(PLAN_DOC, ensure_ascii=False).encode()
    r = c.post(
        "/plans/import/", {"file": SimpleUploadedFile("plan.json", doc), "region": world.city.pk}
    )
    job = run_import_job(r)
    plan = Plan.objects.exclude(pk=world.plan.pk).get()
    r = c.get(job.result_url)
    assert "到2025年，数字化转型比例达到80%" in r.content.decode()  # evidence beside the item
    assert world.client(None).get(f"/plans/{plan.pk}/").status_code == 404  # draft is private
    r = c.post(f"/plans/{plan.pk}/publish/", {"version": plan.version})
    assert r.status_code == 302
    assert world.client(None).get(f"/plans/{plan.pk}/").status_code == 200


def test_import_plan_document_through_extractor(world: World):
    """A planner uploads the Shantou plan text; the extractor's plan lands as a reviewable draft."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import SEEDS

    pytest.importorskip("planwatch.extraction")
    seeds = sorted(SEEDS.glob("001_*.txt"))
    if not seeds:
        pytest.skip(f"seed plans not found at {SEEDS}")
    seed = seeds[0]
    c = world.client(world.planner)
    r = c.post(
        "/plans/import/",
        {
            "file": SimpleUploadedFile("shantou.txt", seed.read_bytes()),
            "region": world.city.pk,
            "upper_plan": world.plan.pk,
        },
    )
    job = run_import_job(r)
    plan = Plan.objects.exclude(pk=world.plan.pk).get()
    assert "汕头" in plan.title and plan.upper_plan == world.plan
    assert plan.indicators.filter(name__contains="5G基站").exists()
    assert plan.projects.count() >= 60 and plan.source_text
    page = c.get(job.result_url).content.decode()
    assert "5G基站" in page


def test_bulk_assign_by_section_and_category(world: World):
    from planwatch.web.monitoring.models import Assignment

    c = world.client(world.planner)
    section = world.plan.sections.get(key="s2.1")
    r = c.post(
        f"/reporting/plans/{world.plan.pk}/assign/",
        {
            "unit": world.other_unit.pk,
            "frequency": "quarterly",
            "due_days": 20,
            "section": section.pk,
            "category": "数字基础设施",
        },
    )
    assert r.status_code == 302
    mine = Assignment.objects.filter(unit=world.other_unit)
    assert {a.indicator.key for a in mine if a.indicator} == {"i1", "i2"}
    assert {a.project.key for a in mine if a.project} == {"p1"}
    assert all(a.frequency == "quarterly" and a.due_days == 20 for a in mine)
    assert (
        world.client(world.reporter)
        .post(f"/reporting/plans/{world.plan.pk}/assign/", {})
        .status_code
        == 403
    )


def test_link_upper_plan(world: World):
    other = services.import_plan(
        user=world.planner, plan_doc=copy.deepcopy(PLAN_DOC), region=world.city
    )
    c = world.client(world.planner)
    assert c.post(f"/plans/{other.pk}/upper/", {"upper_plan": world.plan.pk}).status_code == 302
    other.refresh_from_db()
    assert other.upper_plan == world.plan
    with pytest.raises(InvalidInput):
        services.link_upper_plan(user=world.planner, plan=other, upper_plan=other)


def test_review_row_edits_draft_targets_and_shows_source_context(world: World):
    plan = services.import_plan(
        user=world.planner,
        plan_doc=copy.deepcopy(PLAN_DOC),
        region=world.city,
        source_text="前文。" + "5G基站数 座 1000 2000 预期性" + "。后文",
    )
    ind = plan.indicators.get(key="i1")
    ind.evidence = [
        {
            "kind": "table",
            "quote": "5G基站数 座 1000 2000 预期性",
            "start": 3,
            "end": 3 + len("5G基站数 座 1000 2000 预期性"),
        }
    ]
    ind.save()
    c = world.client(world.planner)
    page = c.get(f"/plans/{plan.pk}/review/").content.decode()
    assert "前文。<mark>5G基站数 座 1000 2000 预期性</mark>。后文" in page
    target = ind.current_targets().get()
    form = {
        f"i{ind.pk}-{k}": v
        for k, v in {
            "name": ind.name,
            "unit": ind.unit,
            "nature": ind.nature,
            "direction": ind.direction,
            "aggregation": ind.aggregation,
            "baseline_year": 2020,
            "baseline_value": 1000,
            "version": ind.version,
        }.items()
    }
    form[f"target-{target.pk}-value"] = "2500"
    form[f"target-{target.pk}-year"] = "2025"
    r = c.post(f"/plans/{plan.pk}/review/{ind.pk}/", form, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "已保存" in r.content.decode()
    target.refresh_from_db()
    assert target.value == 2500 and target.superseded_at is None
    # a published plan's targets change only through an adjustment with history
    published_target = world.indicator("i1").current_targets().get()
    published = world.indicator("i1")
    with pytest.raises(InvalidInput):
        corrections.update_indicator(
            user=world.planner,
            indicator=published,
            expected_version=published.version,
            targets={published_target.pk: (1, 2025)},
        )
