"""`planwatch extract FILE`: read a plan document and print its structured plan (JSON or a table)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click

from planwatch.documents import read_document
from planwatch.extraction import extract_plan
from planwatch.extraction.summary import render_table


@click.command()
@click.argument("file", type=click.Path(path_type=str))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table"]),
    default="table",
    show_default=True,
    help="json: 符合 plan.schema.json 的结构化规划 / the contract JSON; table: 中文摘要 / a summary.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="写入文件而不是标准输出 / write to a file instead of standard output.",
)
def extract(file: str, fmt: str, output: str | None) -> None:
    """从规划文件中抽取大纲、指标与目标、专栏、项目和任务 / extract a plan from a document.

    FILE: .txt（UTF-8 / GB18030 / UTF-16）、.docx、.pdf、.html、.doc/.wps（需 LibreOffice）。
    """
    document = read_document(file)
    plan = extract_plan(document)
    if fmt == "json":
        text = json.dumps(plan, ensure_ascii=False, indent=2) + "\n"
    else:
        text = render_table(plan, color=output is None and sys.stdout.isatty())
    if output is None:
        click.echo(text, nl=False)
    else:
        _write_atomically(Path(output), text)


def _write_atomically(path: Path, text: str) -> None:
    # Nothing half-written: write beside the target, then rename over it.
    directory = path.parent if str(path.parent) else Path(".")
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=directory, delete=False, suffix=".tmp"
    ) as handle:
        handle.write(text)
        temporary = handle.name
    os.replace(temporary, path)
