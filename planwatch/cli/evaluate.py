"""`planwatch evaluate`: a plan and its observations → status, score and forecast per indicator."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from planwatch import clock
from planwatch.errors import EvaluationError
from planwatch.evaluation import evaluate_plan, load_config, load_observations
from planwatch.evaluation.engine import METHODS
from planwatch.evaluation.plan_input import read_plan
from planwatch.evaluation.report_table import render_table


@click.command()
@click.option("--plan", "plan_path", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--observations", "obs_path", required=True, type=click.Path(dir_okay=False, path_type=Path)
)
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--method", type=click.Choice(METHODS), default="plan-path", show_default=True)
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--regions", "regions_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--align-with", "upper_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="table")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def evaluate(
    plan_path: Path,
    obs_path: Path,
    as_of: datetime | None,
    method: str,
    config_path: Path | None,
    regions_path: Path | None,
    upper_path: Path | None,
    fmt: str,
    output: Path | None,
) -> None:
    """评估规划实施进度、预测目标完成情况 / evaluate a plan against its observed values.

    Only data up to --as-of (default: today) counts. On bad input every problem is listed with its
    row number and nothing is written.
    """
    config = load_config(config_path)
    if regions_path is not None:
        from dataclasses import replace

        config = replace(config, region_tree=_read_tree(regions_path))
    plan = read_plan(plan_path)
    observations = load_observations(obs_path, plan)
    day = as_of.date() if as_of is not None else clock.today()
    run = evaluate_plan(plan, observations, as_of=day, method=method, config=config, validate=False)
    if upper_path is not None:
        from planwatch.evaluation.alignment import align_plans

        run["alignment"] = align_plans(plan, read_plan(upper_path))
    text = _json(run) if fmt == "json" else render_table(run, colour=output is None)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")


def _read_tree(path: Path) -> dict[str, str | None]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise EvaluationError(f"无法读取地区树 {path}", f"cannot read region tree {path}") from err
    if not isinstance(data, dict):
        raise EvaluationError(
            "地区树应为 {代码: 上级代码} 对象", "region tree must map code → parent"
        )
    return {str(k): None if v is None else str(v) for k, v in data.items()}


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _json(run: Mapping[str, Any]) -> str:
    return json.dumps(_clean(run), ensure_ascii=False, indent=2, allow_nan=False)
