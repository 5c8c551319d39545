"""Alignment of a lower plan with an upper one (龙湖区 → 汕头市 → 广东省)."""

from __future__ import annotations

import pytest

from planwatch.evaluation.alignment import align_plans, canonical, check_sum, similarity, unit_of
from tests.evaluation.conftest import indicator, plan

CITY = plan(
    indicator("c5g", "5G基站开通数", "座", (2020, 4000), (2025, 9700, ">=")),
    indicator("cgig", "城市家庭千兆光纤网络覆盖率", "%", (2020, 50), (2025, 80, ">=")),
    indicator("cde", "数字经济增加值", "亿元", (2020, 800), (2025, 1500, ">=")),
    indicator("cnc", "关键工序数控化率", "%", (2020, 50), (2025, 60, ">=")),
    region="汕头市",
)
DISTRICT = plan(
    indicator("d5g", "5G基站累计建成数", "座", (2020, 600), (2025, 1570, ">=")),
    indicator("dgig", "千兆光网覆盖率", "%", (2020, 40), (2025, 75, ">=")),
    indicator("dde", "数字经济规模", "万亿元", (2020, 0.01), (2025, 0.012, ">=")),
    region="龙湖区",
)


def test_synonyms_and_units() -> None:
    assert canonical("5G基站开通数") == canonical("5G基站累计建成数") == "5G基站数"
    assert similarity("数字经济增加值", "数字经济规模") == 1.0
    assert unit_of("万亿元") == ("money", 1e12)
    assert unit_of("万户") == ("count:户", 1e4)
    assert unit_of("%") == ("percent", 1.0)


def test_side_by_side_with_flags() -> None:
    rows = {r["upper"]["indicator"]: r for r in align_plans(DISTRICT, CITY)}
    five_g = rows["c5g"]
    assert five_g["lower"]["indicator"] == "d5g"
    assert five_g["lower"]["target_value"] == 1570
    assert five_g["flags"] == []  # 1570/600 grows faster than 9700/4000
    gig = rows["cgig"]
    assert gig["lower"]["indicator"] == "dgig"
    assert "below_upper" in gig["flags"]  # 75% < 80%
    de = rows["cde"]
    assert de["unit_factor"] == pytest.approx(1e4)  # 万亿元 → 亿元
    assert de["lower"]["target_value"] == pytest.approx(120)
    # district 100 → 120 亿元 is 3.7% a year, the city 800 → 1500 is 13.4%: cannot keep pace
    assert "slower_than_upper" in de["flags"]
    assert rows["cnc"]["lower"] is None and rows["cnc"]["flags"] == ["missing_in_lower"]


def test_units_must_be_compatible() -> None:
    other = plan(indicator("x", "5G基站开通数", "%", (2020, 1), (2025, 2, ">=")))
    assert align_plans(other, CITY)[0]["lower"] is None


def test_part_larger_than_whole() -> None:
    big = plan(indicator("d", "5G基站数", "座", (2020, 5000), (2025, 12000, ">=")))
    assert "exceeds_upper" in align_plans(big, CITY)[0]["flags"]


def test_lower_plans_add_up() -> None:
    parts = [
        plan(indicator("a", "5G基站数", "座", (2020, 2000), (2025, 4000, ">="))),
        plan(indicator("b", "5G基站数", "座", (2020, 2000), (2025, 5000, ">="))),
    ]
    (row,) = check_sum(parts, CITY)
    assert row["lower_sum"] == 9000 and row["adds_up"] is False
    assert row["flags"] == ["does_not_add_up"]
