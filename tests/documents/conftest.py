"""Session fixtures: seed 001 written once as .docx, .pdf and .html, plus hostile files."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.documents import Document, read_document
from tests.conftest import seed_path
from tests.documents import writers


@pytest.fixture(scope="session")
def seed001_txt() -> Document:
    return read_document(seed_path("001"))


@pytest.fixture(scope="session")
def seed001_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docx")
    return writers.write_docx(writers.seed_blocks("001"), folder / "汕头规划.docx")


@pytest.fixture(scope="session")
def seed001_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed 001 as a 26-page PDF; table rows and programme boxes break across pages."""
    folder = tmp_path_factory.mktemp("pdf")
    blocks = writers.seed_blocks("001")
    return writers.write_pdf(blocks, folder / "plan.pdf", running_title=RUNNING_TITLE)


RUNNING_TITLE = "示例规划页眉"  # our own running header text, repeated on every page


@pytest.fixture(scope="session")
def seed001_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("html")
    return writers.write_html(writers.seed_blocks("001"), folder / "plan.html")


@pytest.fixture(scope="session")
def seed001_html_gb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("html-gb")
    return writers.write_html(writers.seed_blocks("001"), folder / "plan.htm", encoding="gb2312")


@pytest.fixture(scope="session")
def picture_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return writers.write_picture_pdf(tmp_path_factory.mktemp("scan") / "scan.pdf")
