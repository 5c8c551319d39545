"""Template filters for numbers, comparators and the engine's component names."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

COMPARATORS = {">=": "≥", "<=": "≤", ">": "＞", "<": "＜", "=": "＝"}
COMPONENTS = {
    "baseline_value": "基期值",
    "baseline_year_t": "基期",
    "baseline_source": "基期来源",
    "current_value": "最新值",
    "current_t": "最新时点",
    "current_period": "最新期间",
    "target_value": "目标值",
    "target_year": "目标年",
    "comparator": "目标关系",
    "direction": "方向",
    "binding": "约束性",
    "path": "路径",
    "elapsed": "时间进度 τ",
    "completion": "完成度 c",
    "expected_value": "按进度应达值",
    "gap_to_expected": "与应达值之差",
    "target_met": "已达目标",
    "thresholds": "阈值",
    "n_points": "数据点数",
    "engine": "计算引擎",
}


@register.filter
def num(value: Any, digits: int = 4) -> str:
    """A number without trailing zeros: 96.3, 4000, 0.6316."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):d}"
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


@register.filter
def cmp(value: str) -> str:
    return COMPARATORS.get(value, value)


@register.filter
def component_label(key: str) -> str:
    return COMPONENTS.get(key, key)


@register.filter
def pairs(value: Any) -> list[tuple[Any, Any]]:
    """A dict's items (``d.items`` in a template would look up a key named "items")."""
    return list(value.items()) if isinstance(value, dict) else []
