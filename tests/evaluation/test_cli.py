"""`planwatch evaluate` through click: JSON per contract, a Chinese table, bad input → exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from planwatch.cli import cli
from tests.evaluation.conftest import SEED_001


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "plan.json").write_text(json.dumps(SEED_001, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "obs.csv").write_text(
        "indicator,period,value,region\n"
        '5g,2021,"5,000",\n'
        "5G基站开通数,2022,６０００,\n"
        "5g,2023,7000,汕头市\n"
        "gigabit,2022,57%,\n"
        "dc,2022,在建,\n",
        encoding="utf-8",
    )
    return tmp_path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["evaluate", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_conforms(files: Path, contracts_dir: Path) -> None:
    code, out, _ = invoke(
        "--plan", str(files / "plan.json"), "--observations", str(files / "obs.csv"),
        "--as-of", "2024-06-30", "--format", "json",
    )  # fmt: skip
    assert code == 0
    run = json.loads(out)
    schema = json.loads((contracts_dir / "evaluation.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(run, schema)
    assert run["indicators"][0]["status_label"] == "略有滞后"


@pytest.mark.parametrize("method", ["opensdg", "projection"])
def test_methods(files: Path, method: str) -> None:
    code, out, _ = invoke(
        "--plan", str(files / "plan.json"), "--observations", str(files / "obs.csv"),
        "--as-of", "2024-06-30", "--method", method, "--format", "json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["method"] == method


def test_table_is_chinese(files: Path) -> None:
    code, out, _ = invoke(
        "--plan", str(files / "plan.json"), "--observations", str(files / "obs.csv"),
        "--as-of", "2024-06-30",
    )  # fmt: skip
    assert code == 0
    assert "5G基站开通数" in out and "略有滞后" in out and "有风险" in out


def test_bad_observations_list_every_problem_and_write_nothing(files: Path) -> None:
    (files / "bad.csv").write_text(
        "indicator,period,value\n6G,2021,1\n5g,2022,12,3\n5g,2023,约50\n5g,2023,—\n5g,2x,1\n",
        encoding="utf-8",
    )
    out_file = files / "run.json"
    code, out, err = invoke(
        "--plan", str(files / "plan.json"), "--observations", str(files / "bad.csv"),
        "--format", "json", "-o", str(out_file),
    )  # fmt: skip
    assert code == 2
    assert out == ""
    assert not out_file.exists()
    for row in (2, 3, 4, 5, 6):
        assert f"row {row}" in err
    assert "规划中没有指标或项目" in err and "unknown indicator" in err


def test_plan_that_breaks_the_contract(files: Path) -> None:
    (files / "bad.json").write_text('{"schema": "planwatch.plan/1"}', encoding="utf-8")
    code, out, err = invoke(
        "--plan", str(files / "bad.json"), "--observations", str(files / "obs.csv")
    )
    assert code == 2 and out == ""
    assert "plan.schema.json" in err


def test_plan_that_is_not_json(files: Path) -> None:
    (files / "bad.json").write_text("{", encoding="utf-8")
    code, _, err = invoke(
        "--plan", str(files / "bad.json"), "--observations", str(files / "obs.csv")
    )
    assert code == 2 and "not valid JSON" in err


def test_output_file_and_config(files: Path) -> None:
    (files / "cfg.toml").write_text("on_track_tolerance = 0.2\n", encoding="utf-8")
    target = files / "run.json"
    code, out, _ = invoke(
        "--plan", str(files / "plan.json"), "--observations", str(files / "obs.csv"),
        "--as-of", "2024-06-30", "--config", str(files / "cfg.toml"), "--format", "json",
        "-o", str(target),
    )  # fmt: skip
    assert code == 0 and out == ""
    run = json.loads(target.read_text(encoding="utf-8"))
    assert run["indicators"][0]["status"] == "on_track"  # c = 0.526 ≥ 0.6 − 0.2


def test_bad_config_key(files: Path) -> None:
    (files / "cfg.json").write_text('{"nonsense": 1}', encoding="utf-8")
    code, _, err = invoke(
        "--plan", str(files / "plan.json"), "--observations", str(files / "obs.csv"),
        "--config", str(files / "cfg.json"),
    )  # fmt: skip
    assert code == 2 and "nonsense" in err


def test_alignment_and_regions(files: Path) -> None:
    (files / "regions.json").write_text('{"龙湖区": "汕头市"}', encoding="utf-8")
    code, out, _ = invoke(
        "--plan", str(files / "plan.json"), "--observations", str(files / "obs.csv"),
        "--as-of", "2024-06-30", "--format", "json", "--align-with", str(files / "plan.json"),
        "--regions", str(files / "regions.json"),
    )  # fmt: skip
    assert code == 0
    alignment = json.loads(out)["alignment"]
    assert [r["flags"] for r in alignment] == [[], []]
