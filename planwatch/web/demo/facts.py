"""Structured facts of the five Guangdong plans in ../shared/seeds: titles, periods, indicators
with the baselines and targets they state, and a few key projects — figures only, no prose.

Each plan is a ``planwatch.plan/1`` document. ``SAMPLE_PLAN`` is our own invented plan.
"""

from __future__ import annotations

from typing import Any


def _ind(
    key: str,
    name: str,
    unit: str | None,
    targets: list[tuple[int, float]] | list[tuple[int, float, str]],
    baseline: tuple[int, float] | None = None,
    nature: str | None = "预期性",
    direction: str | None = "increase",
) -> dict[str, Any]:
    return {
        "id": key,
        "name": name,
        "unit": unit,
        "direction": direction,
        "nature": nature,
        "baseline": None if baseline is None else {"year": baseline[0], "value": baseline[1]},
        "targets": [
            {"year": t[0], "value": t[1], "comparator": t[2] if len(t) > 2 else ">="}
            for t in targets
        ],
        "evidence": [],
    }


def _proj(key, name, categories, years, total, period, builder, unit, stage) -> dict[str, Any]:
    return {
        "id": key,
        "name": name,
        "category": categories,
        "stage": stage,
        "start_year": years[0],
        "end_year": years[1],
        "total_investment": total,
        "period_investment": period,
        "investment_unit": "亿元",
        "builder": builder,
        "responsible_unit": unit,
        "evidence": [],
    }


def _plan(title, region, start, end, base, indicators, projects=(), sections=()):
    return {
        "schema": "planwatch.plan/1",
        "title": title,
        "region": region,
        "period": {"start": start, "end": end},
        "base_year": base,
        "source": {"file": "../shared/seeds", "format": "facts"},
        "sections": list(sections),
        "indicators": indicators,
        "programmes": [],
        "projects": list(projects),
        "tasks": [],
    }


GUANGDONG_DIGITAL_ECONOMY = _plan(
    "广东省数字经济发展规划（2018—2025年）",
    "广东省",
    2018,
    2025,
    2017,
    [
        _ind("gd1", "电子信息制造业产值", "万亿元", [(2020, 5, ">"), (2025, 8, ">")]),
        _ind("gd2", "软件和信息服务业总收入", "万亿元", [(2020, 1.3, ">"), (2025, 2, ">")]),
        _ind("gd3", "人工智能核心产业规模", "亿元", [(2020, 500, ">"), (2025, 1000, ">")]),
        _ind("gd4", "区块链总产值", "亿元", [(2020, 200, ">"), (2025, 500, ">")]),
        _ind("gd5", "光纤入户率", "%", [(2020, 105)], baseline=(2017, 79.9)),
        _ind("gd6", "国家级创新平台数量", "家", [(2020, 5, ">"), (2025, 10, ">")]),
    ],
)

SHANTOU_14TH = _plan(
    "汕头市信息化发展“十四五”规划",
    "汕头市",
    2021,
    2025,
    2020,
    [
        _ind("st1", "城市家庭千兆光纤网络覆盖率", "%", [(2025, 80)], baseline=(2020, 50)),
        _ind("st2", "5G基站开通数", "座", [(2025, 9700)], baseline=(2020, 4000)),
        _ind("st3", "光纤接入用户占比", "%", [(2025, 99)], baseline=(2020, 93.4)),
        _ind("st4", "100M以上光纤用户占比", "%", [(2025, 99)], baseline=(2020, 91.1)),
        _ind("st5", "移动宽带用户普及率", "部/百人", [(2025, 110)], baseline=(2020, 95.8)),
        _ind("st6", "新一代电子信息产值", "亿元", [(2025, 1000)], baseline=(2020, 82)),
        _ind("st7", "规模以上工业企业数字化转型数量", "家", [(2025, 1700)]),
        _ind("st8", "重点企业关键工序数控化率", "%", [(2025, 60)]),
    ],
    [
        _proj(
            "stp1",
            "广东移动5G网络二期工程无线主设备项目（汕头）",
            ["新基建与创新发展领域", "5G网络建设"],
            (2019, 2021),
            2.83,
            1.33,
            "中国移动通信集团广东有限公司汕头分公司",
            "市工业和信息化局",
            "续建",
        ),
        _proj(
            "stp2",
            "广东移动5G网络三期工程（汕头）",
            ["新基建与创新发展领域", "5G网络建设"],
            (2020, 2021),
            1.20,
            0.70,
            "中国移动通信集团广东有限公司汕头分公司",
            "市工业和信息化局",
            "续建",
        ),
        _proj(
            "stp3",
            "中国电信5G及网络应用项目",
            ["新基建与创新发展领域", "5G网络建设"],
            (2020, 2025),
            8.00,
            5.30,
            "中国电信股份有限公司汕头分公司",
            "市工业和信息化局",
            "续建",
        ),
        _proj(
            "stp4",
            "汕头市5G室外移动通信基础设施建设项目",
            ["新基建与创新发展领域", "5G网络建设"],
            (2020, 2025),
            3.85,
            3.35,
            "中国铁塔股份有限公司汕头市分公司",
            "市工业和信息化局",
            "续建",
        ),
        _proj(
            "stp5",
            "5G产业园",
            ["新基建与创新发展领域", "5G网络建设"],
            (2020, 2025),
            35.00,
            32.00,
            "高新区管委会",
            "高新区管委会",
            "续建",
        ),
        _proj(
            "stp6",
            "中国电信IDC机房及配套项目",
            ["新基建与创新发展领域", "数据中心"],
            (2020, 2025),
            1.00,
            0.80,
            "中国电信股份有限公司汕头分公司",
            "市工业和信息化局",
            "续建",
        ),
    ],
)

