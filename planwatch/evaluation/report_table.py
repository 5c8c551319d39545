"""A Chinese table of an evaluation run for people: status labels, coloured in a terminal."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.table import Table

from planwatch.evaluation.labels import RATING_LABELS, STATUS_COLOURS


def render_table(run: Mapping[str, Any], colour: bool = True) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=colour, no_color=not colour, width=160)
    console.print(f"{run.get('plan') or ''}  评估日期 {run['as_of']}  方法 {run['method']}")
    console.print(_indicator_table(run["indicators"]))
    if run.get("projects"):
        console.print(_project_table(run["projects"]))
    for warning in run.get("warnings", []):
        console.print(f"[yellow]提示[/yellow] {warning['message']}")
    return buffer.getvalue().rstrip("\n")


_SYMBOLS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}


def _num(value: Any, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    return str(value)


def _pct(value: Any) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def _indicator_table(entries: list[dict[str, Any]]) -> Table:
    table = Table(title="指标评估", show_lines=False)
    for head in (
        "指标",
        "单位",
        "基期值",
        "目标",
        "最新值",
        "完成度",
        "时间进度",
        "状态",
        "得分",
        "预测",
    ):
        table.add_column(head)
    for e in entries:
        c = e.get("components") or {}
        fc = e.get("forecast") or {}
        colour = STATUS_COLOURS.get(e["status"], "white")
        target = c.get("target_value")
        symbol = _SYMBOLS.get(c.get("comparator") or "", "")
        target_text = "—" if target is None else f"{symbol}{_num(target)}"
        if c.get("target_year"):
            target_text += f"（{c['target_year']}）"
        latest = _num(c.get("current_value"))
        if c.get("current_period"):
            latest += f"（{c['current_period']}）"
        if c.get("kind") == "milestone":
            target_text, latest = _milestone_cells(c)
        table.add_row(
            e["name"],
            e.get("unit") or "",
            _num(c.get("baseline_value")),
            target_text,
            latest,
            _pct(c.get("completion")),
            _pct(c.get("elapsed")),
            f"[{colour}]{e['status_label']}[/{colour}]",
            _num(e.get("score")),
            fc.get("verdict_label", "—"),
        )
    return table


def _milestone_cells(c: dict[str, Any]) -> tuple[str, str]:
    deadline = c.get("deadline_t")
    target = "完成" if deadline is None else f"完成（{int(deadline)}）"
    if not c.get("reported_label"):
        return target, "—"
    return target, f"{c['reported_label']}（{c.get('latest_period')}）"


def _project_table(projects: list[dict[str, Any]]) -> Table:
    table = Table(title="重点项目")
    for head in ("项目", "进度", "投资完成", "时间进度", "评级"):
        table.add_column(head)
    for p in projects:
        inv = p.get("investment") or {}
        rating = p.get("rating")
        colour = {"green": "green", "amber": "yellow", "red": "red"}.get(rating or "", "white")
        table.add_row(
            p["name"],
            p["schedule_label"],
            _pct(inv.get("completion")),
            _pct(inv.get("elapsed")),
            f"[{colour}]{RATING_LABELS.get(rating or '', '—')}[/{colour}]",
        )
    return table
