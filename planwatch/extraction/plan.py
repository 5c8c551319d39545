"""Blocks in, plan out: the outline, indicators and targets, programmes, projects and tasks.

The result is a plain dict that conforms to the shared contract ``plan.schema.json``.
"""

from __future__ import annotations

import re

from planwatch.documents.model import Document
from planwatch.errors import ExtractionError
from planwatch.extraction.indicators import Indicator, IndicatorSet, from_table
from planwatch.extraction.metadata import PlanMeta, read_metadata
from planwatch.extraction.outline import SectionIndex, build_outline
from planwatch.extraction.programmes import read_programmes
from planwatch.extraction.sentences import sentences
from planwatch.extraction.tables import (
    is_indicator_table,
    is_project_table,
    parse_amount,
    parse_years,
    read_indicator_table,
    read_project_rows,
)
from planwatch.extraction.targets import (
    TextTarget,
    YearContext,
    sentence_year,
    targets_in_sentence,
)
from planwatch.extraction.tasks import read_tasks

SCHEMA = "planwatch.plan/1"
# The seed plans state at most a few hundred targets; merging them costs the square of their
# number, so a text stating thousands is refused before the merge.
MAX_TEXT_TARGETS = 3000
_GOAL_SECTION = re.compile(r"目标|指标")


def extract_plan(document: Document) -> dict[str, object]:
    meta = read_metadata(document)
    sections = build_outline(document)
    index = SectionIndex(sections)
    indicators = IndicatorSet(_table_indicators(document))
    for target in _text_targets(document, index, meta):
        indicators.merge(target, document.text)
    found = sorted(indicators, key=lambda indicator: indicator.first_offset)
    return {
        "schema": SCHEMA,
        "title": meta.title,
        "title_inferred": meta.title_inferred,
        "region": meta.region,
        "period": {"start": meta.period[0], "end": meta.period[1]} if meta.period else None,
        "base_year": meta.base_year,
        "source": {"file": document.file, "format": document.format, "sha256": document.sha256},
        "sections": [section.as_contract() for section in sections],
        "indicators": [
            _indicator_dict(number, indicator, index) for number, indicator in enumerate(found, 1)
        ],
        "programmes": read_programmes(document, index),
        "projects": _projects(document),
        "tasks": read_tasks(document, index),
    }


def _table_indicators(document: Document) -> list[Indicator]:
    indicators: list[Indicator] = []
    for block in document.blocks:
        if block.kind == "table" and block.rows and is_indicator_table(block.rows):
            indicators.extend(from_table(row, document.text) for row in read_indicator_table(block))
    return indicators


def _text_targets(document: Document, index: SectionIndex, meta: PlanMeta) -> list[TextTarget]:
    context = YearContext(meta.base_year, meta.period[1] if meta.period else None)
    found: list[TextTarget] = []
    paragraph_year: dict[int, int | None] = {}
    for sentence in sentences(document):
        year, past = sentence_year(sentence.text, context)
        if past:
            paragraph_year[sentence.paragraph] = None
            continue
        if year is None:
            year = paragraph_year.get(sentence.paragraph)
        else:
            paragraph_year[sentence.paragraph] = year
        stated = year is not None or _under_heading(index, sentence.start, _GOAL_SECTION)
        if not stated and _under_heading(index, sentence.start, _BACKGROUND_SECTION):
            continue
        if year is None:
            year = context.end_year  # a commitment without a year runs to the plan's end
        for target in targets_in_sentence(sentence, year):
            if not stated and not _firm(target):
                continue
            if _GENERIC_NAME.match(target.name):
                target.name = _section_subject(index, sentence.start) + target.name
            found.append(target)
        if len(found) > MAX_TEXT_TARGETS:
            raise ExtractionError(
                f"文中的数值目标超过 {MAX_TEXT_TARGETS} 个，不像一份规划，已停止抽取",
                f"more than {MAX_TEXT_TARGETS} numeric targets in the text: "
                "not a plan; extraction stopped",
            )
    return found


_GENERIC_NAME = re.compile(
    r"^(?:总产值|产值|产业规模|核心产业规模|规模|主营业务收入|营业收入|收入|业务收入|总收入|增加值|交易额)$"
)
_HEADING_VERBS = re.compile(
    r"^(?:加快发展|大力发展|加快推进|积极发展|着力发展|着力推动|前瞻布局|做强做优|做强做大|推动|促进|推进|发展|加快|打造|建设|提升)"
)


def _section_subject(index: SectionIndex, offset: int) -> str:
    """What a section is about, to qualify a bare 「总产值」: 「（6）卫星导航」 → 卫星导航."""
    section = index.at(offset, headings_only=True)
    if section is None:
        return ""
    subject = _HEADING_VERBS.sub("", section.title)
    if len(subject) > 12 or _GOAL_SECTION.search(subject) or "任务" in subject:
        return ""
    return subject


def _firm(target: TextTarget) -> bool:
    """Outside a 目标 section and without a year, only an explicit 「以上/达到/突破…」 counts."""
    quote = target.sentence.text
    return bool(
        re.search(r"以上|不低于|不少于|达到|突破|升级到|提高到|提升到|控制在|不超过", quote)
    )


_BACKGROUND_SECTION = re.compile(r"现状|基础|成效|情况|回顾|问题|形势|机遇|挑战|背景")


def _under_heading(index: SectionIndex, offset: int, pattern: re.Pattern[str]) -> bool:
    return any(
        section.kind == "heading" and pattern.search(section.title)
        for section in index.lineage(index.at(offset, headings_only=True))
    )


def _indicator_dict(number: int, indicator: Indicator, index: SectionIndex) -> dict[str, object]:
    section = index.at(indicator.first_offset, headings_only=True)
    baseline = (
        {"year": indicator.baseline[0], "value": indicator.baseline[1]}
        if indicator.baseline
        else None
    )
    return {
        "id": f"i{number}",
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "nature": indicator.nature,
        "baseline": baseline,
        "targets": indicator.targets,
        "section": section.id if section else None,
        "evidence": indicator.evidence,
    }


def _projects(document: Document) -> list[dict[str, object]]:
    projects: list[dict[str, object]] = []
    for block in document.blocks:
        if block.kind != "table" or not block.rows or not is_project_table(block.rows):
            continue
        unit = _investment_unit(document, block.start)
        for row in read_project_rows(block):
            start_year, end_year = parse_years(row.cells.get("years", ""))
            projects.append(
                {
                    "id": f"p{len(projects) + 1}",
                    "number": row.number,
                    "name": row.cells["name"],
                    "category": row.category,
                    "content": row.cells.get("content") or None,
                    "stage": row.cells.get("stage") or None,
                    "start_year": start_year,
                    "end_year": end_year,
                    "total_investment": parse_amount(row.cells.get("total", "")),
                    "period_investment": parse_amount(row.cells.get("period", "")),
                    "investment_unit": unit,
                    "builder": row.cells.get("builder") or None,
                    "responsible_unit": row.cells.get("responsible") or None,
                    "evidence": [
                        {
                            "kind": "table",
                            "quote": document.text[row.start : row.end],
                            "start": row.start,
                            "end": row.end,
                        }
                    ],
                }
            )
    return projects


def _investment_unit(document: Document, table_start: int) -> str | None:
    before = document.text[max(0, table_start - 200) : table_start]
    match = re.search(r"单位\s*[:：]\s*(万元|亿元|元)", before)
    if match:
        return match.group(1)
    header = document.text[table_start : table_start + 400]
    match = re.search(r"[（(]\s*(万元|亿元)\s*[)）]", header)
    return match.group(1) if match else None
