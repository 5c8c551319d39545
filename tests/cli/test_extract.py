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
    out = tmp_path / "out.json"
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


def test_missing_path_and_directory(tmp_path: Path) -> None:
    for target in (tmp_path / "missing.txt", tmp_path):
        result = CliRunner().invoke(cli, ["extract", str(target)])
        assert result.exit_code == 2
        assert "error" in result.output
