"""The outline: headings found by their numbering (一、/（一）/1./（1）/①, 专栏N, 重点专项N, 表N, 附件).

Levels come from the order in which numbering schemes nest in the document, the way a reader
infers them: a scheme seen for the first time opens a level below the current one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from planwatch.documents.model import Block, Document

_CN = "一二三四五六七八九十"
# Numbering schemes, in the usual order of nesting. Each pattern captures the number.
_SCHEMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^(第[{_CN}百]+[章篇部分]+)[\s:：、]*")),
    ("cn", re.compile(rf"^([{_CN}]+)\s*[、.．]\s*")),
    ("cn_paren", re.compile(rf"^([（(][{_CN}]+[）)])\s*[、.．]?\s*")),
    ("arabic", re.compile(r"^(\d{1,2})(?:\s*[、]|[.．](?!\d))\s*")),
    ("arabic_paren", re.compile(r"^([（(]\d{1,2}[）)])\s*")),
    ("circled", re.compile(r"^([①-⑳])\s*")),
)
# Boxes and attachments: placed in the tree without changing the nesting of numbered headings.
# Each run of spaces is followed by something it cannot hold, so the pattern never backtracks.
_BOX = re.compile(
    rf"^(?P<kind>专栏|重点专项|重点工程|表|附件|附表)\s*(?:(?P<no>[\d{_CN}]+)\s*)?"
    r"(?:[:：、.．]\s*)?(?P<title>(?:\S.*)?)$"
)
MAX_BOX_LINE = 80
_UNNUMBERED = re.compile(r"^(前\s*言|序\s*言|附\s*件|结\s*语|附\s*则)$")

MAX_TITLE = 36  # a numbered line longer than this is a numbered paragraph, not a heading
MAX_RUN_IN = (
    24  # 「1、前瞻布局，融合发展。坚持…」: a short lead phrase ended by 。 is a run-in heading
)


@dataclass(slots=True)
class Section:
    id: str
    number: str | None
    title: str
    level: int
    parent: str | None
    kind: str  # heading | programme | table | attachment
    start: int  # offset of the heading in the document text
    end: int  # offset of the heading's end
    body_end: int = 0  # where the section's content ends (next heading of same or higher level)

    def as_contract(self) -> dict[str, object]:
        return {
            "id": self.id,
            "number": self.number,
            "title": self.title,
            "level": self.level,
            "parent": self.parent,
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class HeadingLine:
    scheme: str | None
    number: str | None
    title: str
    kind: str
    start: int
    end: int
    style_level: int | None


def classify_line(line: str) -> tuple[str | None, str | None, str, str] | None:
    """(scheme, number, title, kind) when a line reads as a heading, else None."""
    text = line.strip().lstrip("\u3000")
    if not text:
        return None
    box = _BOX.match(text) if len(text) <= MAX_BOX_LINE else None
    if box and (box["no"] or box["kind"] in {"附件", "附表"}):
        kind = {"表": "table", "附件": "attachment", "附表": "attachment"}.get(
            box["kind"], "programme"
        )
        return box["kind"], f"{box['kind']}{box['no'] or ''}", box["title"].strip(), kind
    if _UNNUMBERED.match(text):
        return "unnumbered", None, re.sub(r"\s+", "", text), "heading"
    for scheme, pattern in _SCHEMES:
        match = pattern.match(text)
        if not match:
            continue
        rest = text[match.end() :].strip()
        title = _heading_title(rest)
        if title is None:
            return None
        return scheme, match.group(1), title, "heading"
    return None


def _heading_title(rest: str) -> str | None:
    if not rest:
        return None
    body = rest.rstrip("。.；;")
    if len(body) <= MAX_TITLE and "。" not in body:
        return body
    lead, sep, _ = rest.partition("。")
    if sep and 1 < len(lead) <= MAX_RUN_IN:
        return lead
    return None


def find_headings(document: Document) -> list[HeadingLine]:
    """Heading lines in reading order, from paragraph and heading blocks (not table cells)."""
    found: list[HeadingLine] = []
    for block in document.blocks:
        if block.kind == "table":
            first = _table_box_title(block)
            if first is not None:
                found.append(first)
            continue
        classified = classify_line(block.text)
        if classified is None:
            if block.kind == "heading" and block.level is not None:
                title = block.text.strip()
                found.append(
                    HeadingLine(None, None, title, "heading", block.start, block.end, block.level)
                )
            continue
        scheme, number, title, kind = classified
        found.append(HeadingLine(scheme, number, title, kind, block.start, block.end, block.level))
    return found


def _table_box_title(block: Block) -> HeadingLine | None:
    # A 专栏 drawn as a one-cell box: its first row is the programme's title.
    if not block.rows or len(block.rows[0]) != 1:
        return None
    classified = classify_line(block.rows[0][0])
    if classified is None or classified[3] != "programme":
        return None
    scheme, number, title, kind = classified
    return HeadingLine(scheme, number, title, kind, block.start, block.end, None)


def build_outline(document: Document) -> list[Section]:
    """The section tree as a flat list with parent ids, in document order."""
    sections: list[Section] = []
    stack: list[tuple[str, Section]] = []  # (scheme, section) from the root down
    for heading in _drop_table_of_contents(find_headings(document), document):
        if heading.kind in {"programme", "table"}:
            parent = stack[-1][1] if stack else None
            level = parent.level + 1 if parent else 1
            sections.append(_new_section(sections, heading, level, parent))
            continue
        if heading.kind == "attachment" or heading.scheme == "unnumbered":
            # 前言 and 附件 stand at the top and open no numbering level of their own.
            stack.clear()
            sections.append(_new_section(sections, heading, 1, None))
            continue
        scheme = heading.scheme or f"style{heading.style_level}"
        depth = _depth_for(scheme, heading.style_level, stack)
        del stack[depth:]
        parent = stack[-1][1] if stack else None
        section = _new_section(sections, heading, depth + 1, parent)
        sections.append(section)
        stack.append((scheme, section))
    _set_body_ends(sections, len(document.text))
    return sections


def _drop_table_of_contents(headings: list[HeadingLine], document: Document) -> list[HeadingLine]:
    """Leave out a table of contents: headings listed back to back that recur later."""
    last = {(h.number, h.title): index for index, h in enumerate(headings)}
    kept: list[HeadingLine] = []
    for index, heading in enumerate(headings):
        nxt = headings[index + 1] if index + 1 < len(headings) else None
        gap = document.text[heading.end : nxt.start] if nxt else "x" * 100
        listed_back_to_back = len(gap.strip()) < 2
        recurs = last[(heading.number, heading.title)] > index
        if listed_back_to_back and recurs and heading.kind == "heading":
            continue
        kept.append(heading)
    return kept


def _depth_for(scheme: str, style_level: int | None, stack: list[tuple[str, Section]]) -> int:
    if style_level is not None and scheme.startswith("style"):
        return max(0, min(style_level - 1, len(stack)))
    for depth, (open_scheme, _) in enumerate(stack):
        if open_scheme == scheme:
            return depth
    return len(stack)  # a scheme not open now nests below the current heading


def _new_section(
    sections: list[Section], heading: HeadingLine, level: int, parent: Section | None
) -> Section:
    return Section(
        id=f"s{len(sections) + 1}",
        number=heading.number,
        title=heading.title,
        level=level,
        parent=parent.id if parent else None,
        kind=heading.kind,
        start=heading.start,
        end=heading.end,
    )


def _set_body_ends(sections: list[Section], text_end: int) -> None:
    for index, section in enumerate(sections):
        section.body_end = text_end
        for later in sections[index + 1 :]:
            if later.level <= section.level:
                section.body_end = later.start
                break


class SectionIndex:
    """Which section holds an offset, in logarithmic time, and each section's ancestors.

    A section runs to the next one of the same or a higher level, so the sections open at any
    offset form a stack, deepest on top; it only changes where a section starts.
    """

    def __init__(self, sections: list[Section]) -> None:
        self.sections = sections
        self.by_id = {section.id: section for section in sections}
        self._starts = [section.start for section in sections]
        self._open: list[tuple[Section, ...]] = []  # the stack just after each section starts
        stack: list[Section] = []
        for section in sections:
            while stack and stack[-1].level >= section.level:
                stack.pop()
            stack.append(section)
            self._open.append(tuple(stack))

    def at(self, offset: int, *, headings_only: bool = False) -> Section | None:
        """The innermost section whose span holds ``offset``."""
        index = bisect_right(self._starts, offset) - 1
        if index < 0:
            return None
        for section in reversed(self._open[index]):
            if offset >= section.body_end:
                return None
            if not headings_only or section.kind == "heading":
                return section
        return None

    def next_start(self, section: Section, default: int) -> int:
        """Where the first section after ``section`` starts (``default`` after the last)."""
        index = bisect_right(self._starts, section.start)
        return self._starts[index] if index < len(self._starts) else default

    def lineage(self, section: Section | None) -> Iterator[Section]:
        """The section, its parent, and so on up to the top level."""
        while section is not None:
            yield section
            section = self.by_id.get(section.parent) if section.parent else None
