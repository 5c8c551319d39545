"""National-scale evaluation: every series of a frame in one vectorised pass (plan-path + forecast).

`evaluate_frame` is what a region-subtree worker or the benchmark calls: observations with
indicator, region, series, t, value; one spec row per series (keys + plan_path.SPEC_COLUMNS).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from planwatch.evaluation import forecast, plan_path
from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.periods import date_time
from planwatch.evaluation.targets import EPS

KEYS = ["indicator", "region", "series"]
STATUS_COLUMNS = ["status", "score", "progress", "completion", "elapsed", "expected_value"]
FORECAST_COLUMNS = [
    "verdict",
    "linear_value",
    "cagr_value",
    "interval_low",
    "interval_high",
    "required_annual_change",
    "required_annual_growth_rate",
]


def evaluate_frame(
    observations: pl.DataFrame,
    specs: pl.DataFrame,
    *,
    as_of: date,
    config: EvalConfig | None = None,
    keys: list[str] | None = None,
) -> pl.DataFrame:
    """One row per spec row: keys, plan-path status columns and forecast columns."""
    config = config or EvalConfig()
    keys = keys or KEYS
    as_of_t = date_time(as_of)
    obs = observations.lazy().filter(pl.col("t") <= as_of_t + EPS)
    status = plan_path.evaluate_lazy(obs, specs, keys, config).select(*keys, *STATUS_COLUMNS)
    outlook = forecast.forecast_lazy(obs, specs, keys, config, as_of_t)
    joined = status.join(
        outlook.select(*keys, *FORECAST_COLUMNS), on=keys, how="left", nulls_equal=True
    )
    return joined.collect()
