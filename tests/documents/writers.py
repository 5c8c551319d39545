"""Write a seed plan into real .docx, .pdf, .html and re-encoded .txt files for the reader tests.

The seed text is read at run time from ../shared/seeds; nothing of it is stored in the repo.
Headings are told by their numbering; the indicator table gets a merged two-row header.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

import docx
from docx.shared import Pt

from planwatch.documents import Block, read_document

__all__ = ["Block"]
from tests.conftest import seed_path

_LEVELS = (
    (re.compile(r"^[一二三四五六七八九十]+、"), 1),
    (re.compile(r"^（[一二三四五六七八九十]+）"), 2),
    (re.compile(r"^\d+\.\S"), 3),
)
GROUP_LABEL = "指标值"  # our own label for the merged header cell over the two year columns
INDICATOR_HEADER = ("序号", "指标名称", "2020年", "2025年", "指标性质")


def heading_level(text: str) -> int | None:
    """The outline level a numbered short line would have as a heading, else None."""
    if len(text) > 40 or text.endswith("。"):
        return None
    return next((level for pattern, level in _LEVELS if pattern.match(text)), None)


def seed_blocks(prefix: str, *, stop_after_box: int | None = None) -> list[Block]:
    """The seed's blocks as the text reader sees them; optionally cut after the n-th 专栏 box
    (tests/extraction/test_formats.py renders seed 001 up to its first box)."""
    blocks = list(read_document(seed_path(prefix)).blocks)
    if stop_after_box is None:
        return blocks
    seen = 0
    for index, block in enumerate(blocks):
        if block.rows and block.rows[0][0].startswith("专栏"):
            seen += 1
            if seen == stop_after_box:
                return blocks[: index + 1]
    return blocks


def _is_indicator_table(block: Block) -> bool:
    return bool(block.rows) and block.rows is not None and block.rows[0] == INDICATOR_HEADER


# ---------------------------------------------------------------- docx


def write_docx(blocks: Iterable[Block], path: Path) -> Path:
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10.5)
    for block in blocks:
        if block.kind == "table" and block.rows is not None:
            _docx_table(document, block)
        elif (level := heading_level(block.text)) is not None:
            document.add_heading(block.text, level=level)
        else:
            document.add_paragraph(block.text)
    document.save(str(path))
    return path


def _docx_table(document: docx.document.Document, block: Block) -> None:
    assert block.rows is not None
    body = list(block.rows)
    width = max(len(row) for row in body)
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    if _is_indicator_table(block):
        top, second = table.add_row().cells, table.add_row().cells
        for column in (0, 1, 4):  # 序号, 指标名称, 指标性质 span both header rows
            merged = top[column].merge(second[column])
            merged.text = INDICATOR_HEADER[column]
        group = top[2].merge(top[3])
        group.text = GROUP_LABEL
        second[2].text, second[3].text = INDICATOR_HEADER[2], INDICATOR_HEADER[3]
        body = body[1:]
    for row in body:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=False):
            cell.text = text


# ---------------------------------------------------------------- html (also the source of the pdf)


def html_body(blocks: Iterable[Block]) -> str:
    parts = []
    for block in blocks:
        if block.kind == "table" and block.rows is not None:
            parts.append(_html_table(block))
        elif (level := heading_level(block.text)) is not None:
            parts.append(f"<h{level + 1}>{html.escape(block.text)}</h{level + 1}>")
        else:
            parts.append(f"<p>{html.escape(block.text)}</p>")
    return "\n".join(parts)


def _cell(tag: str, text: str, attributes: str = "") -> str:
    return f"<{tag}{attributes}>{html.escape(text).replace(chr(10), '<br>')}</{tag}>"


def _html_table(block: Block) -> str:
    assert block.rows is not None
    rows = list(block.rows)
    lines = ["<table>"]
    if _is_indicator_table(block):
        lines.append(
            "<tr>"
            + _cell("th", "序号", ' rowspan="2"')
            + _cell("th", "指标名称", ' rowspan="2"')
            + _cell("th", GROUP_LABEL, ' colspan="2"')
            + _cell("th", "指标性质", ' rowspan="2"')
            + "</tr>"
        )
        lines.append("<tr>" + _cell("th", "2020年") + _cell("th", "2025年") + "</tr>")
        rows = rows[1:]
    for row in rows:
        lines.append("<tr>" + "".join(_cell("td", text) for text in row) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


BOILERPLATE_TOP = """
<div id="top-nav" class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zw">政务公开</a></li>
<li><a href="/hd">互动交流</a></li></ul></div>
<header><div class="logo">示例市人民政府门户网站</div></header>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 规划计划</div>
<div class="article-tools"><span>听全文</span> <span>【字体：大 中 小】</span>
<span>打印本页</span></div>
<script>var tracker = "这段脚本里的中文不应出现在正文中";</script>
<style>.TRS_Editor p { text-indent: 2em; }</style>
"""
BOILERPLATE_BOTTOM = """
<div class="share">分享到：微信 微博</div>
<div class="tools"><a href="#">打印本页</a> <a href="#">关闭窗口</a></div>
<div class="qr">扫一扫在手机打开当前页</div>
<aside class="related"><h3>相关文章</h3>
<ul><li><a href="#">另一份示例文件的标题链接</a></li></ul></aside>
<footer><p>主办单位：示例市人民政府办公室</p>
<p>网站标识码：0000000000 备案号：示ICP备00000000号</p></footer>
"""


def write_html(blocks: Iterable[Block], path: Path, *, encoding: str = "utf-8") -> Path:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
    page = (
        f"<!DOCTYPE html><html><head>{meta}<title>规划全文</title></head><body>"
        f'{BOILERPLATE_TOP}<div class="article"><p>【字体：大 中 小】 打印本页 分享到</p>'
        '<div class="TRS_Editor">'
        f"{html_body(blocks)}</div></div>{BOILERPLATE_BOTTOM}</body></html>"
    )
    # Sites that declare gb2312 really serve GBK or GB18030; the seeds need more than gb2312.
    codec = "gb18030" if encoding.lower() in {"gb2312", "gbk"} else encoding
    path.write_bytes(page.encode(codec))
    return path


# ---------------------------------------------------------------- pdf

PDF_STYLE = """
@page { size: A4; margin: 25mm 20mm;
        @top-center { content: "%s"; font-size: 8pt; }
        @bottom-center { content: "- " counter(page) " -"; font-size: 8pt; } }
