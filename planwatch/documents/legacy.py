"""Old Word (.doc) and WPS (.wps) files: converted to .docx by LibreOffice, then read as .docx.

Without LibreOffice installed the reader says so, with the package to install.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from planwatch import config
from planwatch.documents.docx import read_docx
from planwatch.documents.model import Document
from planwatch.errors import DocumentError

TIMEOUT_SECONDS = 60
PACKAGE = "libreoffice-writer-nogui"


def soffice() -> str:
    """The LibreOffice binary to use (PLANWATCH_SOFFICE), or DocumentError if it is not there."""
    binary = shutil.which(str(config.get("PLANWATCH_SOFFICE")))
    if binary is None:
        raise DocumentError(
            f"读取 .doc/.wps 需要安装 LibreOffice（Debian: apt-get install {PACKAGE}）",
            f"reading .doc/.wps needs LibreOffice (Debian: apt-get install {PACKAGE}); "
            "or save the file as .docx",
        )
    return binary


def read_legacy(data: bytes, filename: str) -> Document:
    """Convert a .doc/.wps to .docx in a private temporary directory and read that."""
    binary = soffice()
    suffix = Path(filename).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="planwatch-") as folder:
        work = Path(folder)
        source = work / f"input{suffix}"
        source.write_bytes(data)
        command = [
            binary,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",  # no shared profile lock
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        _run(command, binary, suffix)
        converted = work / "out" / "input.docx"
        if not converted.is_file():
            raise DocumentError(
                f"无法转换 {suffix} 文件：文件已损坏或格式不受支持",
                f"LibreOffice could not convert the {suffix} file (corrupt or unsupported)",
            )
        document = read_docx(converted.read_bytes(), filename)
    return replace(document, format=suffix.lstrip("."), sha256=hashlib.sha256(data).hexdigest())


def _run(command: list[str], binary: str, suffix: str) -> None:
    """Run the converter in its own process group, so a timeout kills soffice.bin as well."""
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as err:
        raise DocumentError(
            "无法运行 LibreOffice", f"cannot run LibreOffice ({binary}): {err}"
        ) from err
    try:
        process.wait(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as err:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise DocumentError(
            f"转换 {suffix} 文件超时（{TIMEOUT_SECONDS} 秒）",
            f"converting the {suffix} file timed out after {TIMEOUT_SECONDS} s",
        ) from err
