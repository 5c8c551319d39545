"""Evaluation thresholds: one frozen dataclass with documented defaults, loadable from JSON/TOML.

An unknown key or a value of the wrong type fails loudly with the key's name.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from planwatch.errors import EvaluationError


@dataclass(frozen=True)
class EvalConfig:
    # plan-path: c = completion, τ = elapsed share of the plan period
    ahead_margin: float = 0.10  # c − τ ≥ this → 超前
    on_track_tolerance: float = 0.05  # c ≥ τ − this → 符合进度 (预期性)
    binding_on_track_tolerance: float = 0.02  # 约束性: binding target, stricter
    lag_tolerance: float = 0.20  # c ≥ τ − this → 略有滞后 (预期性)
    binding_lag_tolerance: float = 0.10  # 约束性
    equal_tolerance: float = 0.005  # relative tolerance for "=" targets
    # opensdg (sdg-build defaults)
    sdg_high: float = 0.015
    sdg_med: float = 0.005
    sdg_low: float = 0.0
    sdg_target_high: float = 0.95
    sdg_target_med: float = 0.60
    sdg_target_low: float = 0.0
    sdg_zero_replacement: float = 0.001
    sdg_base_year: int = 0  # Open SDG's base year (e.g. 2015); 0: the plan's baseline year
    # projection (UNSD)
    projection_on_track: float = 0.95
    projection_fair: float = 0.10
    # forecast
    forecast_half_life: float = 2.0  # years; weight of a point halves every this many years back
    forecast_interval_min_points: int = 4
    # data quality
    yoy_band: float = 0.5  # year-on-year relative change outside ±this → warning
    off_path_margin: float = 0.5  # |c − τ| beyond this → warning
    mad_threshold: float = 3.5  # modified z-score across sibling regions
    # compounding quantities (output value, revenue): geometric path
    geometric_units: tuple[str, ...] = ("亿元", "万亿元", "万元", "元", "亿美元", "万美元")
    geometric_name_words: tuple[str, ...] = ("产值", "增加值", "规模", "收入", "生产总值", "GDP")
    # units to sum over regions besides counts and money (`units.is_additive`)
    additive_units: tuple[str, ...] = ()
    region_tree: dict[str, str | None] = field(default_factory=dict)


def load_config(path: str | Path | None) -> EvalConfig:
    """Defaults, overridden by a JSON or TOML file (flat keys as in EvalConfig)."""
    if path is None:
        return EvalConfig()
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
        data = tomllib.loads(text) if source.suffix == ".toml" else json.loads(text)
    except (OSError, ValueError) as err:
        raise EvaluationError(
            f"无法读取评估配置文件 {source}：{err}", f"cannot read config {source}: {err}"
        ) from err
    if not isinstance(data, dict):
        raise EvaluationError("评估配置必须是键值对象", "config must be an object")
    return config_from_mapping(data)


def config_from_mapping(data: dict[str, Any]) -> EvalConfig:
    known = {f.name: f for f in fields(EvalConfig)}
    default = EvalConfig()
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise EvaluationError(f"未知的评估配置项 {key}", f"unknown config key {key}")
        values[key] = _coerce(key, value, getattr(default, key))
    return replace(default, **values)


def _coerce(key: str, value: Any, default: Any) -> Any:
    bad = EvaluationError(f"评估配置项 {key} 的值无效：{value!r}", f"invalid value for {key}")
    if isinstance(default, bool) or isinstance(value, bool):
        raise bad
    if isinstance(default, float) and isinstance(value, int | float):
        return float(value)
    if isinstance(default, int) and isinstance(value, int):
        return value
    if isinstance(default, tuple) and isinstance(value, list):
        return tuple(str(v) for v in value)
    if isinstance(default, dict) and isinstance(value, dict):
        return {str(k): (None if v is None else str(v)) for k, v in value.items()}
    raise bad
