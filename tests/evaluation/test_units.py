"""The one rule for which units add up over regions and which convert into each other."""

from __future__ import annotations

import pytest

from planwatch.evaluation.units import is_additive, unit_of


@pytest.mark.parametrize(
    ("unit", "name", "additive"),
    [
        ("座", "5G基站数", True),
        ("万户", "千兆宽带用户数", True),
        ("亿元", "数字经济核心产业增加值", True),
        ("万元", "人均地区生产总值", False),
        ("%", "光纤入户率", False),
        ("部/百人", "移动电话普及率", False),
        ("个", "每万人口发明专利拥有量", False),
        ("Gbps", "出口带宽", False),
        ("", "建成数据中心", False),
    ],
)
def test_what_adds_up_over_regions(unit: str, name: str, additive: bool) -> None:
    assert is_additive(unit, name) is additive


def test_scaled_units_share_a_family() -> None:
    assert unit_of("万座") == ("count:座", 1e4)
    assert unit_of("万亿元") == ("money", 1e12)
    assert unit_of("亿元")[0] == unit_of("万元")[0]