body { font-family: "Noto Sans CJK SC"; font-size: 11pt; line-height: 1.6; }
p { text-indent: 2em; margin: 0 0 4pt 0; text-align: justify; }
table { border-collapse: collapse; width: 100%%; margin: 6pt 0; }
th, td { border: 0.8pt solid black; padding: 2pt 3pt; font-size: 9pt; }
"""


def write_pdf(blocks: Iterable[Block], path: Path, *, running_title: str) -> Path:
    from weasyprint import HTML

    style = PDF_STYLE % running_title.replace('"', "")
    page = f"<html><head><style>{style}</style></head><body>{html_body(blocks)}</body></html>"
    HTML(string=page).write_pdf(str(path))
    return path


def write_picture_pdf(path: Path) -> Path:
    """A PDF with drawings and no text at all, as a scanned page looks to a reader."""
    from weasyprint import HTML

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">'
        '<rect x="10" y="10" width="380" height="280" fill="#ccc"/>'
        '<circle cx="200" cy="150" r="90" fill="#333"/></svg>'
    )
    HTML(string=f"<html><body>{svg}</body></html>").write_pdf(str(path))
    return path


# ---------------------------------------------------------------- hostile files


def write_spanning_docx(path: Path, *, span: int, rows: int = 3, columns: int = 8) -> Path:
    """A small .docx whose every table cell claims to span ``span`` grid columns."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("到2025年，示例指标达到100个。")
    table = document.add_table(rows=rows, cols=columns)
    for row in table.rows:
        for cell in row.cells:
            cell.text = "示例"
            grid_span = OxmlElement("w:gridSpan")
            grid_span.set(qn("w:val"), str(span))
            cell._tc.get_or_add_tcPr().append(grid_span)
    document.save(str(path))
    return path


def write_zip_bomb(path: Path, megabytes: int) -> Path:
    """A .docx-shaped zip whose one member inflates to ``megabytes`` of zeros (streamed)."""
    import zipfile

    chunk = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(chunk)
    return path


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    from pdfminer.arcfour import Arcfour

    return Arcfour(key).encrypt(data)


def write_encrypted_pdf(path: Path, *, user_password: bytes, owner_password: bytes) -> Path:
    """A one-page PDF encrypted with the standard security handler (RC4 40-bit, revision 2)."""
    import hashlib

    file_id = hashlib.md5(b"planwatch test document").digest()  # the PDF spec fixes MD5 here
    permissions = -44
    owner_key = hashlib.md5((owner_password + _PAD)[:32]).digest()[:5]
    owner_entry = _rc4(owner_key, (user_password + _PAD)[:32])
    key = hashlib.md5(
        (user_password + _PAD)[:32]
        + owner_entry
        + permissions.to_bytes(4, "little", signed=True)
        + file_id
    ).digest()[:5]
    user_entry = _rc4(key, _PAD)
    content = b"BT /F1 12 Tf 20 100 Td (Encrypted test page) Tj ET"
    object_key = hashlib.md5(key + (4).to_bytes(3, "little") + b"\0\0").digest()[:10]
    stream = _rc4(object_key, content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P %d /O <%s> /U <%s> >>"
        % (permissions, owner_entry.hex().encode(), user_entry.hex().encode()),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 5 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        file_id.hex().encode(),
        file_id.hex().encode(),
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))
    return path
