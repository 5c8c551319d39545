"""evaluate_frame (the national-scale entry point) against the scalar references."""

from __future__ import annotations

import random
from datetime import date

import polars as pl
import pytest

from planwatch.evaluation.batch import evaluate_frame
from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.forecast import forecast_series
from planwatch.evaluation.plan_path import SPEC_COLUMNS, evaluate_series
from tests.evaluation.conftest import spec

CONFIG = EvalConfig()


def test_frame_agrees_with_scalar_references() -> None:
    rng = random.Random(3)
    obs_rows, spec_rows, cases = [], [], {}
    for n in range(300):
        s = spec(
            (2020, rng.uniform(1, 100)) if rng.random() < 0.8 else None,
            (rng.choice([2024, 2025]), rng.uniform(1, 200)),
            rng.choice([">=", "<=", None]),
            direction=rng.choice([1, -1]),
            binding=rng.random() < 0.5,
            geometric=rng.random() < 0.5,
        )
        years = sorted(rng.sample(range(2018, 2027), rng.randint(0, 7)))
        points = [(float(y), rng.uniform(1, 200)) for y in years]
        key = {"indicator": f"i{n % 17}", "region": f"r{n}", "series": ""}
        obs_rows += [{**key, "t": t, "value": v} for t, v in points]
        spec_rows.append({**key, **{c: getattr(s, c) for c in SPEC_COLUMNS}})
        cases[key["region"]] = ([p for p in points if p[0] <= 2024.0], s)
    keys = dict.fromkeys(["indicator", "region", "series"], pl.String)
    obs = pl.DataFrame(obs_rows, schema=keys | {"t": pl.Float64, "value": pl.Float64})
    specs = pl.DataFrame(spec_rows, schema=keys | SPEC_COLUMNS)
    result = evaluate_frame(obs, specs, as_of=date(2024, 12, 31), config=CONFIG)
    assert result.height == 300
    for row in result.iter_rows(named=True):
        points, s = cases[row["region"]]
        status, outlook = evaluate_series(points, s, CONFIG), forecast_series(points, s, CONFIG)
        assert row["status"] == status["status"]
        assert row["verdict"] == outlook["verdict"]
        if status["score"] is not None:
            assert row["score"] == pytest.approx(status["score"], rel=1e-9, abs=1e-9)
        if outlook.get("linear_value") is not None:
            assert row["linear_value"] == pytest.approx(outlook["linear_value"], rel=1e-6)
