"""Hostile text: long runs without punctuation, thousands of headings or targets.

Each case is one that used to take minutes (quadratic patterns or scans); the budgets are CPU
seconds that a linear extractor meets many times over and a quadratic one misses by far.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.documents import read_document, read_text_document
from planwatch.errors import ExtractionError
from planwatch.extraction import extract_plan, tables
from planwatch.extraction.outline import Section, SectionIndex, build_outline
from planwatch.extraction.plan import MAX_TEXT_TARGETS
from planwatch.extraction.sentences import MAX_CLAUSE, MAX_SENTENCE, Span, clauses, sentences
from planwatch.extraction.targets import targets_in_sentence
from tests.conftest import seed_path

T = TypeVar("T")
PHRASE = "推进数字经济和实体经济深度融合发展"  # our own words, no punctuation
BUDGET = 5.0  # CPU seconds; the old code took minutes on each of these inputs


def within_budget(work: Callable[[], T], budget: float = BUDGET) -> T:
    began = time.process_time()
    result = work()
    spent = time.process_time() - began
    assert spent < budget, f"{spent:.1f} s of CPU, budget {budget} s"
    return result


def run_of(text: str, length: int) -> str:
    return (text * (length // len(text) + 1))[:length]


def extract_text(text: str) -> dict[str, object]:
    return extract_plan(read_text_document(text))


def extract_or_refuse(text: str) -> dict[str, object] | ExtractionError:
    """The plan, or the ExtractionError that refused the text (too many targets)."""
    try:
        return extract_text(text)
    except ExtractionError as err:
        return err


def test_a_300k_run_without_punctuation_is_read_in_linear_time() -> None:
    plan = within_budget(lambda: extract_text("到2025年，" + run_of(PHRASE, 300_000)))
    assert plan["indicators"] == []


def test_respectively_at_the_end_of_a_long_run() -> None:
    # 「分别」 after a long subject run: the pattern used to rescan the run from every start.
    text = run_of(PHRASE, 100_000) + "分别达到10、20个"
    within_budget(lambda: extract_text(text))


def test_respectively_still_reads_its_subjects() -> None:
    plan = extract_text("到2025年，甲园区、乙园区分别实现产值40、36亿元。")
    names = {i["name"]: i["targets"][0]["value"] for i in plan["indicators"]}  # type: ignore[attr-defined, index]
    assert names == {"甲园区产值": 40.0, "乙园区产值": 36.0}


@pytest.mark.parametrize(
    "unit",
    [
        " ",  # spaces around years and numbers
        "一二三四五六七八九十",  # a numeral run that never reaches 万/亿
        "（：",  # an aside that never closes
        "的",  # fillers around a name, stripped one by one
        "[bookmark: ",  # Word bookmark residue that never closes
        "1个",  # a quantity every two characters
    ],
    ids=["spaces", "numerals", "open-aside", "fillers", "bookmark", "quantities"],
)
def test_repeated_fragments_stay_linear(unit: str) -> None:
    text = "到2025年，全市" + run_of(unit, 200_000) + "达到100个。"
    within_budget(lambda: extract_or_refuse(text))


def test_a_long_sentence_is_cut_into_bounded_pieces() -> None:
    text = run_of(PHRASE, 10_000)
    document = read_text_document(text)
    pieces = list(sentences(document))
    assert all(len(piece.text) <= MAX_SENTENCE for piece in pieces)
    assert all(document.text[p.start : p.end] == p.text for p in pieces)
    assert "".join(p.text for p in pieces) == text
    parts = clauses(pieces[0])
    assert all(len(part.text) <= MAX_CLAUSE for part in parts)
    assert "".join(part.text for part in parts) == pieces[0].text


def test_targets_in_a_sentence_with_many_clauses() -> None:
    # Every clause a target: the soft-target check once scanned the sentence for each target.
    text = "力争" + "，".join(f"第{n}项指标达到{n}个" for n in range(1, 300))
    sentence = Span(text, 0, len(text), 0)
    found = within_budget(lambda: targets_in_sentence(sentence, 2025))
    assert len(found) == 299 and all(target.soft for target in found)


def test_many_headings_and_paragraphs() -> None:
    # 12,000 sections: looking up a sentence's section used to scan all of them.
    lines = []
    for n in range(6_000):
        lines += [f"{n % 9 + 1}. 第{n}项任务", f"第{n}项工作稳步推进，年底前完成。"]
    plan = within_budget(lambda: extract_text("一、主要任务\n" + "\n".join(lines)))
    assert len(plan["sections"]) > 6_000  # type: ignore[arg-type]


def test_a_table_of_contents_of_many_lines() -> None:
    toc = [f"{n}. 第{n}节" for n in range(1, 100)] * 100  # repeated back to back
    within_budget(lambda: extract_text("\n".join(toc)))


def test_too_many_targets_is_refused_with_a_reason() -> None:
    text = "\n".join(f"到2025年，第{n}类设施达到{n}个。" for n in range(MAX_TEXT_TARGETS + 10))
    with pytest.raises(ExtractionError) as info:
        within_budget(lambda: extract_text(text))
    assert str(MAX_TEXT_TARGETS) in info.value.zh and "targets" in info.value.en


def _innermost(sections: list[Section], offset: int, headings_only: bool) -> Section | None:
    """The definition the index must agree with: a scan over every section."""
    best: Section | None = None
    for section in sections:
        if section.start > offset:
            break
        if headings_only and section.kind != "heading":
            continue
        if section.start <= offset < section.body_end and (
            best is None or section.level >= best.level
        ):
            best = section
    return best


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_section_index_agrees_with_a_scan(prefix: str) -> None:
    document = read_document(seed_path(prefix))
    sections = build_outline(document)
    index = SectionIndex(sections)
    for offset in range(0, len(document.text), 7):
        for headings_only in (False, True):
            expected = _innermost(sections, offset, headings_only)
            assert index.at(offset, headings_only=headings_only) is expected, offset


def test_a_table_cell_with_a_long_run_of_spaces() -> None:
    table = "\t序号" + " " * 200_000 + "项目名称\n\t总投资\n\n\t1\n\t示例项目\n\t10\n"
    within_budget(lambda: extract_text(table))


@given(st.text(alphabet=" \t\u3000\n甲", max_size=16))
def test_cells_are_flattened_as_the_plain_pattern_flattens_them(text: str) -> None:
    assert tables._flat(text) == re.sub(r"\s*\n\s*", "", text).strip()
