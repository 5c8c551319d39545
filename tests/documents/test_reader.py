"""Dispatch by extension and what every Document records about its source."""

from __future__ import annotations

import hashlib
from pathlib import Path

from planwatch.documents import read_bytes, read_document

TEXT = "一、总体要求\n到2025年，示范工程达到20项。\n".encode()


def test_extension_case_does_not_matter(tmp_path: Path) -> None:
    path = tmp_path / "PLAN.TXT"
    path.write_bytes(TEXT)
    doc = read_document(path)
    assert (doc.format, doc.file, doc.encoding) == ("txt", "PLAN.TXT", "utf-8")
    assert doc.sha256 == hashlib.sha256(TEXT).hexdigest()


def test_file_is_the_base_name_only() -> None:
    assert read_bytes(TEXT, r"C:\规划\示例.txt").file == "示例.txt"
    assert read_bytes(TEXT, "uploads/2024/示例.txt").file == "示例.txt"


def test_str_path_and_blocks(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(TEXT)
    doc = read_document(str(path))
    assert [b.text for b in doc.blocks] == ["一、总体要求", "到2025年，示范工程达到20项。"]
