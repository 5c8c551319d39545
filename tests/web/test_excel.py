"""Excel template download and upload: per-row errors in Chinese, nothing saved unless clean."""

from __future__ import annotations

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from planwatch.web.errors import InvalidInput
from planwatch.web.monitoring import excel
from planwatch.web.monitoring.models import Observation, ReportState
from tests.web.world import World

pytestmark = pytest.mark.django_db


def template_rows(world: World) -> list[list]:
    wb = load_workbook(io.BytesIO(excel.build_template(world.reporter)))
    return [list(r) for r in wb.active.iter_rows(values_only=True)]


def workbook(rows: list[list]) -> bytes:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def fill(rows: list[list], values: dict[tuple[str, str], float]) -> list[list]:
    out = [rows[0]]
    for r in rows[1:]:
        r = list(r)
        key = (r[2], r[4])
        if key in values:
            r[5] = values[key]
        out.append(r)
    return out


def test_template_lists_every_due_period(world: World):
    rows = template_rows(world)
    assert rows[0] == excel.COLUMNS
    body = {(r[2], r[4]) for r in rows[1:]}
    assert ("5G基站数", "2021") in body and ("规模以上工业企业数字化转型比例", "2025") in body
    assert all(r[0] == world.assignment.pk or r[0] for r in rows[1:])
    assert len(rows) == 1 + 2 * 5  # two indicators × 2021–2025 (all past in these tests)


def test_clean_upload_saves_drafts_and_can_submit(world: World):
    rows = fill(template_rows(world), {("5G基站数", "2021"): 1250, ("5G基站数", "2022"): 1450})
    result = excel.upload(user=world.reporter, data=workbook(rows), submit=True)
    assert result.saved == 2 and result.submitted == 2
    states = set(Observation.objects.values_list("state", flat=True))
    assert states == {ReportState.SUBMITTED}


def test_any_bad_row_saves_nothing_and_names_each_row(world: World):
    rows = fill(template_rows(world), {("5G基站数", "2021"): 1200, ("5G基站数", "2022"): "很多"})
    bad_value = next(n for n, r in enumerate(rows, start=1) if r[5] == "很多")
    rows[1][3] = "个"  # row 2: wrong unit
    rows[2][4] = "2022年第二季度"  # row 3: a period the template does not use
    rows[2][5] = 1
    rows.append([999999, "", "x", "", "2023", 1, None, None, None, None, None])
    with pytest.raises(InvalidInput) as err:
        excel.upload(user=world.reporter, data=workbook(rows))
    by_row = {(e["row"], e["column"]) for e in err.value.details}
    assert by_row == {(2, "计量单位"), (3, "期间"), (bad_value, "数值"), (len(rows), "任务编号")}
    assert "计量单位应为“座”" in err.value.details[0]["message"]
    assert Observation.objects.count() == 0


def test_submit_behind_without_explanation_is_a_row_error(world: World):
    rows = fill(template_rows(world), {("5G基站数", "2024"): 1050})
    with pytest.raises(InvalidInput) as err:
        excel.upload(user=world.reporter, data=workbook(rows), submit=True)
    assert err.value.details[0]["column"] == "滞后原因"
    excel.upload(user=world.reporter, data=workbook(rows), submit=False)  # a draft is fine
    assert Observation.objects.get().state == ReportState.DRAFT


def test_other_units_rows_are_refused(world: World):
    rows = template_rows(world)
    rows = [rows[0], [world.other_assignment.pk, "", "5G基站数", "座", "2021", 5] + [None] * 5]
    with pytest.raises(InvalidInput) as err:
        excel.upload(user=world.reporter, data=workbook(rows))
    assert err.value.details[0]["column"] == "任务编号"


def test_not_an_xlsx(world: World):
    with pytest.raises(InvalidInput):
        excel.upload(user=world.reporter, data=b"PK\x03\x04 not really")


def test_upload_view_shows_row_errors(world: World):
    rows = fill(template_rows(world), {("5G基站数", "2021"): "abc"})
    c = world.client(world.reporter)
    r = c.post("/reporting/upload/", {"file": SimpleUploadedFile("t.xlsx", workbook(rows))})
    assert r.status_code == 400
    html = r.content.decode()
    assert "第 2 行" in html and "数值无效" in html
    r = c.post("/reporting/upload/", {"file": SimpleUploadedFile("t.csv", b"a,b")})
    assert r.status_code == 302 and Observation.objects.count() == 0


