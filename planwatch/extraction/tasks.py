"""Tasks: the headed measures under 主要任务 / 重点任务, with the units the text makes responsible."""

from __future__ import annotations

import re

from planwatch.documents.model import Document
from planwatch.extraction.outline import Section, SectionIndex

_TASK_PARENT = re.compile(r"主要任务|重点任务|重点工作|任务|举措|重点工程")
_UNIT = re.compile(
    r"(?:(?:省|市|区|县|各区|各市|各县)(?:[\u4e00-\u9fff]{1,10}?)"
    r"(?:局|委员会|委|办公室|办|厅|中心|管委会|政府))"
)
_NOT_TASK_AREA = re.compile(
    r"基础|形势|总体|指导|原则|目标|保障|措施|机制|背景|编制|前言|附件|定位|思路"
)
_NOT_UNITS = {"市场中心", "市中心", "区中心"}


def read_tasks(document: Document, index: SectionIndex) -> list[dict[str, object]]:
    """Sections below a task heading, with responsible units found in their own text."""
    sections = index.sections
    parents = {s.id for s in sections if s.kind == "heading" and _TASK_PARENT.search(s.title)}
    if not parents:  # plans without a 主要任务 heading: each top-level task area is a parent
        parents = {
            s.id
            for s in sections
            if s.kind == "heading"
            and s.level == 1
            and s.number
            and not _NOT_TASK_AREA.search(s.title)
        }
    tasks: list[dict[str, object]] = []
    for section in sections:
        if section.kind != "heading" or not _under(section, parents, index):
            continue
        own_end = min(section.body_end, index.next_start(section, section.body_end))
        body = document.text[section.end : own_end]
        units = _units(body)
        tasks.append(
            {
                "id": f"k{len(tasks) + 1}",
                "title": section.title,
                "number": section.number,
                "section": section.id,
                "responsible_units": units,
                "evidence": [
                    {
                        "kind": "text",
                        "quote": document.text[section.start : section.end],
                        "start": section.start,
                        "end": section.end,
                    }
                ],
            }
        )
    return tasks


def _under(section: Section, parents: set[str], index: SectionIndex) -> bool:
    return any(above.id in parents for above in list(index.lineage(section))[1:])


def _units(text: str) -> list[str]:
    found: list[str] = []
    for match in _UNIT.finditer(text):
        unit = match.group(0)
        if unit not in found and unit not in _NOT_UNITS:
            found.append(unit)
    return found
