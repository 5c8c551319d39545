"""Reported states for milestones and projects (未开工 / 在建 / 已完工 …) as three codes."""

from __future__ import annotations

NOT_STARTED, IN_PROGRESS, DONE = "not_started", "in_progress", "done"

_WORDS: dict[str, str] = {
    **dict.fromkeys(("未开工", "未开始", "未启动", "尚未开工", "筹备", "前期"), NOT_STARTED),
    **dict.fromkeys(
        ("在建", "开工", "已开工", "推进中", "进行中", "建设中", "部分完成", "实施中", "试运行"),
        IN_PROGRESS,
    ),
    **dict.fromkeys(
        (
            "已完工", "完工", "竣工", "已竣工", "已完成", "完成", "已建成", "建成", "已实现",
            "实现", "全覆盖", "已覆盖", "已投用", "投入使用", "投产", "已投产", "达成",
        ),
        DONE,
    ),
}  # fmt: skip


def parse_state(raw: object) -> str | None:
    """The state code a cell reports, or None when it is not a state word."""
    text = str(raw).strip()
    return _WORDS.get(text)


STATE_LABELS = {NOT_STARTED: "未开工", IN_PROGRESS: "推进中", DONE: "已完成"}
