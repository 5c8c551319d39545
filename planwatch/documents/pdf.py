"""PDF reader (pdfplumber): text lines outside tables become paragraphs, ruled tables become tables.

Running headers, footers and page numbers are dropped; a PDF without a text layer is refused.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.psexceptions import PSException
from pdfplumber.table import Table, TableFinder, TableSettings
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from planwatch.documents import limits, pdflines
from planwatch.documents.builder import DocumentBuilder
from planwatch.documents.model import Document
from planwatch.errors import DocumentError

MAX_PAGES = 3000
MAX_EDGES = 5000  # more rules than this on a page is a map or chart; finding tables would crawl
# pdfminer meets hostile files with assorted exceptions; all of them mean "cannot read this PDF".
_CORRUPT = (
    PdfminerException,
    MalformedPDFException,
    PSException,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    struct.error,
    zlib.error,
    EOFError,
    RecursionError,
)


@dataclass(frozen=True, slots=True)
class _Table:
    rows: list[list[str]]
    top: float
    page: int
    columns: int
    open_top: bool = False  # the rules run off the top of the page: a row continued from before
    open_bottom: bool = False  # the last row is cut by the page end and goes on overleaf


def read_pdf(data: bytes, filename: str) -> Document:
    """Read a PDF's text layer; scanned, encrypted or corrupt files raise DocumentError."""
    if b"%PDF-" not in data[:1024]:
        raise DocumentError("文件不是 PDF 格式", "the file is not a PDF (no %PDF header)")
    try:
        items, chars = _read_pages(data)
    except _CORRUPT as err:
        raise _explain(err) from err
    if chars == 0:
        raise DocumentError(
            "PDF 没有文字层（可能是扫描件），请先进行文字识别（OCR）",
            "PDF has no text layer (scanned?); run OCR first",
        )
    return _assemble(items, data, filename)


def _explain(err: BaseException) -> DocumentError:
    cause = err.args[0] if isinstance(err, PdfminerException) and err.args else err
    if isinstance(cause, PDFEncryptionError):
        return DocumentError(
            "PDF 已加密（需要密码），请提供未加密的文件",
            "the PDF is encrypted (password required); upload an unencrypted copy",
        )
    return DocumentError(
        "无法读取 PDF：文件已损坏或不完整",
        f"cannot read the PDF: corrupt or truncated ({type(cause).__name__})",
    )


def _read_pages(data: bytes) -> tuple[list[pdflines.Line | _Table], int]:
    items: list[pdflines.Line | _Table] = []
    chars = rules = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise DocumentError(
                f"PDF 页数过多（{len(pdf.pages)} 页），上限 {MAX_PAGES} 页",
                f"too many pages ({len(pdf.pages)}); the limit is {MAX_PAGES}",
            )
        for number, page in enumerate(pdf.pages):
            chars += len(page.chars)
            rules += _searched_rules(page)
            limits.check_rules(rules)  # before the page's tables are searched
            items.extend(_page_items(page, number))
            page.close()  # frees the page's parsed objects: memory stays flat on long files
    return items, chars


def _open_ends(page: Any) -> tuple[float | None, float | None]:
    """Where table rules run into the page's top or bottom margin with no rule across them.

    Word and browsers let a row break across pages; the cut rows have no closing rule, so
    the table finder would miss them. The returned heights get a rule added.
    """
    edges = page.edges
    verticals = [e for e in edges if e["orientation"] == "v"]
    if not verticals:
        return None, None
    horizontals = [e["top"] for e in edges if e["orientation"] == "h"]
    top = min(e["top"] for e in verticals)
    bottom = max(e["bottom"] for e in verticals)

    def ruled(y: float) -> bool:
        return any(abs(h - y) < 2 for h in horizontals)

    return (None if ruled(top) else top), (None if ruled(bottom) else bottom)


def _searched_rules(page: Any) -> int:
    """The ruling lines whose crossings the table finder will search on this page."""
    if not page.chars:
        return 0
    edges = len(page.edges)
    return 0 if edges > MAX_EDGES else edges  # more is a vector drawing, not tables


def _find_tables(page: Any) -> tuple[list[Any], float | None, float | None]:
    if not _searched_rules(page):
        return [], None, None
    top, bottom = _open_ends(page)
    extra = [y for y in (top, bottom) if y is not None]
    finder = TableFinder(page, TableSettings.resolve({"explicit_horizontal_lines": extra}))
    found = list(finder.tables)
    # pdfplumber drops one-cell tables, but a boxed 专栏 (or the part of one that runs onto
    # the next page) is exactly that; a frame around the whole page is not.
    used = {cell for table in found for cell in table.cells}
    found += [
        Table(page, [cell])
        for cell in finder.cells
        if cell not in used and cell[3] - cell[1] < 0.9 * float(page.height)
    ]
    return found, top, bottom


