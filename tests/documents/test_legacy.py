"""Old .doc/.wps files: a clear error without LibreOffice; with it, conversion then the docx reader.

A stand-in converter script plays LibreOffice, so the command line and temp-dir handling are tested
without installing it.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import time
from pathlib import Path

import pytest

from planwatch.documents import legacy, read_bytes, read_document
from planwatch.errors import DocumentError

FAKE_SOFFICE = """#!{python}
import shutil, sys
from pathlib import Path
args = sys.argv[1:]
assert "--headless" in args and args[args.index("--convert-to") + 1] == "docx"
outdir = Path(args[args.index("--outdir") + 1])
source = Path(args[-1])
if source.read_bytes().startswith(b"SLOW"):
    import time
    time.sleep(30)
if source.read_bytes().startswith(b"GOOD"):
    outdir.mkdir(parents=True, exist_ok=True)
    shutil.copy({docx!r}, outdir / (source.stem + ".docx"))
"""


@pytest.fixture
def fake_soffice(tmp_path: Path, seed001_docx: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp_path / "fake-soffice"
    script.write_text(FAKE_SOFFICE.format(python=sys.executable, docx=str(seed001_docx)))
    script.chmod(0o755)
    monkeypatch.setenv("PLANWATCH_SOFFICE", str(script))
    return script


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    monkeypatch.setenv("PLANWATCH_SOFFICE", str(tmp_path / "no-such-soffice"))
    path = tmp_path / f"old{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert "LibreOffice" in info.value.zh and "libreoffice-writer-nogui" in info.value.en


@pytest.mark.usefixtures("fake_soffice")
@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_converted_then_read_as_docx(seed001_docx: Path, suffix: str) -> None:
    data = b"GOOD" + b"\x00" * 100
    doc = read_bytes(data, f"旧格式{suffix}")
    assert doc.format == suffix[1:] and doc.file == f"旧格式{suffix}"
    assert doc.blocks == read_document(seed001_docx).blocks
    assert doc.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.usefixtures("fake_soffice")
def test_conversion_failure() -> None:
    with pytest.raises(DocumentError) as info:
        read_bytes(b"BAD" + b"\x00" * 100, "broken.doc")
    assert "无法转换" in info.value.zh


@pytest.mark.usefixtures("fake_soffice")
def test_conversion_timeout_kills_the_converter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legacy, "TIMEOUT_SECONDS", 1)
    began = time.monotonic()
    with pytest.raises(DocumentError) as info:
        read_bytes(b"SLOW" + b"\x00" * 100, "slow.wps")
    assert "超时" in info.value.zh
    assert time.monotonic() - began < 10


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_real_libreoffice_round_trip(tmp_path: Path, seed001_docx: Path) -> None:
    import subprocess

    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(seed001_docx),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    doc = read_document(next(tmp_path.glob("*.doc")))
    assert any("5G基站开通数（座）" in row for b in doc.blocks if b.rows for row in b.rows)
