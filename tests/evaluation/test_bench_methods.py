"""Smoke test of the per-method benchmark at a tiny size (`make bench` runs 100k … 1M series)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "eval_bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("eval_bench_methods", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_bench_methods"] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("eval_bench_methods", None)


@pytest.mark.parametrize("method", ["plan-path", "opensdg"])
def test_method_run_evaluates_every_series(bench, method: str) -> None:
    figures = bench.method_run(method, 300)
    assert figures["series"] == 300
    assert figures["seconds"] > 0
    assert figures["peak_rss_mib"] > 0


def test_methods_main_prints_figures(bench, capsys: pytest.CaptureFixture[str]) -> None:
    bench.methods_main((100, 400))
    out = capsys.readouterr().out
    for method in ("plan-path", "opensdg"):
        assert re.search(rf"{method} +100 series", out)
        assert re.search(rf"{method} +4× the series \(100 → 400\)", out)
    assert "peak RSS" in out and "µs/series" in out and "sdg-build" in out
