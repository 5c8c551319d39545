"""The evaluation engine: plan + observed values → status, score, forecast, roll-ups, warnings.

Framework-free (Polars); `evaluate_plan` is the one entry point the CLI and the web layer call.
"""

from __future__ import annotations

from planwatch.evaluation.alignment import align_plans, check_sum
from planwatch.evaluation.batch import evaluate_frame
from planwatch.evaluation.config import EvalConfig, load_config
from planwatch.evaluation.engine import evaluate_plan
from planwatch.evaluation.observations import load_observations, observations_from_rows

__all__ = [
    "EvalConfig",
    "align_plans",
    "check_sum",
    "evaluate_frame",
    "evaluate_plan",
    "load_config",
    "load_observations",
    "observations_from_rows",
]
