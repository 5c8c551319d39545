"""分地区汇总 on the indicator page and coverage (“2/3 地市已报”) on the plan page, over a small
hand-built region tree. Every expected number is worked out by hand in the comments.

测试省 990000
├── 甲市 990100 ── 甲一区 990101, 甲二区 990102
├── 乙市 990200 ── 乙一区 990201
└── 丙市 990300   (no districts; 丙市工信局 reports for the whole city)
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from planwatch.web.accounts.models import Role, Unit, User
from planwatch.web.monitoring import services as monitoring
from planwatch.web.monitoring.models import Assignment
from planwatch.web.plans import corrections
from planwatch.web.plans import services as plans
from planwatch.web.plans.models import Indicator, Plan
from planwatch.web.regions.models import Region
from tests.web.world import make_user

pytestmark = pytest.mark.django_db

DOC = {
    "schema": "planwatch.plan/1",
    "title": "测试省数字经济发展规划（2021—2025年）",
    "region": "测试省",
    "period": {"start": 2021, "end": 2025},
    "base_year": 2020,
    "indicators": [
        {
            "id": "bs",
            "name": "5G基站数",
            "unit": "座",
            "nature": "预期性",
            "baseline": {"year": 2020, "value": 10},
            "targets": [{"year": 2025, "value": 20, "comparator": ">="}],
        },
        {"id": "home", "name": "光纤入户数", "unit": "万户", "baseline": None, "targets": []},
        {"id": "hh", "name": "家庭总户数", "unit": "万户", "baseline": None, "targets": []},
        {
            "id": "rate",
            "name": "光纤入户率",
            "unit": "%",
            "baseline": {"year": 2020, "value": 50},
            "targets": [{"year": 2025, "value": 80, "comparator": ">="}],
        },
        {
            "id": "gdp",
            "name": "人均地区生产总值",
            "unit": "万元",
            "baseline": {"year": 2020, "value": 5},
            "targets": [{"year": 2025, "value": 8, "comparator": ">="}],
        },
    ],
    "projects": [],
}


@dataclass
class Tree:
    plan: Plan
    planner: User
    reviewer: User
    reporters: dict[str, User]  # region name → the reporter of its unit
    assignments: dict[tuple[str, str], Assignment]  # (region name, indicator key)

    def indicator(self, key: str) -> Indicator:
        return self.plan.indicators.get(key=key)

    def report(self, region: str, key: str, period: str, value: float, *, state="approved"):
        """Report a value through the real workflow and leave it draft, submitted or approved."""
        user = self.reporters[region]
        obs = monitoring.save_draft(
            user=user,
            assignment=self.assignments[(region, key)],
            period=period,
            value=value,
            lag_reason="测试",
            next_steps="测试",
        )
        if state == "draft":
            return obs
        obs = monitoring.submit(user=user, observation=obs, expected_version=obs.version)
        if state == "submitted":
            return obs
        return monitoring.approve(user=self.reviewer, observation=obs, expected_version=obs.version)


def region(code: str, name: str, level: str, parent: Region | None = None) -> Region:
    return Region.objects.create(code=code, name=name, level=level, parent=parent)


@pytest.fixture
def tree(db) -> Tree:
    province = region("990000", "测试省", "province")
    jia, yi = region("990100", "甲市", "city", province), region("990200", "乙市", "city", province)
    bing = region("990300", "丙市", "city", province)
    places = {
        "甲一区": region("990101", "甲一区", "district", jia),
        "甲二区": region("990102", "甲二区", "district", jia),
        "乙一区": region("990201", "乙一区", "district", yi),
        "丙市": bing,
    }
    planner = make_user("prov_planner", Role.PLANNER, region=province)
    reviewer = make_user("prov_reviewer", Role.REVIEWER, region=province)
    plan = plans.import_plan(user=planner, plan_doc=DOC, region=province)
    rate = plan.indicators.get(key="rate")
    # the share is recomputed from its parts: named by indicator name or by key
    corrections.update_indicator(
        user=planner,
        indicator=rate,
        expected_version=rate.version,
        changes={"aggregation": "ratio", "numerator": "光纤入户数", "denominator": "hh"},
    )
    plan = plans.publish_plan(user=planner, plan=plan)
    indicators = [plan.indicators.get(key=k) for k in ("bs", "home", "hh")]
    reporters, assignments = {}, {}
    for n, (name, place) in enumerate(places.items()):
        unit = Unit.objects.create(name=f"{name}人民政府", region=place)
        reporters[name] = make_user(f"reporter{n}", Role.REPORTER, unit=unit)
        made = monitoring.assign(user=planner, plan=plan, unit=unit, indicators=indicators)
        for a in made:
            assignments[(name, a.indicator.key)] = a
    t = Tree(plan, planner, reviewer, reporters, assignments)
    # 5G基站数: 2022 甲一区 2 + 甲二区 3 = 5; 2023 甲一区 3 + 甲二区 4 = 7, 乙一区 5
    t.report("甲一区", "bs", "2022", 2)
    t.report("甲二区", "bs", "2022", 3)
    t.report("甲一区", "bs", "2023", 3)
    t.report("甲二区", "bs", "2023", 4)
    t.report("乙一区", "bs", "2023", 5)
    # not official, so not counted: 丙市's 2023 draft, 乙一区's submitted 2024 value
    t.report("丙市", "bs", "2023", 8, state="draft")
    t.report("乙一区", "bs", "2024", 6, state="submitted")
    # 光纤入户数 / 家庭总户数 (万户), 2023
    for name, home, households in (("甲一区", 9, 10), ("甲二区", 3, 30), ("乙一区", 6, 8)):
        t.report(name, "home", "2023", home)
        t.report(name, "hh", "2023", households)
    return t


def cells(page: str, table_id: str, code: str) -> list[str]:
    """The text of each cell of the row for region ``code`` in table ``table_id``."""
    table = re.search(rf'<table id="{table_id}".*?</table>', page, re.S)
    assert table, f"no table {table_id}"
    row = re.search(rf'<tr data-code="{code}"[^>]*>(.*?)</tr>', table.group(0), re.S)
    assert row, f"no row {code}"
    raw = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in raw]


def coverage(page: str, key: str) -> str:
    row = re.search(rf'<tr data-key="{key}">(.*?)</tr>', page, re.S)
    assert row, f"no indicator row {key}"
    cell = re.search(r'<td class="coverage">(.*?)</td>', row.group(1), re.S)
    assert cell, f"no coverage cell for {key}"
    return " ".join(re.sub(r"<[^>]+>", " ", cell.group(1)).split())


def test_summed_indicator_rolls_up_by_city(tree: Tree, client):
    page = client.get(f"/plans/indicators/{tree.indicator('bs').pk}/").content.decode()
    assert "分地区汇总" in page and "最新已审核期间 2023" in page
    # columns: region, value, reporting units, status
    assert cells(page, "region-rollup", "990100") == ["甲市", "7", "2", "符合进度"]
    assert cells(page, "region-rollup", "990200") == ["乙市", "5", "1", "无法评估"]
    # 丙市 has only a draft: not reported
    assert cells(page, "region-rollup", "990300") == ["丙市", "未报", "0", "—"]
    # the total: 7 + 5 = 12 from three units
    assert cells(page, "region-rollup", "990000")[:3] == ["测试省（下级合计）", "12", "3"]
    # the bar chart, served locally
    assert 'id="region-chart"' in page and "/static/planwatch/region_chart.js" in page
    assert "region-chart-data" in page and "cdn" not in page.lower()


def test_status_against_the_plan_path_by_hand(tree: Tree, client):
    """甲市: first value 5 (2022) × plan factor 20/10 = target 10 in 2025; in 2023
    τ = (2023 − 2022)/(2025 − 2022) = 1/3, c = (7 − 5)/(10 − 5) = 0.4; c − τ ≈ 0.067 < 0.10
    (not 超前) and c ≥ τ − 0.05 → 符合进度. 乙市 has one point and no baseline → 无法评估."""
    body = client.get(f"/plans/indicators/{tree.indicator('bs').pk}/?format=json").json()
    rows = {r["code"]: r for r in body["region_rollup"]["rows"]}
    assert rows["990100"]["status"]["status"] == "on_track"
    assert rows["990100"]["status"]["components"]["expected_value"] == pytest.approx(5 + 5 / 3)
    assert rows["990200"]["status"]["status"] == "not_available"
    assert rows["990300"]["status"] is None and not rows["990300"]["reported"]


def test_share_is_recomputed_from_numerator_and_denominator(tree: Tree, client):
    page = client.get(f"/plans/indicators/{tree.indicator('rate').pk}/").content.decode()
    # 甲市: 100 × (9 + 3)/(10 + 30) = 30 — not the mean of 90% and 10% (50)
    assert cells(page, "region-rollup", "990100")[:5] == ["甲市", "30", "12", "40", "2"]
    # 乙市: 100 × 6/8 = 75
    assert cells(page, "region-rollup", "990200")[:5] == ["乙市", "75", "6", "8", "1"]
    # 测试省: 100 × (9 + 3 + 6)/(10 + 30 + 8) = 1800/48 = 37.5
    assert cells(page, "region-rollup", "990000")[:5] == [
        "测试省（下级合计）",
        "37.5",
        "18",
        "48",
        "3",
    ]


def test_plan_page_shows_coverage_of_child_regions(tree: Tree, client):
    page = client.get(f"/plans/{tree.plan.pk}/").content.decode()
    # 甲市 and 乙市 reported 2023; 丙市's draft does not count
    assert coverage(page, "bs") == "2/3 地市已报 2023"
    assert coverage(page, "rate") == "2/3 地市已报 2023"
    assert coverage(page, "home") == "2/3 地市已报 2023"
    assert coverage(page, "gdp") == "—"  # aggregation "none": not rolled up
    body = client.get(f"/plans/{tree.plan.pk}/?format=json").json()
    by_key = {i["key"]: i for i in body["indicators"]}
    assert by_key["bs"]["regions"] == {"period": "2023", "reported": 2}
    assert by_key["gdp"]["regions"] is None and body["region_count"] == 3


def test_approval_reaches_the_cached_public_pages(tree: Tree, client):
    bs = tree.indicator("bs")
    page = client.get(f"/plans/indicators/{bs.pk}/").content.decode()
    assert cells(page, "region-rollup", "990300")[1] == "未报"
    assert coverage(client.get(f"/plans/{tree.plan.pk}/").content.decode(), "bs").startswith("2/3")
    draft = tree.assignments[("丙市", "bs")].observations.get(period="2023")
    draft = monitoring.submit(
        user=tree.reporters["丙市"], observation=draft, expected_version=draft.version
    )
    monitoring.approve(user=tree.reviewer, observation=draft, expected_version=draft.version)
    page = client.get(f"/plans/indicators/{bs.pk}/").content.decode()
    assert cells(page, "region-rollup", "990300")[:3] == ["丙市", "8", "1"]
    assert cells(page, "region-rollup", "990000")[1:3] == ["20", "4"]  # 7 + 5 + 8, four units
    assert coverage(client.get(f"/plans/{tree.plan.pk}/").content.decode(), "bs").startswith("3/3")


def test_aggregation_none_has_no_table(tree: Tree, client):
    page = client.get(f"/plans/indicators/{tree.indicator('gdp').pk}/").content.decode()
    assert 'id="region-rollup"' not in page
    assert "不做分地区汇总" in page


def test_signed_in_planner_sees_the_same_official_numbers(tree: Tree):
    c = Client()
    c.force_login(tree.planner)
    page = c.get(f"/plans/indicators/{tree.indicator('bs').pk}/").content.decode()
    assert cells(page, "region-rollup", "990100")[:3] == ["甲市", "7", "2"]
    assert cells(page, "region-rollup", "990300")[1] == "未报"  # drafts stay out for everyone


def _queries(client, path: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_regions(tree: Tree, client):
    paths = [f"/plans/indicators/{tree.indicator('bs').pk}/", f"/plans/{tree.plan.pk}/"]
    before = [_queries(client, p) for p in paths]
    # two more districts under 乙市 start reporting
    yi = Region.objects.get(code="990200")
    for n, code in enumerate(("990202", "990203")):
        place = region(code, f"乙{n + 2}区", "district", yi)
        unit = Unit.objects.create(name=f"乙{n + 2}区人民政府", region=place)
        tree.reporters[place.name] = make_user(f"extra{n}", Role.REPORTER, unit=unit)
        (a,) = monitoring.assign(
            user=tree.planner, plan=tree.plan, unit=unit, indicators=[tree.indicator("bs")]
        )
        tree.assignments[(place.name, "bs")] = a
        tree.reviewer = User.objects.get(pk=tree.reviewer.pk)  # scope cached before the region
        tree.report(place.name, "bs", "2023", 1)
    after = [_queries(client, p) for p in paths]
    assert after == before
    page = client.get(paths[0]).content.decode()
    assert cells(page, "region-rollup", "990200")[:3] == ["乙市", "7", "3"]  # 5 + 1 + 1


def test_planner_names_the_parts_of_a_share_on_the_review_screen(tree: Tree):
    rate = tree.indicator("rate")
    c = Client()
    c.force_login(tree.planner)

    def post(numerator: str, denominator: str):
        form = {
            "name": rate.name,
            "unit": rate.unit,
            "nature": rate.nature,
            "direction": rate.direction,
            "aggregation": "ratio",
            "numerator": numerator,
            "denominator": denominator,
            "baseline_year": 2020,
            "baseline_value": 50,
            "version": Indicator.objects.get(pk=rate.pk).version,
        }
        data = {f"i{rate.pk}-{k}": v for k, v in form.items()}
        return c.post(f"/plans/{tree.plan.pk}/review/{rate.pk}/", data, HTTP_HX_REQUEST="true")

    r = post("home", "不存在的指标")
    assert (
        r.status_code == 400 and "比率指标须填写本规划中另一指标的编号或名称" in r.content.decode()
    )
    assert Indicator.objects.get(pk=rate.pk).denominator == "hh"
    assert post("home", "家庭总户数").status_code == 200
    page = c.get(f"/plans/indicators/{rate.pk}/").content.decode()
    assert cells(page, "region-rollup", "990100")[:2] == ["甲市", "30"]
