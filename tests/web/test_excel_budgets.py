"""Hostile workbooks: each bomb is built with openpyxl and zip patching, refused as a 400 with a
one-line reason before it costs memory, and nothing is stored. bench/excel_bench.py measures
the same bombs at full size in a fresh process (peak memory, time to refuse).
"""

from __future__ import annotations

import dataclasses
import io
import re
import tracemalloc
import zipfile
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from planwatch.web.errors import InvalidInput
from planwatch.web.monitoring import excel
from planwatch.web.monitoring.models import Observation
from planwatch.web.spreadsheets.guard import Budget
from planwatch.web.spreadsheets.reading import sheet_rows
from tests.web.world import World

SHEET = "xl/worksheets/sheet1.xml"
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


# -- builders (bench/excel_bench.py builds its bombs with these too) ---------------------------


def workbook(rows: list[list]) -> bytes:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def patched(
    data: bytes,
    change: dict[str, Callable[[bytes], bytes]] | None = None,
    add: dict[str, bytes] | None = None,
) -> bytes:
    """``data`` rezipped with some members rewritten and others added."""
    change, add = change or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in source.infolist():
            body = source.read(info.filename)
            z.writestr(info.filename, change.get(info.filename, lambda b: b)(body))
        for name, body in add.items():
            z.writestr(name, body)
    return out.getvalue()


def in_sheet_data(extra: bytes) -> Callable[[bytes], bytes]:
    return lambda sheet: sheet.replace(b"</sheetData>", extra + b"</sheetData>")


def dimension_bomb(rows: int = 20_000) -> bytes:
    """The issue's file: ``rows`` short rows under a declared size of A1:XFD1048576."""
    data = workbook([excel.COLUMNS] + [[n] for n in range(rows)])
    return patched(
        data,
        {
            SHEET: lambda s: re.sub(
                rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:XFD1048576"/>', s
            )
        },
    )


def shared_strings_bomb(strings: int) -> bytes:
    """``strings`` distinct shared strings, most of them never used by a cell."""
    table = (
        f'<sst {MAIN} count="{strings}" uniqueCount="{strings}">'.encode()
        + b"".join(b"<si><t>%d</t></si>" % n for n in range(strings))
        + b"</sst>"
    )
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    )
    return patched(
        workbook([excel.COLUMNS]),
        {"[Content_Types].xml": lambda b: b.replace(b"</Types>", override + b"</Types>")},
        {"xl/sharedStrings.xml": table},
    )


def wide_row_bomb(cells: int) -> bytes:
    """One row of ``cells`` empty cells: openpyxl holds a whole row at once."""
    return patched(
        workbook([excel.COLUMNS]),
        {SHEET: in_sheet_data(b'<row r="2">' + b"<c/>" * cells + b"</row>")},
    )


def views_bomb(views: int) -> bytes:
    """Sheet structure openpyxl turns into objects, one per element."""
    many = b"<sheetViews>" + b'<sheetView workbookViewId="0"/>' * views + b"</sheetViews>"
    return patched(
        workbook([excel.COLUMNS]),
        {SHEET: lambda s: re.sub(rb"<sheetViews>.*?</sheetViews>", many, s, flags=re.S)},
    )


def styles_bomb(styles: int) -> bytes:
    return patched(
        workbook([excel.COLUMNS]),
        {
            "xl/styles.xml": lambda s: re.sub(
                rb'<cellXfs count="\d+">', b"<cellXfs>" + b"<xf/>" * styles, s
            )
        },
    )


def members_bomb(members: int) -> bytes:
    return patched(
        workbook([excel.COLUMNS]), add={f"xl/media/x{n}.bin": b"" for n in range(members)}
    )


def entity_bomb() -> bytes:
    """Billion laughs in the sheet: ten levels of ten references."""
    levels = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10 if n else "lol"}">' for n in range(10))
    prolog = f'<?xml version="1.0"?><!DOCTYPE worksheet [{levels}]>'.encode()
    return patched(
        workbook([excel.COLUMNS, [1, "&l9;"]]),
        {SHEET: lambda s: prolog + s.replace(b"&amp;l9;", b"&l9;")},
    )


def utf16_sheet() -> bytes:
    """The sheet re-encoded in UTF-16, where a DTD would not show as ASCII bytes."""
    return patched(
        workbook([excel.COLUMNS]),
        {
            SHEET: lambda s: ('<?xml version="1.0" encoding="UTF-16"?>' + s.decode()).encode(
                "utf-16"
            )
        },
    )


# -- refusals --------------------------------------------------------------------------------


def small(**changes: int) -> Budget:
    """The upload budget with some limits lowered, so that each bomb stays small in a test."""
    return dataclasses.replace(excel.BUDGET, **changes)


def refused(data: bytes, budget: Budget | None = None) -> InvalidInput:
    with pytest.raises(InvalidInput) as err:
        sheet_rows(data, width=len(excel.COLUMNS), budget=budget or excel.BUDGET)
    assert err.value.status == 400
    assert "\n" not in err.value.zh and "\n" not in err.value.en
    return err.value


