"""HTML reader (lxml): the page's main content as headings, paragraphs and tables.

Navigation, scripts, share and print tools and footers are removed before the content is chosen.
Nesting depth, table width and cell count are checked against budgets before they are walked.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from planwatch.documents import boilerplate
from planwatch.documents.builder import DocumentBuilder
from planwatch.documents.encoding import decode_text
from planwatch.documents.limits import CellBudget, check_depth
from planwatch.documents.model import Document
from planwatch.errors import DocumentError

# never content
_CODE_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "frame", "object", "embed", "svg"}
    | {"canvas", "button", "select", "textarea", "input", "map", "audio", "video"}
)
# usually furniture, but some sites wrap the whole page in one (ASP.NET puts it all in a <form>)
_LAYOUT_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "frameset"})
_BLOCK = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "body",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "center",
        "address",
        "figure",
        "figcaption",
        "hr",
        "tr",
        "tbody",
        "thead",
        "tfoot",
        "caption",
    }
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# A line break between two Chinese characters is no space: the whole run of white space around
# it goes. Possessive, so a long run followed by something else is given up at once.
_CJK_BREAK = re.compile(
    r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])(?=[ \t\r\f]*+\n)[ \t\r\n\f]++"
    r"(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])"
)
_SPACE = re.compile(r"[ \t\r\n\f]+")
MAX_SPAN = 200  # colspan/rowspan beyond this is hostile, not a plan table


def read_html(data: bytes, filename: str) -> Document:
    """Read an html page's main content from its bytes."""
    declared = _CHARSET.search(data[:4096])
    text, encoding = decode_text(data, declared.group(1).decode("ascii") if declared else None)
    try:
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as err:
        raise DocumentError("无法解析 HTML 页面", f"cannot parse the html page: {err}") from err
    check_depth(_depth(root))
    builder = DocumentBuilder()
    dropped = _strip_furniture(root)
    _Walker(builder, CellBudget()).block(_main_content(root))
    if dropped:
        builder.notes.append(
            f"删除了 {dropped} 处网页导航或工具栏 / removed {dropped} page furniture"
        )
    if not builder.blocks:
        raise DocumentError("网页中没有找到正文", "no content found in the html page")
    return builder.build(data, filename, "html", encoding)


def _depth(root: etree._Element) -> int:
    """How deeply the page's elements nest, found without recursion."""
    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _cjk_counts(root: etree._Element) -> dict[etree._Element, int]:
    """Chinese characters in each element's text content, all counted in one pass."""
    counts: dict[etree._Element, int] = {}
    for _, element in etree.iterwalk(root, events=("end",)):  # children before parents
        counts[element] = len(_CJK.findall(element.text or "")) + sum(
            counts.get(child, 0) + len(_CJK.findall(child.tail or "")) for child in element
        )
    return counts


def _strip_furniture(root: etree._Element) -> int:
    """Remove scripts, navigation and tool bars, but never what holds most of the text."""
    cjk = _cjk_counts(root)  # dropping an element never changes the counts checked after it
    total = max(cjk[root], 1)
    doomed = [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and (
            element.tag in _CODE_TAGS
            or element.tag in _LAYOUT_TAGS
            or boilerplate.is_furniture_name(f"{element.get('id', '')} {element.get('class', '')}")
        )
    ]
    removed = 0
    for element in doomed:
        parent = element.getparent()
        if parent is None or element.tag in ("body", "html"):
            continue
        if element.tag not in _CODE_TAGS and cjk[element] > total / 2:
            continue
        element.drop_tree()  # keeps the tail text, which belongs to the parent
        removed += 1
    return removed


def _main_content(root: etree._Element) -> etree._Element:
    """The element holding most of the page's Chinese text in its own paragraphs, widened to
    its title: each element's direct text counts for itself, its parent and half for its
    grandparent, so a container of many paragraphs beats any single long paragraph."""
    body = root.find("body")
    if body is None:
        body = root
    scores: dict[etree._Element, float] = {}
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        own = len(_CJK.findall(element.text or "")) + sum(
            len(_CJK.findall(child.tail or "")) for child in element
        )
        if not own:
            continue
        parent = element.getparent()
        grandparent = parent.getparent() if parent is not None else None
        for target, weight in ((element, 1.0), (parent, 1.0), (grandparent, 0.5)):
            if target is not None:
                scores[target] = scores.get(target, 0.0) + weight * own
    best = max(scores, key=scores.__getitem__, default=body)
    cjk = _cjk_counts(root)
    # climb while the parent adds little: a title, a date line, not a second column of links
    while best is not body and (parent := best.getparent()) is not None:
        if cjk[parent] > 1.15 * cjk[best] + 60:
            break
        best = parent
    return best


