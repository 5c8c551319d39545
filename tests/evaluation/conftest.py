"""Plans for the evaluation tests: small hand-written ones and one built on seed 001's numbers."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from planwatch.evaluation.targets import SeriesSpec


def indicator(
    ident: str,
    name: str,
    unit: str | None,
    baseline: tuple[int, float] | None,
    *targets: tuple[int, float, str],
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": ident,
        "name": name,
        "unit": unit,
        "baseline": None if baseline is None else {"year": baseline[0], "value": baseline[1]},
        "targets": [{"year": y, "value": v, "comparator": c} for y, v, c in targets],
        **extra,
    }


def plan(*indicators: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "schema": "planwatch.plan/1",
        "title": extra.pop("title", "测试规划"),
        "region": extra.pop("region", None),
        "period": extra.pop("period", {"start": 2021, "end": 2025}),
        "indicators": list(indicators),
        "projects": extra.pop("projects", []),
        **extra,
    }


# Seed 001 (汕头市信息化发展"十四五"规划) main-indicator facts: 2020 baseline, 2025 target.
SEED_001 = plan(
    indicator("5g", "5G基站开通数", "座", (2020, 4000), (2025, 9700, ">="), nature="预期性", section="s1"),
    indicator(
        "gigabit", "城市家庭千兆光纤网络覆盖率", "%", (2020, 50), (2025, 80, ">="), nature="预期性",
        section="s1",
    ),
    indicator("dc", "建成粤东数据中心集聚区", None, None, (2025, 1, ">="), kind="milestone", section="s1"),
    title="汕头市信息化发展规划（测试）",
    region="汕头市",
    sections=[
        {"id": "s0", "title": "主要目标", "level": 1, "parent": None},
        {"id": "s1", "title": "信息基础设施", "level": 2, "parent": "s0"},
    ],
    projects=[
        {
            "id": "p1", "name": "5G网络三期工程", "start_year": 2021, "end_year": 2023,
            "total_investment": 12.0, "investment_unit": "亿元",
        },
        {"id": "p2", "name": "数据中心二期", "start_year": 2022, "end_year": 2025, "total_investment": 8.0},
    ],
)  # fmt: skip


@pytest.fixture
def seed_plan() -> dict[str, Any]:
    return copy.deepcopy(SEED_001)


def spec(
    baseline: tuple[float, float] | None = (2020, 4000),
    target: tuple[float, float] | None = (2025, 9700),
    comparator: str | None = ">=",
    direction: int = 1,
    binding: bool = False,
    geometric: bool = False,
    limit: float | None = None,
) -> SeriesSpec:
    return SeriesSpec(
        baseline_t=None if baseline is None else float(baseline[0]),
        baseline_v=None if baseline is None else float(baseline[1]),
        target_t=None if target is None else float(target[0]),
        target_v=None if target is None else float(target[1]),
        comparator=comparator,
        direction=direction,
        binding=binding,
        geometric=geometric,
        limit=limit,
    )