def test_declared_size_is_ignored_and_rows_past_the_budget_refused():
    err = refused(dimension_bomb(rows=120), small(rows=100))
    assert "超过 100 行" in err.zh and "over 100 rows" in err.en


def test_the_issue_dimension_bomb_is_refused():
    assert "5,000 行" in refused(dimension_bomb()).zh


def test_within_generous_budgets_the_dimension_bomb_reads_in_bounded_memory():
    """20,000 rows declared 16,384 columns wide took 2.7 GB when rows were padded to the
    declared width; read template-wide they take a few MB."""
    generous = small(rows=30_000, data_tags=1_000_000)
    data = dimension_bomb()
    tracemalloc.start()
    try:
        rows = sheet_rows(data, width=len(excel.COLUMNS), budget=generous)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(rows) == 20_001 and {len(values) for _, values in rows} == {len(excel.COLUMNS)}
    assert peak < 64 * 1024 * 1024, peak


def test_a_row_far_below_the_last_is_not_padded_past_the_budget():
    data = patched(
        workbook([excel.COLUMNS]),
        {SHEET: in_sheet_data(b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>')},
    )
    assert "超过 5,000 行" in refused(data).zh


def test_shared_strings_past_their_size_are_refused():
    err = refused(shared_strings_bomb(60_000), small(shared_strings_bytes=512 * 1024))
    assert "xl/sharedStrings.xml" in err.zh and "解压后过大" in err.zh


def test_shared_strings_count_as_sheet_data():
    err = refused(shared_strings_bomb(30_000), small(data_tags=100_000))
    assert "工作表数据过多" in err.zh and "sheet data" in err.en


def test_a_row_of_too_many_cells_is_refused_before_openpyxl_holds_it():
    assert "工作表数据过多" in refused(wide_row_bomb(60_000), small(data_tags=50_000)).zh


def test_structure_openpyxl_builds_as_objects_has_its_own_smaller_budget():
    assert "格式与结构信息过多" in refused(views_bomb(20_000)).zh
    assert "格式与结构信息过多" in refused(styles_bomb(20_000)).zh


def test_too_many_members_are_refused():
    assert "部件过多" in refused(members_bomb(300)).zh


def test_inflated_size_and_ratio_are_judged_from_the_directory():
    assert "解压后过大" in refused(wide_row_bomb(9_000_000)).zh  # 36 MB of <c/>
    assert "压缩比异常" in refused(wide_row_bomb(2_000_000)).zh  # 8 MB from a few KB


def test_any_dtd_is_refused():
    err = refused(entity_bomb())
    assert "DTD" in err.zh and "DTD" in err.en
    harmless = patched(
        workbook([excel.COLUMNS]), {"[Content_Types].xml": lambda b: b"<!DOCTYPE Types>" + b}
    )
    assert "DTD" in refused(harmless).zh


def test_xml_that_is_not_utf8_is_refused():
    assert "UTF-8" in refused(utf16_sheet()).zh
    latin = patched(
        workbook([excel.COLUMNS]),
        {SHEET: lambda s: b'<?xml version="1.0" encoding="ISO-8859-1"?>' + s},
    )
    assert "UTF-8" in refused(latin).zh


def test_comments_in_a_sheet_price_its_tags_as_structure():
    """Tags are told apart by name only where every "<" opens a tag."""
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(2, 3_000))
    plain = patched(workbook([excel.COLUMNS]), {SHEET: in_sheet_data(rows)})
    assert len(sheet_rows(plain, width=len(excel.COLUMNS), budget=excel.BUDGET)) == 2_999
    commented = patched(workbook([excel.COLUMNS]), {SHEET: in_sheet_data(b"<!-- x -->" + rows)})
    assert "格式与结构信息过多" in refused(commented).zh


def test_cell_data_under_another_prefix_of_the_same_namespace_is_data():
    """Some writers (the Open XML SDK) prefix every element: still cell data."""
    sheet = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<x:sheetData>"
        + b"".join(
            b'<x:row r="%d"><x:c r="A%d"><x:v>%d</x:v></x:c></x:row>' % (n, n, n)
            for n in range(1, 3_001)
        )
        + b"</x:sheetData></x:worksheet>"
    )
    rows = sheet_rows(patched(workbook([]), {SHEET: lambda _: sheet}), width=2, budget=excel.BUDGET)
    assert rows[-1] == (3_000, (3_000, None))


@pytest.mark.django_db
def test_a_bomb_uploaded_through_the_page_is_a_400_and_stores_nothing(world: World):
    c = world.client(world.reporter)
    for name, data in [("dim.xlsx", dimension_bomb()), ("dtd.xlsx", entity_bomb())]:
        r = c.post("/reporting/upload/", {"file": SimpleUploadedFile(name, data)})
        assert r.status_code == 400
        assert "拒绝读取" in r.content.decode()
    assert Observation.objects.count() == 0
