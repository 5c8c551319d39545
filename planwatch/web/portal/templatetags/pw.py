"""Template filters for numbers, comparators and the engine's component names and labels."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from planwatch.web.monitoring import labels

register = template.Library()

COMPARATORS = {">=": "≥", "<=": "≤", ">": "＞", "<": "＜", "=": "＝"}
COMPONENTS = {
    "baseline_value": _("基期值"),
    "baseline_year_t": _("基期"),
    "baseline_source": _("基期来源"),
    "current_value": _("最新值"),
    "current_t": _("最新时点"),
    "current_period": _("最新期间"),
    "target_value": _("目标值"),
    "target_year": _("目标年"),
    "comparator": _("目标关系"),
    "direction": _("方向"),
    "binding": _("约束性"),
    "path": _("路径"),
    "elapsed": _("时间进度 τ"),
    "completion": _("完成度 c"),
    "expected_value": _("按进度应达值"),
    "gap_to_expected": _("与应达值之差"),
    "target_met": _("已达目标"),
    "thresholds": _("阈值"),
    "n_points": _("数据点数"),
    "engine": _("计算引擎"),
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
    return str(COMPONENTS.get(key, key))


@register.filter
def status_label(code: str) -> str:
    return labels.status_label(code)


@register.filter
def method_label(code: str) -> str:
    return labels.method_label(code)


@register.filter
def rating_label(code: str | None) -> str:
    return labels.rating_label(code)


@register.filter
def final_label(code: str) -> str:
    return labels.final_label(code)


@register.filter
def grade_label(code: str) -> str:
    return labels.grade_label(code)


@register.filter
def verdict_label(code: str) -> str:
    return labels.verdict_label(code)


@register.filter
def pairs(value: Any) -> list[tuple[Any, Any]]:
    """A dict's items (``d.items`` in a template would look up a key named "items")."""
    return list(value.items()) if isinstance(value, dict) else []
