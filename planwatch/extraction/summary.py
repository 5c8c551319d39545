"""A readable Chinese summary of an extracted plan, for people at a terminal."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table


def render_table(plan: dict[str, object], *, color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, width=120, no_color=not color)
    period: dict[str, object] = plan.get("period") or {}  # type: ignore[assignment]
    console.print(f"[bold]{plan['title']}[/bold]")
    console.print(
        f"地区 region: {plan.get('region') or '—'}    "
        f"规划期 period: {period.get('start', '—')}–{period.get('end', '—')}    "
        f"基期 base year: {plan.get('base_year') or '—'}"
    )
    sections = plan.get("sections") or []
    console.print(
        f"大纲 {len(sections)} 节 · 指标 {len(plan['indicators'])} 个 · "  # type: ignore[arg-type]
        f"专栏 {len(plan.get('programmes') or [])} 个 · 项目 {len(plan['projects'])} 个 · "  # type: ignore[arg-type]
        f"任务 {len(plan.get('tasks') or [])} 项"  # type: ignore[arg-type]
    )
    console.print(_indicator_table(plan["indicators"]))  # type: ignore[arg-type]
    if plan["projects"]:
        console.print(_project_table(plan["projects"]))  # type: ignore[arg-type]
    return buffer.getvalue()


def _indicator_table(indicators: list[dict[str, object]]) -> Table:
    table = Table(title="指标与目标 Indicators and targets", show_lines=False)
    for header in ("编号", "指标", "单位", "基期值", "目标", "性质", "依据"):
        table.add_column(header)
    for indicator in indicators:
        baseline = indicator.get("baseline")
        base = (
            f"{baseline['year']}: {_num(baseline['value'])}" if isinstance(baseline, dict) else "—"
        )
        targets = "；".join(_target(t) for t in indicator["targets"])  # type: ignore[attr-defined]
        kinds = {e["kind"] for e in indicator["evidence"]}  # type: ignore[attr-defined]
        table.add_row(
            str(indicator["id"]),
            str(indicator["name"]),
            str(indicator.get("unit") or "—"),
            base,
            targets,
            str(indicator.get("nature") or "—"),
            "表+文" if len(kinds) > 1 else ("表" if "table" in kinds else "文"),
        )
    return table


def _target(target: dict[str, object]) -> str:
    symbol = {
        ">=": "≥",
        "<=": "≤",
        "=": "≈" if target.get("approximate") else "=",
        ">": ">",
        "<": "<",
    }
    relative = target.get("relative")
    if isinstance(relative, dict):
        kind = relative.get("kind")
        text = {
            "multiple": f"为基期的{_num(relative.get('factor'))}倍",
            "annual_growth_pct": f"年均增长{_num(relative.get('rate'))}%",
            "increase_pct": f"增长{_num(relative.get('rate'))}%",
            "increase_points": f"提高{_num(relative.get('points'))}个百分点",
        }.get(str(kind), str(kind))
    else:
        text = f"{symbol.get(str(target.get('comparator')), '')}{_num(target['value'])}"
    bounds = target.get("range")
    if isinstance(bounds, list) and len(bounds) == 2:
        text = f"{_num(bounds[0])}–{_num(bounds[1])}"
    soft = "（力争）" if target.get("soft") else ""
    return f"{target.get('year') or '—'}: {text}{soft}"


def _project_table(projects: list[dict[str, object]]) -> Table:
    table = Table(title="重点项目 Key projects")
    for header in ("序号", "项目", "类别", "阶段", "年限", "总投资", "期间投资", "责任单位"):
        table.add_column(header)
    for project in projects:
        category = project.get("category") or []
        table.add_row(
            str(project.get("number") or ""),
            str(project["name"]),
            " / ".join(category),  # type: ignore[arg-type]
            str(project.get("stage") or "—"),
            f"{project.get('start_year') or ''}–{project.get('end_year') or ''}",
            _num(project.get("total_investment")),
            _num(project.get("period_investment")),
            str(project.get("responsible_unit") or "—"),
        )
    return table


def _num(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
