"""Programmes (专栏 / 重点专项 / 重点工程) and their named items, each with where it was written."""

from __future__ import annotations

import re
from bisect import bisect_left

from planwatch.documents.model import Document
from planwatch.extraction.outline import Section, SectionIndex

MAX_ITEM_NAME = 30
_GOAL_LINE = re.compile(r"^(?:到|至)?20\d\d年")
_TITLE_AND_ITEM = re.compile(r"^(?P<title>.{2,30}?工程)(?P<item>[^工].{3,40}?)[。.]?$")


def read_programmes(document: Document, index: SectionIndex) -> list[dict[str, object]]:
    programmes: list[dict[str, object]] = []
    block_starts = [block.start for block in document.blocks]
    for section in index.sections:
        if section.kind != "programme":
            continue
        title, first_item = _split_title(section.title)
        parent = index.by_id.get(section.parent) if section.parent else None
        items = _items(document, section, block_starts)
        if first_item:
            items.insert(
                0,
                {
                    "name": first_item,
                    "description": None,
                    "evidence": [_evidence(document, section.start, section.end)],
                },
            )
        programmes.append(
            {
                "id": f"g{len(programmes) + 1}",
                "number": section.number,
                "title": title,
                "kind": re.sub(r"[\d一二三四五六七八九十]+$", "", section.number or "专栏"),
                "section": parent.id if parent else None,
                "outline_id": section.id,
                "items": items,
                "evidence": [_evidence(document, section.start, section.end)],
            }
        )
    return programmes


def _split_title(title: str) -> tuple[str, str | None]:
    # 「无线城市建设工程提升移动宽带业务承载力。」: a flattened box ran its first item into the title.
    match = _TITLE_AND_ITEM.match(title.strip())
    if match:
        return match["title"], match["item"].rstrip("。")
    return title.strip().rstrip("。"), None


def _items(
    document: Document, section: Section, block_starts: list[int]
) -> list[dict[str, object]]:
    """The programme's items: the blocks that start inside its span (found by bisection)."""
    items: list[dict[str, object]] = []
    first = bisect_left(block_starts, section.start)
    last = bisect_left(block_starts, section.body_end)
    for block in document.blocks[first:last]:
        if block.kind == "table":
            if block.start == section.start and block.rows and len(block.rows) > 1:
                for cell_row in block.rows[1:]:
                    for line in "\n".join(cell_row).split("\n"):
                        _add_item(items, document, line, block.start, block.end)
            continue
        if block.start == section.start:
            continue
        _add_item(items, document, block.text, block.start, block.end)
    return items


def _add_item(
    items: list[dict[str, object]], document: Document, line: str, lo: int, hi: int
) -> None:
    text = line.strip()
    if not text or _GOAL_LINE.match(text):
        return  # 「到2020年,…」 in a box states the box's goal; its targets are read elsewhere
    start = document.text.find(text, lo, max(hi, lo + len(text)) + len(text))
    start = start if start >= 0 else lo
    lead, sep, rest = text.partition("。")
    if sep and len(lead) <= MAX_ITEM_NAME:
        # 「(完善社区公共服务综合信息平台。)推进…」: the lead phrase may sit in brackets.
        name, description = lead.lstrip("(（"), rest.lstrip(")）").strip() or None
    else:
        name = re.split(r"[，,；;。]", text, maxsplit=1)[0][:MAX_ITEM_NAME]
        description = text
    items.append(
        {
            "name": name,
            "description": description,
            "evidence": [_evidence(document, start, start + len(text))],
        }
    )


def _evidence(document: Document, start: int, end: int) -> dict[str, object]:
    return {"kind": "text", "quote": document.text[start:end], "start": start, "end": end}
