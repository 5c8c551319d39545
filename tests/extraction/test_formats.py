"""The same plan written by real writers (.docx, .pdf, .html, GB18030 .txt) yields the same targets.

Expected values are read off seed 001's main-indicator table (2020 → 2025) and its text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.documents import read_document
from planwatch.extraction import extract_plan
from tests.conftest import seed_path
from tests.documents import writers

# (name, unit, baseline 2020, target 2025) as printed in seed 001's main-indicator table.
TABLE = [
    ("5G基站开通数", "座", 4000.0, 9700.0),
    ("光纤接入用户占比", "%", 93.4, 99.0),
    ("移动宽带用户普及率", "部/百人", 95.8, 110.0),
    ("新一代电子信息产值", "亿元", 82.0, 1000.0),
]


def _table_rows(plan: dict[str, object]) -> set[tuple[object, ...]]:
    rows = set()
    for indicator in plan["indicators"]:  # type: ignore[union-attr]
        baseline = indicator["baseline"]
        for target in indicator["targets"]:
            if baseline is not None and target["year"] == 2025:
                rows.add((indicator["name"], indicator["unit"], baseline["value"], target["value"]))
    return rows


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formats")
    blocks = writers.seed_blocks("001", stop_after_box=1)
    gb = folder / "plan-gb18030.txt"
    gb.write_bytes(seed_path("001").read_text(encoding="utf-8").encode("gb18030"))
    return {
        "docx": writers.write_docx(blocks, folder / "plan.docx"),
        "html": writers.write_html(blocks, folder / "plan.html"),
        "pdf": writers.write_pdf(blocks, folder / "plan.pdf", running_title="示例页眉"),
        "gb18030": gb,
    }


@pytest.mark.parametrize("kind", ["docx", "html", "pdf", "gb18030"])
def test_indicator_table_survives_every_format(kind: str, written: dict[str, Path]) -> None:
    plan = extract_plan(read_document(written[kind]))
    rows = _table_rows(plan)
    for expected in TABLE:
        assert expected in rows, (kind, sorted(rows))


@pytest.mark.parametrize("kind", ["docx", "html", "gb18030"])
def test_inline_target_survives(kind: str, written: dict[str, Path]) -> None:
    # 「推动超过1700家规模以上工业企业实施数字化转型」 (2025), also the table's row 7.
    plan = extract_plan(read_document(written[kind]))
    values = {
        (t["year"], t["value"])
        for i in plan["indicators"]  # type: ignore[union-attr]
        if "数字化转型" in i["name"]
        for t in i["targets"]
    }
    assert (2025, 1700.0) in values
