"""Chinese labels and terminal colours for every status code the engine emits."""

from __future__ import annotations

STATUS_LABELS: dict[str, str] = {
    # plan-path (and milestones)
    "completed": "已完成",
    "ahead": "超前",
    "on_track": "符合进度",
    "slightly_behind": "略有滞后",
    "seriously_behind": "明显滞后",
    "regressing": "倒退",
    "not_available": "无法评估",
    # opensdg
    "target_achieved": "已实现目标",
    "substantial_progress": "显著进展",
    "moderate_progress": "一定进展",
    "limited_progress": "有限进展",
    "deterioration": "恶化",
    # projection (UNSD)
    "fair_progress": "有进展但需加快",
    "stagnation_or_regression": "停滞或倒退",
    # projects
    "not_started": "未开工",
    "in_progress": "在建",
    "finished": "已完工",
    "overdue": "逾期",
    "not_reported": "未报送",
}

VERDICT_LABELS: dict[str, str] = {
    "likely": "预计可完成",
    "at_risk": "有风险",
    "unlikely": "预计难以完成",
    "insufficient_data": "数据不足",
    "no_target": "无目标值",
}

RATING_LABELS: dict[str, str] = {"green": "绿", "amber": "黄", "red": "红"}

STATUS_COLOURS: dict[str, str] = {
    "completed": "green",
    "target_achieved": "green",
    "finished": "green",
    "ahead": "bright_green",
    "substantial_progress": "bright_green",
    "on_track": "green",
    "in_progress": "green",
    "moderate_progress": "yellow",
    "fair_progress": "yellow",
    "slightly_behind": "yellow",
    "not_started": "yellow",
    "limited_progress": "bright_red",
    "seriously_behind": "red",
    "regressing": "red",
    "deterioration": "red",
    "stagnation_or_regression": "red",
    "overdue": "red",
    "not_available": "bright_black",
    "not_reported": "bright_black",
}


def status_label(code: str) -> str:
    return STATUS_LABELS.get(code, code)
