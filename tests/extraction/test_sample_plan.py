"""The bundled sample plan (our own text): every figure below is read off samples/示例市…规划.txt."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from planwatch.documents import read_document
from planwatch.extraction import extract_plan

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "示例市数字化发展规划.txt"


@pytest.fixture(scope="module")
def plan() -> dict[str, object]:
    return extract_plan(read_document(SAMPLE))


def _indicator(plan: dict[str, object], name: str) -> dict[str, object]:
    matches = [i for i in plan["indicators"] if i["name"] == name]  # type: ignore[union-attr]
    assert len(matches) == 1, [i["name"] for i in plan["indicators"]]  # type: ignore[union-attr]
    return matches[0]


def test_conforms_to_contract(plan: dict[str, object], contracts_dir: Path) -> None:
    schema = json.loads((contracts_dir / "plan.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(plan, schema)


def test_metadata(plan: dict[str, object]) -> None:
    assert plan["title"] == "示例市数字化发展“十四五”规划"
    assert plan["region"] == "示例市"
    assert plan["period"] == {"start": 2021, "end": 2025}
    assert plan["base_year"] == 2020


def test_indicator_table(plan: dict[str, object]) -> None:
    stations = _indicator(plan, "5G基站数")
    assert stations["unit"] == "座"
    assert stations["baseline"] == {"year": 2020, "value": 2100.0}
    assert stations["targets"] == [{"year": 2025, "value": 6000.0, "comparator": ">="}]
    assert _indicator(plan, "政务服务事项网上可办率")["nature"] == "约束性"
    numeric = _indicator(plan, "规模以上工业企业关键工序数控化率")
    assert numeric["unit"] == "%" and numeric["baseline"] is None


def test_table_and_text_are_one_indicator(plan: dict[str, object]) -> None:
    value_added = _indicator(plan, "数字经济核心产业增加值")
    assert {e["kind"] for e in value_added["evidence"]} == {"table", "text"}  # type: ignore[union-attr]


def test_inline_targets(plan: dict[str, object]) -> None:
    assert _indicator(plan, "城市数据中心机架规模")["targets"][0]["value"] == 8000.0  # type: ignore[index]
    ceiling = _indicator(plan, "数据中心电能利用效率")["targets"][0]  # type: ignore[index]
    assert (ceiling["value"], ceiling["comparator"]) == (1.3, "<=")
    software = _indicator(plan, "软件业务收入")["targets"]
    assert software[0]["value"] == 200.0  # type: ignore[index]
    assert software[1]["relative"] == {"kind": "annual_growth_pct", "rate": 12.0}  # type: ignore[index]


def test_programme_and_projects(plan: dict[str, object]) -> None:
    [programme] = plan["programmes"]  # type: ignore[misc]
    assert programme["title"] == "数字基础设施重点工程"
    assert [item["name"] for item in programme["items"]] == ["千兆城市工程", "算力枢纽工程"]
    projects = plan["projects"]
    assert [p["name"] for p in projects] == [
        "示例市千兆光网提升工程",
        "城市算力调度中心",
        "数字产业园一期",
    ]  # type: ignore[union-attr]
    first = projects[0]  # type: ignore[index]
    assert first["category"] == ["数字基础设施领域"]
    assert (first["total_investment"], first["period_investment"]) == (6.0, 4.6)
    assert (first["start_year"], first["end_year"], first["stage"]) == (2020, 2023, "续建")
    assert first["investment_unit"] == "亿元"
    assert first["responsible_unit"] == "市工业和信息化局"
    assert sum(p["total_investment"] for p in projects) == pytest.approx(24.5)  # type: ignore[union-attr]


def test_tasks_name_responsible_units(plan: dict[str, object]) -> None:
    tasks = {t["title"]: t for t in plan["tasks"]}  # type: ignore[union-attr]
    assert tasks["提升网络供给能力"]["responsible_units"] == [
        "市工业和信息化局",
        "市住房城乡建设局",
    ]
    assert tasks["布局算力设施"]["responsible_units"] == ["市发展改革委"]


def test_outline_tree(plan: dict[str, object]) -> None:
    sections = plan["sections"]
    top = [s["title"] for s in sections if s["level"] == 1]  # type: ignore[union-attr]
    assert top[:5] == ["前言", "发展基础", "总体要求", "主要任务", "保障措施"]
    by_id = {s["id"]: s for s in sections}  # type: ignore[union-attr]
    network = next(s for s in sections if s["title"] == "提升网络供给能力")  # type: ignore[union-attr]
    assert by_id[network["parent"]]["title"] == "建设新型数字基础设施"
    assert by_id[by_id[network["parent"]]["parent"]]["title"] == "主要任务"
