"""Encoding detection for plain text: BOMs, UTF-8, UTF-16 without BOM, GB18030, refusals."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from planwatch.documents import read_document
from planwatch.documents.encoding import decode_text, widen
from planwatch.errors import DocumentError
from tests.conftest import seed_path
from tests.documents.helpers import table_with

# Our own sample sentence: CJK, ASCII digits, full-width punctuation, a line break.
SAMPLE = "到2025年，示范园区达到12个（含新建3个）。\n第二行：ABC。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (SAMPLE.encode("gbk"), "gb18030"),
    ],
)
def test_decodes(data: bytes, encoding: str) -> None:
    assert decode_text(data) == (SAMPLE, encoding)


def test_declared_charset_goes_first_and_is_widened() -> None:
    assert widen("GB2312") == "gb18030"
    assert widen("no-such-charset") == "utf-8"
    data = "汉字".encode("gb18030")
    assert decode_text(data, declared="gb2312") == ("汉字", "gb18030")


def test_declared_charset_that_fails_falls_back() -> None:
    assert decode_text(SAMPLE.encode("utf-8"), declared="gb2312")[0] == SAMPLE


@pytest.mark.parametrize("codec", ["gb18030", "utf-16"])
def test_seed_in_other_encodings_reads_the_same(tmp_path: Path, codec: str) -> None:
    original = read_document(seed_path("001"))
    path = tmp_path / f"plan-{codec}.txt"
    text = seed_path("001").read_text(encoding="utf-8")
    path.write_bytes(text.replace("\n", "\r\n").encode(codec))
    doc = read_document(path)
    assert doc.encoding == ("gb18030" if codec == "gb18030" else "utf-16-le")
    assert doc.text == original.text
    assert doc.blocks == original.blocks
    assert table_with(doc, "5G基站开通数（座）").rows == table_with(original, "4000").rows


@pytest.mark.parametrize(
    "data",
    [
        b"\x00" * 4096,
        bytes(range(256)) * 64,
        b"\x89PNG\r\n\x1a\n" + bytes((i * 37 + 11) % 256 for i in range(5000)),
    ],
    ids=["nuls", "all-bytes", "binary"],
)
def test_undecodable_bytes_are_refused(data: bytes) -> None:
    with pytest.raises(DocumentError) as info:
        decode_text(data)
    assert "编码" in info.value.zh