LONGHU_14TH = _plan(
    "汕头市龙湖区信息化发展“十四五”规划",
    "龙湖区",
    2021,
    2025,
    2020,
    [
        _ind("lh1", "5G基站累计数", "座", [(2025, 1570)]),
        _ind("lh2", "重点企业关键工序数控化率", "%", [(2025, 60)]),
        _ind("lh3", "光纤接入用户累计数", "万户", [], baseline=(2020, 27.88)),
    ],
)

HUANGPU_14TH = _plan(
    "广州市黄埔区、广州开发区信息化发展“十四五”专项规划（2021—2025年）",
    "黄埔区",
    2021,
    2025,
    2020,
    [
        _ind("hp1", "使用5G网络人口占比", "%", [(2025, 80)]),
        _ind("hp2", "数字经济核心产业增加值占地区生产总值比重", "%", [(2025, 25)]),
        _ind("hp3", "新一代信息技术产业产值", "亿元", [(2025, 3000, ">")]),
        _ind("hp4", "上云上平台企业数量", "家", [(2025, 500)]),
        _ind("hp5", "入驻事项零跑动率", "%", [(2025, 95)]),
    ],
)

GUANGZHOU_13TH = _plan(
    "广州市信息化发展第十三个五年规划（2016—2020年）",
    "广州市",
    2016,
    2020,
    2015,
    [
        _ind("gz1", "城市用户固定宽带接入能力", "Mbps", [(2020, 300)]),
        _ind("gz2", "农村用户固定宽带接入能力", "Mbps", [(2020, 50)]),
        _ind("gz3", "政府开放数据集数量", "个", [(2020, 800)]),
        _ind("gz4", "智能装备及机器人产值", "亿元", [(2020, 600, ">")]),
        _ind("gz5", "电子商务交易额", "万亿元", [(2020, 3)], baseline=(2015, 1.5)),
        _ind("gz6", "医疗服务信息共享率", "%", [(2020, 95)]),
        _ind("gz7", "社会保障（市民）卡持卡人口覆盖率", "%", [(2020, 90)]),
        _ind("gz8", "新型显示总产值", "亿元", [(2020, 1800)]),
        _ind("gz9", "光纤入户率", "%", [], baseline=(2015, 62.3)),
    ],
)

# Our own sample plan, invented for the demo (quarterly reporting, a binding indicator).
SAMPLE_PLAN = _plan(
    "金平区数字政府建设三年行动计划（2024—2026年）（示例）",
    "金平区",
    2024,
    2026,
    2023,
    [
        _ind(
            "jp1", "政务服务事项全程网办率", "%", [(2026, 95)], baseline=(2023, 70), nature="约束性"
        ),
        _ind("jp2", "“一网通办”日均办件量", "件", [(2026, 6000)], baseline=(2023, 3000)),
        _ind("jp3", "公共数据开放数据集数量", "个", [(2026, 300)], baseline=(2023, 120)),
        _ind("jp4", "政务云资源平均利用率", "%", [(2026, 75)], baseline=(2023, 45)),
    ],
    [
        _proj(
            "jpp1",
            "区级政务数据共享交换平台升级",
            ["数字政府"],
            (2024, 2025),
            0.18,
            0.18,
            "金平区政务服务数据管理局",
            "金平区政务服务数据管理局",
            "新开工",
        ),
    ],
    [
        {"id": "s1", "number": "一、", "title": "总体要求", "level": 1, "parent": None},
        {"id": "s2", "number": "二、", "title": "重点任务", "level": 1, "parent": None},
        {"id": "s3", "number": "三、", "title": "保障措施", "level": 1, "parent": None},
    ],
)

# (plan, region name, upper plan title or None), in import order.
PLANS = [
    (GUANGDONG_DIGITAL_ECONOMY, None),
    (GUANGZHOU_13TH, None),
    (SHANTOU_14TH, GUANGDONG_DIGITAL_ECONOMY["title"]),
    (LONGHU_14TH, SHANTOU_14TH["title"]),
    (HUANGPU_14TH, GUANGDONG_DIGITAL_ECONOMY["title"]),
    (SAMPLE_PLAN, SHANTOU_14TH["title"]),
]
