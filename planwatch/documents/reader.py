"""Entry points: read a document from a path or from bytes, choosing the reader by extension.

Every failure a user can cause ends as a DocumentError with a Chinese and an English message.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path, PureWindowsPath

from planwatch.documents import limits
from planwatch.documents.model import Document
from planwatch.errors import DocumentError

Reader = Callable[[bytes, str], Document]


def _readers() -> dict[str, Reader]:
    # Imported here so that reading a .txt never pays for lxml, pdfminer or python-docx.
    def txt(data: bytes, name: str) -> Document:
        from planwatch.documents.txt import read_txt

        return read_txt(data, name)

    def docx(data: bytes, name: str) -> Document:
        from planwatch.documents.docx import read_docx

        return read_docx(data, name)

    def pdf(data: bytes, name: str) -> Document:
        from planwatch.documents.pdf import read_pdf

        return read_pdf(data, name)

    def html(data: bytes, name: str) -> Document:
        from planwatch.documents.html import read_html

        return read_html(data, name)

    def legacy(data: bytes, name: str) -> Document:
        from planwatch.documents.legacy import read_legacy

        return read_legacy(data, name)

    return {
        ".txt": txt,
        ".text": txt,
        ".docx": docx,
        ".pdf": pdf,
        ".html": html,
        ".htm": html,
        ".doc": legacy,
        ".wps": legacy,
    }


SUPPORTED = (".txt", ".docx", ".pdf", ".html", ".htm", ".doc", ".wps")


def _reader_for(filename: str) -> Reader:
    suffix = Path(filename).suffix.lower()
    reader = _readers().get(suffix)
    if reader is None:
        listed = " ".join(SUPPORTED)
        raise DocumentError(
            f"不支持的文件类型“{suffix or '（无扩展名）'}”，支持：{listed}",
            f"unsupported file type {suffix or '(no extension)'!r}; supported: {listed}",
        )
    return reader


def read_bytes(data: bytes, filename: str, *, max_bytes: int | None = None) -> Document:
    """Read a document held in memory; ``filename`` chooses the reader and names the document."""
    reader = _reader_for(filename)
    limits.check_size(len(data), max_bytes)
    if not data.strip():
        raise DocumentError("文件只有空白，没有内容", "the file holds only whitespace")
    return reader(
        data, PureWindowsPath(filename).name
    )  # "C:\\docs\\a.doc" or "docs/a.doc" -> a.doc


def read_document(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Document:
    """Read the document at ``path``; its size is checked before a byte of it is read."""
    file = Path(path)
    try:
        info = file.stat()
    except FileNotFoundError as err:
        raise DocumentError(f"文件不存在：{file}", f"no such file: {file}") from err
    except OSError as err:
        raise DocumentError(f"无法访问文件：{file}", f"cannot access {file}: {err}") from err
    if file.is_dir():
        raise DocumentError(f"这是一个目录，不是文件：{file}", f"{file} is a directory")
    _reader_for(file.name)
    limits.check_size(info.st_size, max_bytes)
    try:
        data = file.read_bytes()
    except OSError as err:
        raise DocumentError(f"无法读取文件：{file}", f"cannot read {file}: {err}") from err
    return read_bytes(data, file.name, max_bytes=max_bytes)