def _page_items(page: Any, number: int) -> list[pdflines.Line | _Table]:
    """The page's text lines outside tables and its tables, top to bottom."""
    found, open_top, open_bottom = _find_tables(page)
    boxes = [table.bbox for table in found]

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside) if boxes else page
    height = float(page.height)
    items: list[pdflines.Line | _Table] = [
        pdflines.Line(
            line["text"], line["x0"], line["x1"], line["top"], line["bottom"], number, height
        )
        for line in text_page.extract_text_lines(return_chars=False)
        if line["text"].strip()
    ]
    for table in found:
        rows = _table_rows(table, page)
        if any(any(row) for row in rows):
            _, top, _, bottom = table.bbox
            items.append(
                _Table(
                    rows,
                    float(top),
                    number,
                    columns=max(len(row.cells) for row in table.rows),
                    open_top=_near(top, open_top),
                    open_bottom=_near(bottom, open_bottom),
                )
            )
    items.sort(key=lambda item: item.top)
    return items


def _near(y: float, mark: float | None) -> bool:
    return mark is not None and abs(y - mark) < 2


def _table_rows(table: Any, page: Any) -> list[list[str]]:
    """Cell texts row by row: a cell merged across columns once, one merged down repeated."""
    grid = table.extract()
    centres: dict[int, float] = {}
    for row in table.rows:
        for column, box in enumerate(row.cells):
            if box is not None:
                centres.setdefault(column, (box[0] + box[2]) / 2)
    rows: list[list[str]] = []
    above: dict[int, str] = {}
    for texts, row in zip(grid, table.rows, strict=False):
        cells: list[str] = []
        spanning: tuple[float, str] | None = None  # right edge and text of the last real cell
        for column, (text, box) in enumerate(zip(texts, row.cells, strict=False)):
            if box is not None:
                value = _cell(text, box, page)
                spanning = (box[2], value)
            elif spanning is not None and spanning[0] > centres.get(column, spanning[0] + 1):
                above[column] = spanning[1]  # merged across: give it once
                continue
            else:
                value = above.get(column, "")  # merged down: repeat the text above
            cells.append(value)
            above[column] = value
        rows.append(cells)
    return rows


def _cell(text: str | None, box: tuple[float, float, float, float], page: Any) -> str:
    """A cell's text with wrapped lines joined and its own paragraphs kept apart by newlines."""
    if not text or "\n" not in text:
        return (text or "").strip()
    lines = [
        pdflines.Line(line["text"], line["x0"], line["x1"], line["top"], line["bottom"], 0, 0.0)
        for line in page.crop(box, strict=False).extract_text_lines(return_chars=False)
        if line["text"].strip()
    ]
    return "\n".join(pdflines.paragraphs(lines, pdflines.geometry(lines)))


def _continue(table: _Table, overleaf: _Table) -> _Table:
    """One table from a table and its continuation on the next page."""
    rows = [list(row) for row in overleaf.rows]
    if rows and rows[0] == table.rows[0]:
        rows = rows[1:]  # the header row repeated on the new page
    head = list(table.rows)
    if table.open_bottom and overleaf.open_top and rows and len(rows[0]) == len(head[-1]):
        head[-1] = [pdflines.glue(a, b) for a, b in zip(head[-1], rows[0], strict=True)]
        rows = rows[1:]  # the row broken by the page end, glued back together
    return _Table(
        head + rows,
        table.top,
        overleaf.page,
        overleaf.columns,
        table.open_top,
        overleaf.open_bottom,
    )


def _assemble(items: list[pdflines.Line | _Table], data: bytes, filename: str) -> Document:
    lines = [item for item in items if isinstance(item, pdflines.Line)]
    pages = 1 + max((item.page for item in items), default=0)
    dropped = {id(lines[i]) for i in pdflines.furniture(lines, pages)}
    kept = [item for item in items if id(item) not in dropped]
    column = pdflines.geometry([item for item in kept if isinstance(item, pdflines.Line)])
    builder = DocumentBuilder()
    run: list[pdflines.Line] = []
    pending: _Table | None = None
    for item in kept:
        if isinstance(item, pdflines.Line):
            if pending is not None:
                builder.table(pending.rows)
                pending = None
            run.append(item)
            continue
        for text in pdflines.paragraphs(run, column):
            builder.paragraph(text)
        run = []
        if pending is not None and pending.columns == item.columns and item.page > pending.page:
            pending = _continue(pending, item)
        else:
            if pending is not None:
                builder.table(pending.rows)
            pending = item
    if pending is not None:
        builder.table(pending.rows)
    for text in pdflines.paragraphs(run, column):
        builder.paragraph(text)
    if dropped:
        builder.notes.append(
            f"删除了 {len(dropped)} 行页眉、页脚或页码 / "
            f"dropped {len(dropped)} header, footer or page-number lines"
        )
    return builder.build(data, filename, "pdf")
