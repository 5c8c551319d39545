"""End to end in chromium: a planner corrects and deletes extracted projects and tasks in place
on the review screen (HTMX rows, errors shown in the row), and the public sees the
分地区汇总 bar chart drawn by the locally served ECharts.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from planwatch.web.monitoring import services as monitoring
from planwatch.web.plans import services as plans
from planwatch.web.plans.models import Project
from tests.web.test_e2e import CHROMIUM, VENDOR, browser, login  # noqa: F401 (browser: a fixture)
from tests.web.world import PLAN_DOC, World, build_world

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium not installed"),
]


@pytest.fixture
def e2e_world(transactional_db) -> World:
    return build_world()


def test_review_rows_edit_in_place(live_server, e2e_world: World, browser):  # noqa: F811
    w = e2e_world
    draft = plans.import_plan(
        user=w.planner, plan_doc=copy.deepcopy(PLAN_DOC), region=w.city, source_text=""
    )
    project, task = draft.projects.get(), draft.tasks.get()
    page = login(browser, live_server.url, "planner")
    page.goto(f"{live_server.url}/plans/{draft.pk}/review/")

    row = page.locator(f"#project-{project.pk}")
    row.locator(f"#id_p{project.pk}-start_year").fill("2024")
    row.locator(f"#id_p{project.pk}-end_year").fill("2022")
    row.locator("button", has_text="保存").click()
    page.wait_for_selector(f"#project-{project.pk} .error")
    assert "结束年不能早于起始年" in page.locator(f"#project-{project.pk}").inner_text()

    row = page.locator(f"#project-{project.pk}")
    row.locator(f"#id_p{project.pk}-end_year").fill("2026")
    row.locator(f"#id_p{project.pk}-total_investment").fill("20")
    row.locator("button", has_text="保存").click()
    page.wait_for_selector(f"#project-{project.pk} :text('已保存 v2')")
    project.refresh_from_db()
    assert (project.start_year, project.end_year, project.total_investment) == (2024, 2026, 20)

    # An indicator row: a share rolled up from a part that is not in the plan is refused in place.
    share = draft.indicators.get(key="i2")
    row = page.locator(f"#indicator-{share.pk}")
    row.locator(f"#id_i{share.pk}-aggregation").select_option("ratio")
    row.locator(f"#id_i{share.pk}-numerator").fill("不存在的指标")
    row.locator(f"#id_i{share.pk}-denominator").fill("i1")
    row.locator("button", has_text="保存").click()
    page.wait_for_selector(f"#indicator-{share.pk} .error")
    assert "比率指标须填写" in page.locator(f"#indicator-{share.pk}").inner_text()
    assert page.locator("#review tbody > tr").count() == 2  # the table kept its two rows
    row = page.locator(f"#indicator-{share.pk}")
    row.locator(f"#id_i{share.pk}-numerator").fill("5G基站数")
    row.locator("button", has_text="保存").click()
    page.wait_for_selector(f"#indicator-{share.pk} :text('已保存 v2')")
    share.refresh_from_db()
    assert (share.aggregation, share.numerator) == ("ratio", "5G基站数")

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#task-{task.pk}").locator("button", has_text="删除").click()
    page.wait_for_selector(f"#task-{task.pk}", state="detached")
    assert not draft.tasks.exists()
    assert Project.objects.filter(pk=project.pk).exists()


def test_region_bar_chart_draws(live_server, e2e_world: World, browser):  # noqa: F811
    w = e2e_world  # 汕头市's plan; 龙湖区人民政府 reports 5G基站数 for its district
    obs = monitoring.save_draft(
        user=w.other_reporter,
        assignment=w.other_assignment,
        period="2023",
        value=1570,
        lag_reason="测试",
        next_steps="测试",
    )
    obs = monitoring.submit(user=w.other_reporter, observation=obs, expected_version=obs.version)
    monitoring.approve(user=w.admin, observation=obs, expected_version=obs.version)
    public = browser.new_context().new_page()
    public.goto(f"{live_server.url}/plans/indicators/{w.indicator('i1').pk}/")
    assert "1570" in public.locator("#region-rollup tr[data-code='440507']").inner_text()
    if VENDOR.joinpath("echarts.min.js").exists():
        public.wait_for_selector("#region-chart[data-ready='1']")