def test_template_download_view(world: World):
    r = world.client(world.reporter).get("/reporting/template.xlsx")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.slow
def test_thousand_rows_under_five_seconds(world: World):
    from planwatch.web.monitoring.models import Frequency

    world.assignment.frequency = Frequency.MONTHLY
    world.assignment.save()
    a = world.assignment.pk
    # 60 months × 2021–2025 … plus quarterly-free: build 1,000 rows over many indicators
    from planwatch.web.monitoring import services
    from planwatch.web.plans.models import Indicator

    inds = [
        Indicator(
            plan=world.plan,
            key=f"x{n}",
            name=f"指标{n}",
            unit="个",
            order=10 + n,
            baseline_year=2020,
            baseline_value=100,
        )
        for n in range(17)
    ]
    Indicator.objects.bulk_create(inds)
    assigned = services.assign(
        user=world.planner,
        plan=world.plan,
        unit=world.unit,
        indicators=world.plan.indicators.filter(key__startswith="x"),
        frequency=Frequency.MONTHLY,
    )
    rows = [excel.COLUMNS]
    for asg in [world.assignment, *assigned]:
        for y in range(2021, 2026):
            for m in range(1, 13):
                rows.append([asg.pk, "", "", "", f"{y}-{m:02d}", 100 + m] + [None] * 5)
    rows = rows[:1001]
    data = workbook(rows)
    start = time.perf_counter()
    result = excel.upload(user=world.reporter, data=data)
    elapsed = time.perf_counter() - start
    assert result.saved == 1000
    assert elapsed < 5, elapsed
    assert a


def test_engine_plausibility_warning_does_not_block(world: World):
    from planwatch.web.monitoring import services

    obs = services.save_draft(
        user=world.reporter, assignment=world.assignment, period="2021", value=1200
    )
    obs = services.submit(user=world.reporter, observation=obs, expected_version=obs.version)
    services.approve(user=world.reviewer, observation=obs, expected_version=obs.version)
    rows = fill(template_rows(world), {("5G基站数", "2022"): 3000})
    result = excel.upload(user=world.reporter, data=workbook(rows))
    assert result.saved == 1
    assert any("同比" in w["message"] for w in result.warnings), result.warnings


FORMULA_LIKE = ['=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)"]  # plan, two indicators


def test_template_writes_formula_like_names_as_text_and_they_round_trip(world: World):
    from planwatch.web.plans.models import Indicator, Plan

    Plan.objects.filter(pk=world.plan.pk).update(title=FORMULA_LIKE[0])
    names = dict(
        zip(
            world.plan.indicators.order_by("order").values_list("pk", flat=True),
            FORMULA_LIKE[1:],
            strict=True,
        )
    )
    for pk, name in names.items():
        Indicator.objects.filter(pk=pk).update(name=name)
    sheet = load_workbook(io.BytesIO(excel.build_template(world.reporter))).active
    cells = [sheet.cell(row=n, column=c) for n in range(2, sheet.max_row + 1) for c in (2, 3)]
    assert {c.value for c in cells} == {FORMULA_LIKE[0], *names.values()}
    assert {c.data_type for c in cells} == {"s"}  # text: no formula anywhere
    assert all(
        isinstance(sheet.cell(row=n, column=1).value, int) for n in range(2, sheet.max_row + 1)
    )
    rows = fill(template_rows(world), {(FORMULA_LIKE[1], "2021"): 1250})
    assert excel.upload(user=world.reporter, data=workbook(rows)).saved == 1
    assert Observation.objects.get().value == 1250


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1,234.5", 1234.5), ("50%", 50), ("１２３４", 1234), ("1 234,5", 1234.5), (1250, 1250)],
)
def test_values_are_parsed_by_the_core_rule(world: World, typed, stored):
    rows = fill(template_rows(world), {("5G基站数", "2021"): typed})
    excel.upload(user=world.reporter, data=workbook(rows))
    assert Observation.objects.get().value == stored


@pytest.mark.parametrize(
    ("typed", "reason"), [("12,3", "含义不明"), ("约1200", "约数"), ("—", "不是数值")]
)
def test_values_the_core_refuses_are_row_errors_with_its_reason(world: World, typed, reason):
    rows = fill(template_rows(world), {("5G基站数", "2021"): typed})
    with pytest.raises(InvalidInput) as err:
        excel.upload(user=world.reporter, data=workbook(rows))
    (error,) = err.value.details
    assert error["column"] == "数值" and reason in error["message"]
    assert Observation.objects.count() == 0
