"""Frozen evaluation runs: what is stored, reproduced, compared, and never changed afterwards."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from planwatch.web.errors import InvalidInput, WorkflowError
from planwatch.web.monitoring import runs
from planwatch.web.monitoring import services as monitoring
from planwatch.web.monitoring.models import EvaluationRun
from planwatch.web.plans import services as plans
from tests.web.world import PLAN_DOC, World

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2024, 6, 30)


def approve(world: World, period: str, value: float, **texts: str):
    obs = monitoring.save_draft(
        user=world.reporter, assignment=world.assignment, period=period, value=value, **texts
    )
    obs = monitoring.submit(user=world.reporter, observation=obs, expected_version=obs.version)
    return monitoring.approve(user=world.reviewer, observation=obs, expected_version=obs.version)


def test_a_run_stores_its_inputs_and_reproduces(world: World):
    approve(world, "2022", 1400)
    obs = approve(world, "2023", 1700)
    run = runs.freeze(user=world.planner, plan=world.plan, as_of=AS_OF)
    plan_doc = run.inputs["plan"]
    i1 = next(i for i in plan_doc["indicators"] if i["id"] == "i1")
    assert i1["baseline"] == {"year": 2020, "value": 1000}
    assert i1["targets"] == [{"year": 2025, "value": 2000, "comparator": ">="}]
    stored = {(o["period"], o["value"], o["version"]) for o in run.inputs["observations"]}
    assert stored == {("2022", 1400, 3), ("2023", 1700, obs.version)}
    # i1 2023: c = 0.7, τ = 0.6 → 超前 (c − τ ≥ 0.10)
    entry = next(i for i in run.result["indicators"] if i["indicator"] == "i1")
    assert entry["status"] == "ahead"
    assert run.summary["status"]["ahead"] == 1
    assert runs.reevaluate(run.inputs, run.as_of, run.method) == run.result
    assert run.fingerprint == runs.fingerprint(run.inputs, run.as_of, run.method)


def test_a_later_correction_never_changes_an_earlier_run(world: World):
    approve(world, "2023", 1700)
    first = runs.freeze(user=world.planner, plan=world.plan, as_of=AS_OF)
    before = copy.deepcopy(first.result)
    # the reporter corrects 2023 down to 1100: c = 0.1 < τ − 0.20 → 明显滞后
    approve(world, "2023", 1100, lag_reason="统计口径调整", next_steps="加快建设")
    second = runs.freeze(user=world.planner, plan=world.plan, as_of=AS_OF)
    first.refresh_from_db()
    assert first.result == before
    rows = {r["indicator"]: r for r in runs.compare(first, second)}
    assert rows["i1"]["old_status"] == "ahead" and rows["i1"]["new_status"] == "seriously_behind"
    assert rows["i1"]["changed"] and not rows["i2"]["changed"]
    # scores by hand: 5·min(0.7/0.6, 1) = 5 → 5·(0.1/0.6) = 0.8333
    assert rows["i1"]["score_change"] == pytest.approx(0.8333 - 5, abs=1e-3)


def test_a_run_cannot_be_edited(world: World):
    run = runs.freeze(user=world.planner, plan=world.plan, as_of=AS_OF)
    run.as_of = dt.date(2025, 1, 1)
    with pytest.raises(WorkflowError):
        run.save()
    assert EvaluationRun.objects.get().as_of == AS_OF


def test_bad_requests_store_nothing(world: World):
    with pytest.raises(InvalidInput, match="早于规划期"):
        runs.freeze(user=world.planner, plan=world.plan, as_of=dt.date(2019, 12, 31))
    with pytest.raises(InvalidInput, match="未知的评估方法"):
        runs.freeze(user=world.planner, plan=world.plan, as_of=AS_OF, method="guess")
    empty = copy.deepcopy(PLAN_DOC) | {"title": "无指标规划", "indicators": []}
    plan = plans.import_plan(user=world.planner, plan_doc=empty, region=world.city)
    with pytest.raises(InvalidInput, match="没有指标"):
        runs.freeze(user=world.planner, plan=plan, as_of=AS_OF)
    assert not EvaluationRun.objects.exists()


def test_run_pages(world: World):
    approve(world, "2023", 1700)
    c = world.client(world.planner)
    r = c.post(f"/reporting/plans/{world.plan.pk}/runs/new/", {"as_of": "2024-06-30"})
    assert r.status_code == 302
    run = EvaluationRun.objects.get()
    page = c.get(r["Location"]).content.decode()
    assert "基准日 2024-06-30" in page and "规划路径法" in page
    assert ">快于预期</span>" in page and ">超前</small>" in page
    assert c.get(f"/reporting/runs/{run.pk}/?format=json").json()["result"] == run.result
    approve(world, "2024", 1750)
    c.post(f"/reporting/plans/{world.plan.pk}/runs/new/", {"as_of": "2024-12-31"})
    later = EvaluationRun.objects.exclude(pk=run.pk).get()
    page = c.get(f"/reporting/runs/{later.pk}/compare/?with={run.pk}").content.decode()
    assert "基准日 2024-06-30 → 2024-12-31" in page
    plan_page = c.get(f"/plans/{world.plan.pk}/").content.decode()
    assert f'href="/reporting/runs/{later.pk}/"' in plan_page


def test_run_form_refusals(world: World):
    c = world.client(world.planner)
    r = c.post(f"/reporting/plans/{world.plan.pk}/runs/new/", {"as_of": "2019-01-01"})
    assert r.status_code == 400 and "早于规划期" in r.content.decode()
    r = c.post(f"/reporting/plans/{world.plan.pk}/runs/new/", {"as_of": "not a date"})
    assert r.status_code == 400
    assert (
        world.client(world.reporter)
        .post(f"/reporting/plans/{world.plan.pk}/runs/new/", {"as_of": "2024-06-30"})
        .status_code
        == 403
    )
    assert not EvaluationRun.objects.exists()
    run = runs.freeze(user=world.planner, plan=world.plan, as_of=AS_OF)
    assert world.client(None).get(f"/reporting/runs/{run.pk}/").status_code == 302  # sign in


def test_batch_evaluation_runs_as_a_job(world: World):
    from planwatch.web.jobs import runner
    from planwatch.web.jobs.models import Job

    approve(world, "2023", 1700)
    c = world.client(world.planner)
    r = c.post(
        "/reporting/runs/batch/",
        {"region": world.city.pk, "as_of": "2024-06-30", "method": "plan-path"},
    )
    assert r.status_code == 302 and "/jobs/" in r["Location"]
    assert not EvaluationRun.objects.exists()  # nothing is evaluated inside the request
    job = runner.run_here(Job.objects.get())
    assert job.state == Job.State.DONE and job.progress == 100
    run = EvaluationRun.objects.get()
    assert run.job_id == job.pk and run.as_of == AS_OF
    entry = next(i for i in run.result["indicators"] if i["indicator"] == "i1")
    assert entry["status"] == "ahead"  # 2023: c = 0.7, τ = 0.6, as a single run says
    page = c.get(f"/reporting/runs/?job={job.pk}").content.decode()
    assert world.plan.title in page and "快于预期 1" in page


def test_batch_evaluation_refusals(world: World):
    c = world.client(world.planner)
    guangzhou = world.province.children.get(code="440100")
    r = c.post("/reporting/runs/batch/", {"region": guangzhou.pk, "as_of": "2024-06-30"})
    assert r.status_code == 403
    r = c.post("/reporting/runs/batch/", {"region": "x", "as_of": "2024-06-30"})
    assert r.status_code == 400
    r = world.client(world.reporter).post(
        "/reporting/runs/batch/", {"region": world.city.pk, "as_of": "2024-06-30"}
    )
    assert r.status_code == 403
    assert not EvaluationRun.objects.exists()
