"""The plain-text reader: normalisation, flattened tables, paragraphs, on the seeds and inline."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.documents import read_document, read_text_document
from planwatch.documents.txt import normalise
from tests.conftest import SEEDS, seed_path
from tests.documents.helpers import assert_offsets, row_with, table_with, tables

INDICATOR_HEADER = ("序号", "指标名称", "2020年", "2025年", "指标性质")


def test_every_seed_keeps_the_offset_invariant() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        doc = read_document(path)
        assert doc.format == "txt"
        assert doc.encoding == "utf-8"
        assert doc.file == path.name
        assert len(doc.sha256) == 64
        assert len(doc.blocks) > 20, path.name
        assert_offsets(doc)


def test_seed_001_indicator_table_is_recovered() -> None:
    doc = read_document(seed_path("001"))
    table = table_with(doc, "5G基站开通数（座）")
    assert table.rows is not None
    assert table.rows[0] == INDICATOR_HEADER
    assert len(table.rows) == 9  # header and eight indicators
    assert all(len(row) == 5 for row in table.rows)
    assert row_with(table, "5G基站开通数（座）") == (
        "2",
        "5G基站开通数（座）",
        "4000",
        "9700",
        "预期性",
    )
    assert row_with(table, "重点企业关键工序数控化率")[2:4] == ("—", "60%")
    assert table.text.startswith("\t序号\n")
    # the caption line before the table stays a paragraph of its own
    before = doc.blocks[doc.blocks.index(table) - 1]
    assert before.kind == "paragraph"
    assert before.text.endswith("主要目标")


def test_seed_001_programme_boxes_are_one_cell_tables() -> None:
    doc = read_document(seed_path("001"))
    boxes = [t for t in tables(doc) if t.rows and t.rows[0][0].startswith("专栏")]
    assert [t.rows[0][0][:3] for t in boxes if t.rows] == [
        "专栏一",
        "专栏二",
        "专栏三",
        "专栏四",
        "专栏五",
    ]
    first = boxes[0].rows
    assert first is not None
    assert first[0] == ("专栏一  新型基础设施建设重点工程",)
    assert len(first) == 2 and len(first[1]) == 1
    body = first[1][0].split("\n")
    assert body[0].startswith("千兆光网城市建设。")
    assert body[1].startswith("5G网络建设。")
    assert body[-1].startswith("共享换电网络建设。")
    assert all(line == line.strip() for line in body)


def test_seed_001_project_table_keeps_broken_cells_together() -> None:
    doc = read_document(seed_path("001"))
    table = table_with(doc, "项目名称")
    assert table.rows is not None
    header = table.rows[0]
    assert header[3] == "建设\n阶段"
    assert header[6] == "“十四五”\n期间投资"
    assert {len(row) for row in table.rows} == {9}
    assert row_with(table, "总计")[1:3] == ("总计", "67项")
    assert row_with(table, "总计")[5] == "541.43"  # trailing blank stripped
    # a cell broken over two lines inside a data row
    assert "广东移动5G网络三期工程\n（汕头）" in {row[1] for row in table.rows}
    # the table runs to the end of the file: its last row is the last project
    assert doc.blocks[-1] is table
    assert table.rows[-1][-1] == "汕大\n医学院"


def test_seed_001_bookmarks_are_removed_and_noted() -> None:
    doc = read_document(seed_path("001"))
    assert "[bookmark:" not in doc.text
    assert any("bookmark" in note for note in doc.notes)
    assert any(b.text == "三、主要任务" for b in doc.blocks)


def test_seed_000_inline_target_sentence_is_a_paragraph() -> None:
    doc = read_document(seed_path("000"))
    hits = [b for b in doc.blocks if "1570" in b.text]
    assert hits and all(b.kind == "paragraph" for b in hits)
    assert not tables(doc)
    assert all(b.level is None and b.rows is None for b in doc.blocks)


def test_paragraphs_are_stripped_lines_and_blank_lines_make_no_block() -> None:
    doc = read_text_document("  第一段文字。\n\n\u3000\u3000\n\t\n\n第二段，全角（括号）保留。  \n")
    texts = [(b.kind, b.text) for b in doc.blocks]
    assert texts[0] == ("paragraph", "第一段文字。")
    assert texts[-1] == ("paragraph", "第二段，全角（括号）保留。")
    assert_offsets(doc)


def test_normalise_is_light() -> None:
    text, notes = normalise("\ufeff甲\u200b乙\r\n丙\r丁\t戊[bookmark: _GoBack]ＡＢＣ，１２３")
    assert text == "甲乙\n丙\n丁\t戊ＡＢＣ，１２３"  # full-width kept, tab kept
    assert len(notes) == 2


SMALL_TABLE = "表前说明\n\t项目\n\t数量\n\n\t第一项\n\t12\n\n\t第二个\n项目\n\t3\n\n表后正文。\n"


def test_small_table_rows_and_span() -> None:
    doc = read_text_document(SMALL_TABLE)
    assert [b.kind for b in doc.blocks] == ["paragraph", "table", "paragraph"]
    table = doc.blocks[1]
    assert table.rows == (("项目", "数量"), ("第一项", "12"), ("第二个\n项目", "3"))
    assert table.text == "\t项目\n\t数量\n\n\t第一项\n\t12\n\n\t第二个\n项目\n\t3"
    assert_offsets(doc)


def test_two_blank_lines_then_text_end_a_table() -> None:
    doc = read_text_document("\t甲\n\t乙\n续行\n\n\n之后的段落\n")
    assert [b.kind for b in doc.blocks] == ["table", "paragraph"]
    assert doc.blocks[0].rows == (("甲", "乙\n续行"),)


def test_empty_cells_are_kept() -> None:
    doc = read_text_document("\t\n\t合计\n\t \n")
    assert doc.blocks[0].rows == (("", "合计", ""),)


def test_crlf_table_is_recovered() -> None:
    doc = read_text_document(SMALL_TABLE.replace("\n", "\r\n"))
    assert doc.blocks[1].rows == read_text_document(SMALL_TABLE).blocks[1].rows


_PIECES = st.sampled_from(
    ["\t", "\n", "\r\n", " ", "\u3000", "\u200b", "甲", "乙。", "12", "[bookmark: _Toc1]", "\ufeff"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_text_keeps_the_offset_invariant(text: str) -> None:
    doc = read_text_document(text)
    assert_offsets(doc)
    for block in doc.blocks:
        assert block.text == block.text.strip() or block.kind == "table"
        assert block.text.strip()


def test_tab_indented_prose_is_paragraphs_not_a_table() -> None:
    prose = "\t第一段用制表符缩进，写成一句完整的话。\n\t第二段也是这样开头。\n\n\t第三段同样以句号结尾。\n"
    doc = read_text_document(prose)
    assert [b.kind for b in doc.blocks] == ["paragraph"] * 3
    assert doc.blocks[1].text == "第二段也是这样开头。"
    assert_offsets(doc)


def test_writers_can_cut_seed_001_after_its_first_box() -> None:
    from tests.documents.writers import seed_blocks

    blocks = seed_blocks("001", stop_after_box=1)
    assert blocks[-1].rows is not None and blocks[-1].rows[0][0].startswith("专栏一")
