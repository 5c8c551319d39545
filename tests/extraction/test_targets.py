"""Inline targets on sentences written for these tests; each expectation read off the sentence."""

from __future__ import annotations

import pytest

from planwatch.documents import read_text_document
from planwatch.extraction import extract_plan

PREAMBLE = "示范县数字乡村发展规划\n本规划以2020年为基期，规划期限2021—2025年。\n"


def _targets(body: str) -> list[tuple[str, str | None, int | None, float, str]]:
    plan = extract_plan(read_text_document(PREAMBLE + body, "plan.txt"))
    return [
        (i["name"], i["unit"], t["year"], t["value"], t["comparator"])
        for i in plan["indicators"]
        for t in i["targets"]
    ]


def test_reach_forms() -> None:
    body = "到2025年，全县益农信息社累计达320个，农产品网络零售额突破15亿元，村级光纤通达率达到100%。\n"
    assert _targets(body) == [
        ("益农信息社", "个", 2025, 320.0, ">="),
        ("农产品网络零售额", "亿元", 2025, 15.0, ">="),
        ("村级光纤通达率", "%", 2025, 100.0, ">="),
    ]


def test_count_forms_and_ceiling() -> None:
    body = "到2025年，培育30家以上农业电商企业，建成5个数字农业基地，化肥使用量控制在2万吨以下。\n"
    assert _targets(body) == [
        ("农业电商企业", "家", 2025, 30.0, ">="),
        ("数字农业基地", "个", 2025, 5.0, ">="),
        ("化肥使用量", "万吨", 2025, 2.0, "<="),
    ]


def test_past_statistics_are_not_targets() -> None:
    body = (
        "2020年，全县益农信息社有150个，农产品网络零售额6.2亿元。截至2020年底，光纤通达率为92%。\n"
    )
    assert _targets(body) == []


def test_baseline_from_text_and_relative_target() -> None:
    body = (
        "到2025年，农村网民规模从2020年的12万人提高到18万人，数字农业产值翻一番。\n"
        "到2025年，县域电商交易额达到40亿元，年均增长10%以上。\n"
    )
    plan = extract_plan(read_text_document(PREAMBLE + body, "plan.txt"))
    by_name = {i["name"]: i for i in plan["indicators"]}
    assert by_name["农村网民规模"]["baseline"] == {"year": 2020, "value": 12.0}
    assert by_name["农村网民规模"]["targets"][0]["value"] == 18.0
    assert by_name["数字农业产值"]["targets"][0]["relative"] == {"kind": "multiple", "factor": 2}
    trade = by_name["县域电商交易额"]["targets"]
    assert [(t["value"], t.get("relative")) for t in trade] == [
        (40.0, None),
        (10.0, {"kind": "annual_growth_pct", "rate": 10.0}),
    ]


def test_year_inherited_within_paragraph_and_soft_targets() -> None:
    body = "到2025年，建成3个智慧农场。力争数字农业产值超过8亿元。\n"
    plan = extract_plan(read_text_document(PREAMBLE + body, "plan.txt"))
    targets = {i["name"]: i["targets"][0] for i in plan["indicators"]}
    assert targets["智慧农场"]["year"] == 2025
    assert targets["数字农业产值"]["year"] == 2025
    assert targets["数字农业产值"].get("soft") is True
    assert "soft" not in targets["智慧农场"]


def test_two_target_years_make_one_indicator() -> None:
    body = "到2023年，冷链物流覆盖率达到60%。到2025年，冷链物流覆盖率达到90%。\n"
    plan = extract_plan(read_text_document(PREAMBLE + body, "plan.txt"))
    assert len(plan["indicators"]) == 1
    assert [(t["year"], t["value"]) for t in plan["indicators"][0]["targets"]] == [
        (2023, 60.0),
        (2025, 90.0),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "到2025年，年交易额超百亿的龙头企业达到2家。\n",
        "到2025年，培育2家年交易额超百亿的龙头企业。\n",
    ],
)
def test_amount_describing_what_is_counted(body: str) -> None:
    assert [(value, unit) for _, unit, _, value, _ in _targets(body)] == [(2.0, "家")]


def test_evidence_points_at_the_sentence() -> None:
    body = "到2025年，全县益农信息社累计达320个。\n"
    document = read_text_document(PREAMBLE + body, "plan.txt")
    plan = extract_plan(document)
    evidence = plan["indicators"][0]["evidence"][0]
    assert document.text[evidence["start"] : evidence["end"]] == evidence["quote"]
    assert "320个" in evidence["quote"]
