"""Checks an .xlsx before openpyxl parses a byte of it, so that a small upload cannot make the
server inflate, allocate or parse without bound. Every refusal is one InvalidInput line.

Budgets count bytes (from the zip directory, before inflating) and XML tags (each ``<`` of a
part: in the UTF-8 XML this guard lets through, text holds ``&lt;``, never ``<``). What openpyxl
spends per tag was measured (bench/excel_bench.py): on cell data (rows, cells, values, strings
and their runs) 6-11 µs and up to 300 bytes while a row is held; on anything else (styles, sheet
views, run properties, workbook) 70-80 µs and about 1 KB. Hence two tag budgets, one per kind.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from planwatch.web.errors import InvalidInput

MB = 1024 * 1024


@dataclass(frozen=True)
class Budget:
    """What one workbook may hold. The defaults keep the refusal of each kind of bomb within
    300 MB and 5 s, and take a filled template of ``rows`` rows."""

    rows: int = 5_000  # rows of the first sheet, the header and blank rows included
    members: int = 256  # files in the zip
    unpacked_bytes: int = 32 * MB  # all members inflated
    ratio: int = 100  # inflated / packed, judged once the content passes ratio_floor
    ratio_floor: int = 4 * MB
    part_bytes: int = 16 * MB  # each part inflated: a sheet, the styles, an image…
    shared_strings_bytes: int = 8 * MB  # xl/sharedStrings.xml inflated
    data_tags: int = 320_000  # tags of cell data (rows, cells, values, strings) in all parts
    structure_tags: int = 15_000  # all other tags (styles, views, workbook, properties…)


def refusal(zh: str, en: str) -> InvalidInput:
    return InvalidInput(f"{zh}，拒绝读取", f"{en}; refused")


def not_xlsx() -> InvalidInput:
    return InvalidInput("无法读取 Excel 文件，请使用下载的模板（.xlsx）", "not an xlsx file")


_DTD = b"<!DOCTYPE"
# Starts of XML in UTF-16, UCS-4 or EBCDIC, which parsers detect on their own: neither a DTD
# nor a tag would show as the bytes this guard counts, so such parts are refused (Office and
# LibreOffice write UTF-8).
_FOREIGN_STARTS = (
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x00\x00\xfe\xff",
    b"<\x00",
    b"\x00<",
    b"\x00\x00\x00<",
    b"\x4c\x6f\xa7\x94",
)
_DECLARATION = re.compile(rb"<\?xml[^>]*\?>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
_UTF8 = {b"utf-8", b"utf8", b"us-ascii", b"ascii"}
_NAME = rb"[A-Za-z_][-.\w]*"
_TAG = re.compile(rb"</?(?:(" + _NAME + rb"):)?(" + _NAME + rb")")
_XMLNS = re.compile(rb"xmlns(?::(" + _NAME + rb"))?\s*=\s*[\"']([^\"']*)[\"']")
_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# What openpyxl reads cheaply (6-11 µs a tag); everything else it builds as objects (70-80 µs).
_DATA_NAMES = {b"sheetData", b"row", b"c", b"v", b"f", b"is", b"t", b"r", b"si", b"sst"}
SHARED_STRINGS = "xl/sharedStrings.xml"


def check_package(data: bytes, budget: Budget) -> None:
    """Refuse ``data`` unless it is a zip whose parts fit ``budget`` and hold no DTD."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise not_xlsx() from err
    with archive:
        members = archive.infolist()
        _check_directory(members, budget)
        for member in members:
            _check_size(member, budget)
        data_tags = structure_tags = 0
        for member in members:
            structure, inside = _count_tags(_read(archive, member))
            structure_tags += structure
            data_tags += inside
            if data_tags > budget.data_tags:
                raise refusal(
                    f"工作表数据过多（超过 {budget.data_tags:,} 个 XML 标签），请分批上传",
                    f"too much sheet data (over {budget.data_tags:,} XML tags); upload it in parts",
                )
            if structure_tags > budget.structure_tags:
                raise refusal(
                    f"Excel 文件的格式与结构信息过多（超过 {budget.structure_tags:,} 个 XML 标签），"
                    "请使用下载的模板",
                    f"too much formatting and structure (over {budget.structure_tags:,} XML "
                    "tags); use the downloaded template",
                )


