"""`planwatch extract` end to end through the console entry point: output, contract, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from planwatch.cli import cli
from tests.documents import writers

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "示例市数字化发展规划.txt"


def test_json_output_conforms_to_contract(tmp_path: Path, contracts_dir: Path) -> None:
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(cli, ["extract", str(SAMPLE), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    plan = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads((contracts_dir / "plan.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(plan, schema)
    assert plan["title"] == "示例市数字化发展“十四五”规划"


def test_table_output_is_chinese_summary() -> None:
    result = CliRunner().invoke(cli, ["extract", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "指标与目标" in result.output
    assert "5G基站数" in result.output
    assert "重点项目" in result.output


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", b""),
        ("random.pdf", bytes(range(256)) * 8),
        ("random.docx", b"PK\x03\x04 not really a zip"),
        ("plan.xyz", "示例".encode()),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert_refused(path, tmp_path / "out.json")


def test_hostile_docx_span_exits_2_with_one_line(tmp_path: Path) -> None:
    path = writers.write_spanning_docx(tmp_path / "span.docx", span=999_999)
    assert "columns" in assert_refused(path, tmp_path / "out.json")


def test_too_many_targets_exits_2_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "targets.txt"
    lines = (f"到2025年，第{n}类设施达到{n}个。" for n in range(3100))
    path.write_text("\n".join(lines), encoding="utf-8")
    assert "targets" in assert_refused(path, tmp_path / "out.json")


def assert_refused(path: Path, out: Path) -> str:
    """Run the console script on ``path``; it must exit 2 with one line and write nothing."""
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "planwatch.cli",
            "extract",
            str(path),
            "--format",
            "json",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith("错误 error:") and " / " in lines[0]  # Chinese, then English
    assert "Traceback" not in completed.stderr
    assert not out.exists()  # nothing half-written
    return lines[0]


def test_missing_path_and_directory(tmp_path: Path) -> None:
    for target in (tmp_path / "missing.txt", tmp_path):
        result = CliRunner().invoke(cli, ["extract", str(target)])
        assert result.exit_code == 2
        assert "error" in result.output
