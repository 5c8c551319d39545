"""The plan as the engine receives it: checked against the plan contract, read into lookups."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from planwatch.contracts import PLAN, problems
from planwatch.errors import ContractError
from planwatch.evaluation.types import Plan


def validate_plan(plan: Any) -> Plan:
    """The plan itself, or ContractError listing where it breaks the plan contract."""
    errors = problems(PLAN, plan)
    if errors:
        lines = [
            f"{'/'.join(map(str, e.absolute_path)) or '(根)'}: {e.message}" for e in errors[:20]
        ]
        raise ContractError(
            "规划文件不符合 plan.schema.json：\n" + "\n".join(lines),
            f"plan does not conform to plan.schema.json ({len(errors)} problems)",
        )
    conforming: Plan = plan
    return conforming


def read_plan(path: str | Path) -> Plan:
    source = Path(path)
    try:
        data = json.loads(source.read_text(encoding="utf-8-sig"))
    except OSError as err:
        raise ContractError(
            f"无法读取规划文件 {source}", f"cannot read plan {source}: {err}"
        ) from err
    except ValueError as err:
        raise ContractError(
            f"规划文件 {source} 不是有效的 JSON：{err}", f"plan {source} is not valid JSON: {err}"
        ) from err
    return validate_plan(data)


def plan_years(plan: Mapping[str, Any]) -> tuple[int, int] | None:
    """The years observations may fall in: baseline year … last target year / plan end."""
    years: list[int] = []
    period = plan.get("period") or {}
    years += [y for y in (period.get("start"), period.get("end")) if isinstance(y, int)]
    if isinstance(plan.get("base_year"), int):
        years.append(plan["base_year"])
    for ind in plan.get("indicators", []):
        base = ind.get("baseline") or {}
        if isinstance(base.get("year"), int):
            years.append(base["year"])
        years += [t["year"] for t in ind.get("targets", []) if isinstance(t.get("year"), int)]
    for project in plan.get("projects", []):
        years += [
            y for y in (project.get("start_year"), project.get("end_year")) if isinstance(y, int)
        ]
    if not years:
        return None
    low = min(years)
    if isinstance(period.get("start"), int) and not isinstance(plan.get("base_year"), int):
        low = min(low, period["start"] - 1)  # the year before the plan is its implied baseline
    return low, max(years)


def lookup(plan: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """id or exact name → (id, kind) where kind is indicator, milestone or project."""
    from planwatch.evaluation.targets import is_milestone

    table: dict[str, tuple[str, str]] = {}
    for project in plan.get("projects", []):
        table.setdefault(project["name"], (project["id"], "project"))
    for ind in plan.get("indicators", []):
        kind = "milestone" if is_milestone(ind) else "indicator"
        table.setdefault(ind["name"], (ind["id"], kind))
    for project in plan.get("projects", []):
        table[project["id"]] = (project["id"], "project")
    for ind in plan.get("indicators", []):
        table[ind["id"]] = (ind["id"], "milestone" if is_milestone(ind) else "indicator")
    return table