def _check_directory(members: list[zipfile.ZipInfo], budget: Budget) -> None:
    if len(members) > budget.members:
        raise refusal(
            f"Excel 文件内部件过多（{len(members)} 个，上限 {budget.members} 个）",
            f"too many parts in the workbook ({len(members)}; the limit is {budget.members})",
        )
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if total > budget.unpacked_bytes:
        raise refusal(
            f"Excel 文件解压后过大（{total / MB:.0f} MB，上限 {budget.unpacked_bytes / MB:.0f} MB）",
            f"the workbook inflates to {total / MB:.0f} MB; the limit is "
            f"{budget.unpacked_bytes / MB:.0f} MB",
        )
    if total > budget.ratio_floor and total > budget.ratio * max(packed, 1):
        raise refusal(
            "Excel 文件压缩比异常（疑似压缩炸弹）",
            f"the workbook inflates {total / max(packed, 1):.0f} times (zip bomb?)",
        )


def _check_size(member: zipfile.ZipInfo, budget: Budget) -> None:
    """Declared sizes are enough: zipfile never inflates a member past its declared size."""
    shared = member.filename == SHARED_STRINGS
    limit = budget.shared_strings_bytes if shared else budget.part_bytes
    if member.file_size > limit:
        raise refusal(
            f"Excel 文件中的“{member.filename}”解压后过大"
            f"（{member.file_size / MB:.1f} MB，上限 {limit / MB:.0f} MB）",
            f"{member.filename} inflates to {member.file_size / MB:.1f} MB; "
            f"the limit is {limit / MB:.0f} MB",
        )


def _read(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    try:
        return archive.read(member)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as err:
        raise not_xlsx() from err


def _count_tags(part: bytes) -> tuple[int, int]:
    """(structure tags, data tags) of one part; refuses a DTD or XML that is not UTF-8."""
    _check_encoding(part[:512])
    if not part.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<"):
        return 0, 0  # not XML (an image, a binary): no parser will take it
    if _DTD in part:
        raise refusal(
            "Excel 文件中含有 DTD（<!DOCTYPE），可被用于实体扩展攻击",
            "the workbook holds a DTD (<!DOCTYPE), a vehicle for entity expansion",
        )
    data = _data_tags(part)
    return part.count(b"<") - data, data


def _check_encoding(head: bytes) -> None:
    declaration = _DECLARATION.match(head.removeprefix(b"\xef\xbb\xbf").lstrip())
    encoding = declaration and _ENCODING.search(declaration.group())
    if head.startswith(_FOREIGN_STARTS) or (encoding and encoding.group(1).lower() not in _UTF8):
        raise refusal(
            "Excel 文件中有非 UTF-8 编码的 XML 部件", "an XML part of the workbook is not UTF-8"
        )


def _data_tags(part: bytes) -> int:
    """Tags of cell data: rows, cells, values, strings and their runs in SpreadsheetML's own
    namespace. Without comments, CDATA or processing instructions every ``<`` opens a tag (it
    may not appear in an attribute value), so reading tags off the bytes is exact; a part with
    any of those (Office writes none), or whose prefixes are rebound, is priced as structure."""
    if b"<!" in part or part.count(b"<?") > 1:
        return 0
    bindings: dict[bytes, set[bytes]] = {}
    for declaration in _XMLNS.finditer(part):
        bindings.setdefault(declaration.group(1) or b"", set()).add(declaration.group(2))
    own = {prefix for prefix, uris in bindings.items() if uris == {_MAIN}}
    return sum(
        1
        for tag in _TAG.finditer(part)
        if (tag.group(1) or b"") in own and tag.group(2) in _DATA_NAMES
    )
