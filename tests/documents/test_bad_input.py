"""Bad input of every kind ends as a DocumentError with a one-line Chinese and English reason."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from planwatch.documents import SUPPORTED, read_bytes, read_document
from planwatch.errors import DocumentError


def refused(path: Path | str, **kwargs: int) -> DocumentError:
    """Read ``path``, expect a DocumentError, check its messages and return it."""
    with pytest.raises(DocumentError) as info:
        read_document(path, **kwargs)
    error = info.value
    assert error.zh and error.en and error.zh != error.en
    assert "\n" not in error.one_line()
    return error


def test_missing_file(tmp_path: Path) -> None:
    assert "不存在" in refused(tmp_path / "nowhere.txt").zh


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "plan.txt"
    folder.mkdir()
    assert "目录" in refused(folder).zh


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n \n"], ids=["zero-bytes", "whitespace"])
@pytest.mark.parametrize("suffix", [".txt", ".docx", ".pdf", ".html"])
def test_empty_file(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(content)
    assert "空" in refused(path).zh


def test_unknown_extension_lists_the_supported_ones(tmp_path: Path) -> None:
    path = tmp_path / "plan.xyz"
    path.write_text("内容", encoding="utf-8")
    error = refused(path)
    assert ".xyz" in error.zh
    assert all(suffix in error.en for suffix in SUPPORTED)


def test_no_extension(tmp_path: Path) -> None:
    path = tmp_path / "README"
    path.write_text("内容", encoding="utf-8")
    assert "无扩展名" in refused(path).zh


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: costs no disk and no time
    began = time.perf_counter()
    error = refused(path)
    assert time.perf_counter() - began < 0.5
    assert "过大" in error.zh and "100.0 MB" in error.en


def test_limit_comes_from_the_setting_or_the_argument(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes("规划正文。".encode() * 1000)
    assert read_document(path).blocks
    refused(path, max_bytes=1000)
    monkeypatch.setenv("PLANWATCH_MAX_DOCUMENT_MB", "0")
    refused(path)
    with pytest.raises(DocumentError):
        read_bytes(path.read_bytes(), "plan.txt")


def test_binary_garbage_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(os.urandom(64 * 1024))
    assert "编码" in refused(path).zh


def test_all_nul_text_file(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(b"\x00" * 10_000)
    refused(path)