def _clean(text: str) -> str:
    return _SPACE.sub(" ", _CJK_BREAK.sub("", text)).strip()


def _span(cell: etree._Element, name: str) -> int:
    value = cell.get(name, "1").strip()
    return min(max(int(value), 1), MAX_SPAN) if value.isdigit() else 1


def table_rows(table: etree._Element, budget: CellBudget) -> list[list[str]]:
    """Rows of cell texts; a cell spanning columns or rows repeats its text in each slot."""
    rows: list[list[str]] = []
    pending: dict[int, tuple[int, str]] = {}  # column -> (rows still covered, text)
    for tr in table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"):
        row: list[str] = []
        for cell in tr.xpath("./td | ./th"):
            _fill_covered(row, pending)
            across = _span(cell, "colspan")
            budget.columns(len(row) + across)
            budget.take(across)
            text = _cell_text(cell, budget)
            down = _span(cell, "rowspan")
            for _ in range(across):
                if down > 1:
                    pending[len(row)] = (down - 1, text)
                row.append(text)
        _fill_covered(row, pending)
        last = max(pending, default=-1)  # covered slots past the last cell, up to this one
        budget.take(max(last + 1 - len(row), 0))
        while len(row) <= last:
            row.append("")
            _fill_covered(row, pending)
        rows.append(row)
    return rows


def _fill_covered(row: list[str], pending: dict[int, tuple[int, str]]) -> None:
    """Append the texts of cells from rows above that span down into the next slots."""
    while len(row) in pending:
        left, text = pending.pop(len(row))
        row.append(text)
        if left > 1:
            pending[len(row) - 1] = (left - 1, text)


def _cell_text(cell: etree._Element, budget: CellBudget) -> str:
    lines: list[str] = []
    walker = _Walker(None, budget, lines)
    walker.block(cell)
    return "\n".join(lines)


def _is_layout_table(table: etree._Element) -> bool:
    """Old sites lay pages out with tables: one holding tables or long paragraphs is a frame."""
    return bool(table.xpath(".//table")) or len(table.xpath(".//p")) > 3 * max(
        len(table.xpath(".//tr")), 1
    )


class _Walker:
    """Turns an element tree into blocks: flushes inline text at block boundaries and <br>."""

    def __init__(
        self, builder: DocumentBuilder | None, budget: CellBudget, lines: list[str] | None = None
    ) -> None:
        self.builder = builder
        self.budget = budget
        self.lines = lines  # when reading a table cell: its paragraphs as lines
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = _clean("".join(self.buffer))
        self.buffer = []
        if not text or boilerplate.is_boilerplate(text):
            return
        if self.builder is not None:
            self.builder.paragraph(text)
        elif self.lines is not None:
            self.lines.append(text)

    def block(self, element: etree._Element) -> None:
        self.flush()
        self.inline(element)
        self.flush()

    def inline(self, element: etree._Element) -> None:
        self.buffer.append(element.text or "")
        for child in element:
            if isinstance(child.tag, str):
                self.child(child)
            self.buffer.append(child.tail or "")

    def child(self, element: etree._Element) -> None:
        tag = element.tag.lower()
        if tag == "br":
            self.flush()
        elif tag in _HEADINGS:
            self.heading(element, _HEADINGS[tag])
        elif tag == "table" and not _is_layout_table(element):
            self.table(element)
        elif tag in _BLOCK or tag in ("table", "td", "th"):
            self.block(element)
        else:
            self.inline(element)

    def heading(self, element: etree._Element, level: int) -> None:
        self.flush()
        text = _clean(element.text_content())
        if self.builder is not None and text:
            self.builder.paragraph(text, level=level)
        elif self.lines is not None and text:
            self.lines.append(text)

    def table(self, element: etree._Element) -> None:
        self.flush()
        rows = table_rows(element, self.budget)
        if self.builder is not None:
            self.builder.table(rows)
        elif self.lines is not None:  # a table inside a cell: its rows as lines
            self.lines.extend(" ".join(cell for cell in row if cell) for row in rows if any(row))
