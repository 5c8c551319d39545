"""End to end in Debian's chromium through Playwright, against Django's live server: import a
plan, publish, assign, report through the Excel template, reject, correct, approve, and see the
indicator's status change.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planwatch.web.jobs import runner
from planwatch.web.jobs.models import Job
from tests.web.world import PASSWORD, PLAN_DOC, World, build_world

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
VENDOR = Path(__file__).resolve().parents[2] / "planwatch" / "web" / "static" / "vendor"
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium not installed"),
]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def e2e_world(transactional_db) -> World:
    return build_world()


def login(browser, base: str, username: str):
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#current-user")
    return page


def test_import_assign_report_reject_correct_approve(
    live_server, e2e_world: World, browser, tmp_path: Path
):
    base = live_server.url
    w = e2e_world

    # 牵头部门: import a plan JSON, publish it from the review screen, assign an indicator.
    planner = login(browser, base, "planner")
    doc = {**PLAN_DOC, "title": "端到端测试规划（2021—2025年）"}
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    planner.goto(f"{base}/plans/import/")
    planner.set_input_files("#id_file", str(plan_file))
    planner.select_option("#id_region", label="汕头市")
    planner.click("#import-form button[type=submit]")
    planner.wait_for_url("**/jobs/*/")  # queued: the job page follows it until it is done
    assert "排队中" in planner.inner_text("#job-state")
    runner.run_here(Job.objects.get(pk=planner.url.rstrip("/").split("/")[-1]))
    planner.click("#job-result")  # appears when the page's polling sees the job done
    planner.wait_for_url("**/review/")
    assert "到2025年，数字化转型比例达到80%" in planner.content()
    planner.click("#publish")
    planner.wait_for_selector("#plan-title")
    plan_url = planner.url
    planner.click("text=分配责任单位")
    planner.select_option("#id_unit", label="市工信局")
    planner.select_option("#id_indicators", label="5G基站数")
    planner.click("#assign-form button[type=submit]")
    planner.wait_for_selector("#assignments td:has-text('市工信局')")

    # 填报员: download the Excel template, fill in one value, upload and submit.
    reporter = login(browser, base, "reporter")
    reporter.goto(f"{base}/reporting/")
    with reporter.expect_download() as dl:
        reporter.click("#download-template")
    wb = load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes()))
    ws = wb.active
    filled = 0
    for row in ws.iter_rows(min_row=2):
        if row[1].value == doc["title"] and row[2].value == "5G基站数" and row[4].value == "2022":
            row[5].value = 1100  # too low: behind the plan path, so explained
            row[8].value = "站址审批慢"
            row[9].value = "建立协调机制"
            filled += 1
    assert filled == 1
    buf = io.BytesIO()
    wb.save(buf)
    upload = tmp_path / "filled.xlsx"
    upload.write_bytes(buf.getvalue())
    reporter.set_input_files("#id_file", str(upload))
    reporter.check("#id_submit")
    reporter.click("#upload-form button[type=submit]")
    reporter.wait_for_selector("text=已保存 1 条数据")

    # 审核员: reject with a comment.
    reviewer = login(browser, base, "reviewer")
    reviewer.goto(f"{base}/reporting/review/")
    row = reviewer.locator("#review-queue tr", has_text=doc["title"])
    row.locator(".reject-comment").fill("数值与统计年鉴不符")
    row.locator("button.reject").click()
    reviewer.wait_for_selector("text=已退回")

    # 填报员: sees the rejection, corrects and submits again.
    reporter.goto(f"{base}/reporting/")
    task = reporter.locator("#tasks tr[data-state=rejected]")
    assert "数值与统计年鉴不符" in task.inner_text()
    task.locator("a", has_text="填报").click()
    reporter.fill("#id_value", "1500")
    reporter.click("#submit-report")
    reporter.wait_for_selector("text=已提交，等待审核")

    # Before approval the public sees no status; after it the engine's status appears.
    planner.goto(plan_url)
    indicator_url = planner.locator("#indicators a", has_text="5G基站数").get_attribute("href")
    public = browser.new_context().new_page()
    public.goto(f"{base}{indicator_url}")
    assert "无法评估" in public.locator("#indicator-status").inner_text()

    reviewer.goto(f"{base}/reporting/review/")
    reviewer.locator("#review-queue tr", has_text=doc["title"]).locator("button.approve").click()
    # with htmx the row is swapped in place, without it the queue reloads: either way it goes
    reviewer.wait_for_selector(f"#review-queue tr:has-text('{doc['title']}')", state="detached")

    public.goto(f"{base}{indicator_url}")
    status = public.locator("#indicator-status").inner_text()
    assert status.strip() and "无法评估" not in status
    assert "1500" in public.locator("#series").inner_text()
    if VENDOR.joinpath("echarts.min.js").exists():  # `make assets` (npm) has run
        public.wait_for_selector("#chart[data-ready='1']")
    assert w.plan.pk
