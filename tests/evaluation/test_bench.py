"""Smoke test of the benchmark's code path at a tiny size (the full bench is `make bench`)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "eval_bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("eval_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_bench"] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("eval_bench", None)


def test_generate_and_evaluate(bench) -> None:
    data = bench.generate(regions=5, indicators=7)
    assert data.series == 35
    assert data.observations.height == 35 * bench.YEARS
    result = bench.evaluate(data)
    assert result.height == 35
    assert result.get_column("status").null_count() == 0
    assert set(result.get_column("verdict").unique()) <= {"likely", "at_risk", "unlikely"}


def test_generation_is_deterministic(bench) -> None:
    a, b = bench.generate(3, 4), bench.generate(3, 4)
    assert a.observations.equals(b.observations)


def test_main_prints_figures(bench, capsys: pytest.CaptureFixture[str]) -> None:
    bench.main(["--regions", "8", "--indicators", "5"])
    out = capsys.readouterr().out
    for word in ("rows", "series", "evaluation time", "series per second", "peak RSS", "1/4"):
        assert word in out
