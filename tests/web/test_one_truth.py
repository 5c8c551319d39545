"""Every "is this value behind?" decision of the form, the API and the Excel upload is the
engine's plan-path status for the series the value belongs to (``planwatch.evaluation``)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from planwatch.evaluation import evaluate_plan, observations_from_rows
from planwatch.evaluation.judge import BEHIND
from planwatch.evaluation.periods import parse_period
from planwatch.web.accounts import services as accounts
from planwatch.web.monitoring import engine, excel
from planwatch.web.monitoring.models import Observation
from planwatch.web.plans.models import Target
from tests.web.world import World

pytestmark = pytest.mark.django_db


def set_terms(world: World, *, unit: str, nature: str, base: float, target: float, cmp: str):
    """Give indicator i1 new terms (as a planner's adjustment would) and a new data version."""
    ind = world.indicator("i1")
    ind.unit, ind.nature, ind.baseline_value, ind.baseline_year = unit, nature, base, 2020
    ind.direction = ""
    ind.save()
    Target.objects.filter(indicator=ind).delete()
    Target.objects.create(indicator=ind, year=2025, value=target, comparator=cmp)
    world.plan.touch_data()
    world.plan.refresh_from_db()
    return ind


def engine_says_behind(ind, period: str, value: float) -> bool:
    """The reference: `evaluate_plan` on the one-indicator plan, as of the period's end."""
    doc = {
        "schema": "planwatch.plan/1",
        "title": "t",
        "region": "汕头市",
        "period": {"start": 2021, "end": 2025},
        "base_year": 2020,
        "sections": [],
        "indicators": [engine.indicator_document(ind)],
        "programmes": [],
        "projects": [],
        "tasks": [],
    }
    obs = observations_from_rows([{"indicator": ind.key, "period": period, "value": value}], doc)
    run = evaluate_plan(doc, obs, as_of=parse_period(period).end)
    return run["indicators"][0]["status"] in BEHIND


def api_refuses(world: World, key: str, period: str, value: float) -> bool:
    r = world.client(None).post(
        "/api/observations",
        {"indicator": world.indicator("i1").pk, "period": period, "value": value},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert r.status_code in (201, 400), r.content
    return r.status_code == 400 and "lag_reason" in r.content.decode()


def form_refuses(world: World, period: str, value: float) -> bool:
    c = world.client(world.reporter)
    url = f"/reporting/assignments/{world.assignment.pk}/{period}/"
    c.post(url, {"value": str(value), "action": "submit"})
    return not Observation.objects.filter(state="submitted").exists()


def excel_refuses(world: World, period: str, value: float) -> bool:
    wb = load_workbook(io.BytesIO(excel.build_template(world.reporter)))
    rows = [list(r) for r in wb.active.iter_rows(values_only=True)]
    out = Workbook()
    out.active.append(rows[0])
    for r in rows[1:]:
        if r[2] == world.indicator("i1").name and r[4] == period:
            r[5] = value
            out.active.append(r)
    buf = io.BytesIO()
    out.save(buf)
    try:
        excel.upload(user=world.reporter, data=buf.getvalue(), submit=True)
    except excel.InvalidInput as err:
        return any(e["column"] == "滞后原因" for e in err.details)
    return False


def test_geometric_path_value_is_on_track_everywhere(world: World):
    # 亿元 100 → 200 (2020 → 2025), 150 in 2023: c = ln1.5/ln2 = 0.585 ≥ τ − 0.05 = 0.55
    # on the engine's geometric path (a straight path would say c = 0.5: behind).
    ind = set_terms(world, unit="亿元", nature="预期性", base=100, target=200, cmp=">=")
    assert not engine_says_behind(ind, "2023", 150)
    key = accounts.issue_token(actor=None, user=world.reporter, name="推送")
    assert not api_refuses(world, key, "2023", 150)
    Observation.objects.all().delete()
    assert not form_refuses(world, "2023", 150)
    Observation.objects.all().delete()
    assert not excel_refuses(world, "2023", 150)


def test_value_far_behind_needs_a_reason_everywhere(world: World):
    # 120 in 2023: c = ln1.2/ln2 = 0.263 < τ − 0.20 = 0.40 → 明显滞后
    ind = set_terms(world, unit="亿元", nature="预期性", base=100, target=200, cmp=">=")
    assert engine_says_behind(ind, "2023", 120)
    key = accounts.issue_token(actor=None, user=world.reporter, name="推送")
    assert api_refuses(world, key, "2023", 120)
    assert form_refuses(world, "2023", 120)
    assert excel_refuses(world, "2023", 120)
    assert Observation.objects.count() == 1  # the form's draft stays a draft


def test_a_district_value_is_not_judged_against_the_city_target(world: World):
    # 龙湖区 reports 1,200 base stations for 2023; the city's path expects 1,600 (1000 → 2000).
    # The district's figure belongs to the district's series: no lag reason is asked for.
    c = world.client(world.other_reporter)
    url = f"/reporting/assignments/{world.other_assignment.pk}/2023/"
    c.post(url, {"value": "1200", "action": "submit"})
    assert Observation.objects.get().state == "submitted"
    # the same value from the city's own unit is behind (c = 0.2 < τ − 0.2 = 0.4)
    assert engine_says_behind(world.indicator("i1"), "2023", 1200)


def test_form_reads_numbers_by_the_core_rule(world: World):
    c = world.client(world.reporter)
    url = f"/reporting/assignments/{world.assignment.pk}/2021/"
    r = c.post(url, {"value": "12,3"})
    assert "含义不明" in r.content.decode()
    assert not Observation.objects.exists()
    c.post(url, {"value": "1,234.5"})
    assert Observation.objects.get().value == 1234.5


def test_period_zero_is_a_clear_400(world: World):
    key = accounts.issue_token(actor=None, user=world.reporter, name="推送")
    r = world.client(None).post(
        "/api/observations",
        {"indicator": world.indicator("i1").pk, "period": "0000", "value": 1},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert r.status_code == 400 and "期间" in r.json()["error"]["message"]
    r = world.client(world.reporter).get(f"/reporting/assignments/{world.assignment.pk}/0000/")
    assert r.status_code in (400, 404)


TERMS = st.fixed_dictionaries(
    {
        "unit": st.sampled_from(["座", "亿元", "%"]),
        "nature": st.sampled_from(["预期性", "约束性"]),
        "base": st.integers(10, 1000).map(float),
        "factor": st.sampled_from([0.5, 0.8, 1.5, 2.0, 3.0]),
        "period": st.sampled_from(["2021", "2022", "2023", "2024", "2025"]),
        "share": st.floats(-0.2, 1.3),
    }
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(terms=TERMS)
def test_every_door_decides_as_the_engine_does(world: World, terms: dict):
    base, target = terms["base"], round(terms["base"] * terms["factor"], 3)
    cmp = ">=" if target > base else "<="
    ind = set_terms(
        world, unit=terms["unit"], nature=terms["nature"], base=base, target=target, cmp=cmp
    )
    value = round(base + terms["share"] * (target - base), 3)
    expected = engine_says_behind(ind, terms["period"], value)
    key = accounts.issue_token(actor=None, user=world.reporter, name=f"推送{dt.datetime.now()}")
    Observation.objects.all().delete()
    assert api_refuses(world, key, terms["period"], value) == expected
    Observation.objects.all().delete()
    assert form_refuses(world, terms["period"], value) == expected
    Observation.objects.all().delete()
    assert excel_refuses(world, terms["period"], value) == expected
    Observation.objects.all().delete()


def test_evidence_file_upload_keeps_working(world: World):
    c = world.client(world.reporter)
    url = f"/reporting/assignments/{world.assignment.pk}/2021/"
    pdf = SimpleUploadedFile("e.pdf", b"%PDF-1.4 tiny", content_type="application/pdf")
    c.post(url, {"value": "1100", "evidence": pdf})
    assert Observation.objects.get().evidence


def test_submit_with_a_version_that_is_not_a_number_is_400(world: World):
    c = world.client(world.reporter)
    c.post(f"/reporting/assignments/{world.assignment.pk}/2021/", {"value": "1100"})
    obs = Observation.objects.get()
    r = c.post(f"/reporting/observations/{obs.pk}/submit/", {"version": "²"})
    assert r.status_code == 400
    assert Observation.objects.get().state == "draft"
