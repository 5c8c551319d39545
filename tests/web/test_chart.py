"""The indicator chart draws the engine's numbers: at a period, the plotted actual value and
plan-path value equal the engine's current value and expected value (annual and quarterly),
and a lower region's values are a series of their own, never the plan region's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planwatch.web.accounts.models import Role
from planwatch.web.monitoring import engine
from planwatch.web.monitoring import services as monitoring
from planwatch.web.monitoring.models import Assignment
from planwatch.web.plans.models import Target
from tests.web.world import World, make_user

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def approve(
    world: World, assignment: Assignment, reporter, period: str, value: float, reviewer=None
) -> None:
    obs = monitoring.save_draft(
        user=reporter,
        assignment=assignment,
        period=period,
        value=value,
        lag_reason="原因",
        next_steps="措施",
    )
    obs = monitoring.submit(user=reporter, observation=obs, expected_version=obs.version)
    reviewer = reviewer or world.reviewer
    monitoring.approve(user=reviewer, observation=obs, expected_version=obs.version)


def geometric_terms(world: World):
    """i1 as a 亿元 quantity 100 → 200 (2020 → 2025): the engine's path is geometric."""
    ind = world.indicator("i1")
    ind.unit, ind.baseline_value, ind.name = "亿元", 100, "数字经济核心产业增加值"
    ind.save()
    Target.objects.filter(indicator=ind).update(value=200)
    world.plan.touch_data()
    return ind


def engine_numbers(world: World, ind, as_of):
    result = engine.evaluate(world.plan, as_of=as_of)
    return engine.status_by_key(result)[ind.key]


@pytest.mark.django_db
def test_annual_chart_points_are_the_engines(world: World):
    import datetime as dt

    ind = geometric_terms(world)
    approve(world, world.assignment, world.reporter, "2022", 125)
    approve(world, world.assignment, world.reporter, "2023", 150)
    as_of = dt.date(2024, 6, 30)
    entry = engine_numbers(world, ind, as_of)
    chart = engine.indicator_chart(ind, entry, as_of)
    comps = entry["components"]
    assert comps["path"] == "geometric"
    row = next(r for r in chart["table"] if r["period"] == "2023")
    assert row["value"] == comps["current_value"] == 150
    assert row["path"] == pytest.approx(comps["expected_value"])
    # by hand: 100·2^(3/5) = 151.57
    assert row["path"] == pytest.approx(100 * 2**0.6)
    plotted = dict((round(t, 6), v) for t, v in chart["path"])
    assert plotted[2023.0] == pytest.approx(comps["expected_value"])
    assert [p[:2] for p in chart["actual"]] == [[2022.0, 125], [2023.0, 150]]


@pytest.mark.django_db
def test_quarterly_chart_points_sit_at_their_dates(world: World):
    import datetime as dt

    ind = geometric_terms(world)
    Assignment.objects.filter(pk=world.assignment.pk).update(frequency="quarterly")
    world.assignment.refresh_from_db()
    approve(world, world.assignment, world.reporter, "2023-Q2", 140)
    as_of = dt.date(2023, 9, 30)
    entry = engine_numbers(world, ind, as_of)
    chart = engine.indicator_chart(ind, entry, as_of)
    (t, value, period) = chart["actual"][0]
    assert (t, value, period) == (2022.5, 140, "2023-Q2")  # mid-2023 on the axis
    assert entry["components"]["current_t"] == pytest.approx(2022.5)
    row = chart["table"][0]
    assert row["path"] == pytest.approx(entry["components"]["expected_value"])
    assert row["path"] == pytest.approx(100 * 2 ** (2.5 / 5))  # τ = 2.5 / 5, by hand


@pytest.mark.django_db
def test_a_district_series_is_its_own_line(world: World):
    import datetime as dt

    reviewer = make_user("district_reviewer", Role.REVIEWER, unit=world.other_unit)
    approve(world, world.other_assignment, world.other_reporter, "2023", 1200, reviewer)
    ind = world.indicator("i1")
    chart = engine.indicator_chart(ind, None, dt.date(2024, 6, 30))
    assert chart["actual"] == []  # the city has reported nothing
    assert chart["regions"] == [{"name": "龙湖区", "points": [[2023.0, 1200, "2023"]]}]


@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium not installed")
def test_browser_plots_the_engines_values(transactional_db, live_server):
    from playwright.sync_api import sync_playwright

    from tests.web.world import build_world

    world = build_world()
    ind = geometric_terms(world)
    approve(world, world.assignment, world.reporter, "2022", 125)
    approve(world, world.assignment, world.reporter, "2023", 150)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(f"{live_server.url}/plans/indicators/{ind.pk}/")
        page.wait_for_selector("#chart[data-ready='1']")
        option = page.evaluate(
            "() => { const o = echarts.getInstanceByDom(document.getElementById('chart'))"
            ".getOption(); return o.series.map(s => [s.name, s.data]); }"
        )
        browser.close()
    by_name = dict(option)
    actual = by_name["实际值（汕头市）"]
    assert [a[:2] for a in actual] == [[2022.0, 125], [2023.0, 150]]
    path = {round(x, 6): y for x, y in by_name["规划路径"]}
    assert path[2023.0] == pytest.approx(100 * 2**0.6)
    assert path[2025.0] == pytest.approx(200)


@pytest.mark.django_db
def test_an_adjusted_target_is_marked(world: World):
    import datetime as dt

    from planwatch.web.plans import services as plans

    ind = world.indicator("i1")
    old = ind.targets.get()
    plans.adjust_target(user=world.planner, target=old, value=1800, reason="中期评估调整")
    chart = engine.indicator_chart(ind, None, dt.date(2024, 6, 30))
    assert chart["targets"] == [[2025.0, 1800, True]]
    # the path runs to the adjusted target: 1000 + 0.6·(1800 − 1000) = 1480 at the end of 2023
    path = {round(t, 6): v for t, v in chart["path"]}
    assert path[2023.0] == pytest.approx(1480)
