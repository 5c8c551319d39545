"""The plans of the demo. The five Guangdong plans of ../shared/seeds come from the extractor's
output (``plans/NNN.json``, made by ``scripts/demo_facts.py``): titles, periods, indicators
with the baselines and targets they state, and key projects — facts and figures only; evidence
quotes, headings and other prose removed. ``SAMPLE_PLAN`` is our own invented
plan.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

FACTS_DIR = Path(__file__).resolve().parent / "plans"


def extracted(seed: str) -> dict[str, Any]:
    """The facts the extractor read from seed ``seed`` (e.g. ``"001"``)."""
    return json.loads((FACTS_DIR / f"{seed}.json").read_text(encoding="utf-8"))


def _ind(
    key: str,
    name: str,
    unit: str | None,
    targets: Sequence[tuple[int, float] | tuple[int, float, str]],
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
        "source": {"file": "示例", "format": "facts"},
        "sections": list(sections),
        "indicators": indicators,
        "programmes": [],
        "projects": list(projects),
        "tasks": [],
    }


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

LONGHU_14TH = extracted("000")
SHANTOU_14TH = extracted("001")
HUANGPU_14TH = extracted("002")
GUANGZHOU_13TH = extracted("003")
GUANGDONG_DIGITAL_ECONOMY = extracted("004")

# (plan, upper plan title or None), in import order.
PLANS = [
    (GUANGDONG_DIGITAL_ECONOMY, None),
    (GUANGZHOU_13TH, None),
    (SHANTOU_14TH, GUANGDONG_DIGITAL_ECONOMY["title"]),
    (LONGHU_14TH, SHANTOU_14TH["title"]),
    (HUANGPU_14TH, GUANGDONG_DIGITAL_ECONOMY["title"]),
    (SAMPLE_PLAN, SHANTOU_14TH["title"]),
]
