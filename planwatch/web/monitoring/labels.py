"""The evaluation engine's status and forecast labels in the page language.

The engine (``planwatch.evaluation.labels``, free of Django) writes Chinese labels into results
that are cached for every visitor, so pages translate from the code when they render. Each label
is spelled out here for makemessages; a test holds them equal to the engine's own.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

STATUS_LABELS: dict[str, str] = {
    "completed": gettext_noop("已完成"),
    "ahead": gettext_noop("超前"),
    "on_track": gettext_noop("符合进度"),
    "slightly_behind": gettext_noop("略有滞后"),
    "seriously_behind": gettext_noop("明显滞后"),
    "regressing": gettext_noop("倒退"),
    "not_available": gettext_noop("无法评估"),
    "target_achieved": gettext_noop("已实现目标"),
    "substantial_progress": gettext_noop("显著进展"),
    "moderate_progress": gettext_noop("一定进展"),
    "limited_progress": gettext_noop("有限进展"),
    "deterioration": gettext_noop("恶化"),
    "fair_progress": gettext_noop("有进展但需加快"),
    "stagnation_or_regression": gettext_noop("停滞或倒退"),
    "not_started": gettext_noop("未开工"),
    "in_progress": gettext_noop("在建"),
    "finished": gettext_noop("已完工"),
    "overdue": gettext_noop("逾期"),
    "not_reported": gettext_noop("未报送"),
}

# after the target year (planwatch.evaluation.verdicts.FINAL_LABELS)
FINAL_LABELS: dict[str, str] = {
    "achieved": gettext_noop("已实现"),
    "not_achieved": gettext_noop("未实现"),
    "not_reported": gettext_noop("目标年数据未报"),
}

# the words of evaluation reports (planwatch.evaluation.verdicts.GRADE_LABELS)
GRADE_LABELS: dict[str, str] = {
    "achieved": gettext_noop("提前实现"),
    "faster": gettext_noop("快于预期"),
    "as_expected": gettext_noop("基本符合预期"),
    "lagging": gettext_noop("滞后"),
    "unknown": gettext_noop("无法评估"),
}

VERDICT_LABELS: dict[str, str] = {
    "likely": gettext_noop("预计可完成"),
    "at_risk": gettext_noop("有风险"),
    "unlikely": gettext_noop("预计难以完成"),
    "insufficient_data": gettext_noop("数据不足"),
    "no_target": gettext_noop("无目标值"),
}


def _translated(table: dict[str, str], code: str) -> str:
    """The label of a code in the page language; an unknown code is shown as it is."""
    label = table.get(code)
    return code if label is None else gettext(label)


def status_label(code: str) -> str:
    """An unknown code is shown as it is, as the engine's own ``status_label`` does."""
    return _translated(STATUS_LABELS, code)


METHOD_LABELS: dict[str, str] = {
    "plan-path": gettext_noop("规划路径法"),
    "opensdg": gettext_noop("Open SDG 增长率法"),
    "projection": gettext_noop("趋势外推法"),
}

RATING_LABELS: dict[str, str] = {
    "green": gettext_noop("绿"),
    "amber": gettext_noop("黄"),
    "red": gettext_noop("红"),
}


def method_label(code: str) -> str:
    return _translated(METHOD_LABELS, code)


def rating_label(code: str | None) -> str:
    label = RATING_LABELS.get(code or "")
    return gettext("未评级") if label is None else gettext(label)


def final_label(code: str) -> str:
    return _translated(FINAL_LABELS, code)


def grade_label(code: str) -> str:
    return _translated(GRADE_LABELS, code)


def verdict_label(code: str) -> str:
    return _translated(VERDICT_LABELS, code)
