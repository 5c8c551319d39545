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
    "reason": _("无法评估的原因"),
    "path_note": _("路径说明"),
    "series": _("分组序列"),
    "rule": _("合并规则"),
    "series_count": _("分组数"),
}

# internal values of the engine's components, as people read them
COMPONENT_VALUES = {
    ("direction", "increase"): _("越大越好"),
    ("direction", "decrease"): _("越小越好"),
    ("path", "linear"): _("线性路径"),
    ("path", "geometric"): _("几何路径（按年均增速）"),
    ("baseline_source", "plan"): _("规划基期值"),
    ("baseline_source", "first_observation"): _("首个数据点（规划未给基期值）"),
    ("baseline_source", "plan_value_first_observation_time"): _("规划基期值，时点取首个数据点"),
    ("reason", "no_target"): _("无目标值"),
    ("reason", "no_data"): _("暂无已审核数据"),
    ("reason", "one_point_without_baseline"): _("只有一个数据点且无基期值"),
    ("reason", "target_not_after_baseline"): _("目标年不晚于基期"),
    ("rule", "worst series status, mean score"): _("取各分组中最差的状态、平均得分"),
    ("path_note", "geometric path impossible with a non-positive baseline or target"): _(
        "基期值或目标值不为正，改用线性路径"
    ),
    ("path_note", "non-positive value on a geometric path: completion undefined"): _(
        "几何路径上的数值不为正，完成度无法计算"
    ),
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
def component_value(value: Any, key: str) -> str:
    """A component's value in words: booleans 是/否, codes by their meaning, the thresholds as
    the rule they set, numbers as ``num`` writes them."""
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, str):
        if key == "comparator":
            return cmp(value)
        return str(COMPONENT_VALUES.get((key, value), value))
    if key == "thresholds" and isinstance(value, dict):
        return str(
            _("超前：c − τ ≥ %(ahead)s；符合进度：c ≥ τ − %(on)s；略有滞后：c ≥ τ − %(lag)s")
            % {
                "ahead": num(value.get("ahead_margin")),
                "on": num(value.get("on_track_tolerance")),
                "lag": num(value.get("lag_tolerance")),
            }
        )
    if isinstance(value, list):
        return str(len(value))
    return num(value)


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
