"""How hard to fuzz: a few derandomized examples in the normal suite, many more under `make fuzz`.

PLANWATCH_FUZZ_EXAMPLES=N (set by `make fuzz`) tries N random examples per test, with longer
repeated runs and a memory limit for the process; without it each test tries a handful.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("PLANWATCH_FUZZ_EXAMPLES", "0"))
FUZZING = EXAMPLES > 0
MAX_REPEAT = 5_000 if FUZZING else 400  # how often an edit repeats its fragment
MEMORY_MB = int(os.environ.get("PLANWATCH_FUZZ_MEMORY_MB", "3072"))
# Budgets per example: CPU seconds that linear readers meet many times over on these inputs
# (a quadratic pattern on a run of a few thousand repeats takes minutes), and a wall-clock
# watchdog that dumps every thread's stack and ends the process if one example never returns.
CPU_BUDGET = 20.0
HANG_SECONDS = 120.0


def fuzz(quick_examples: int) -> settings:
    return settings(
        max_examples=EXAMPLES or quick_examples,
        deadline=None,
        derandomize=not FUZZING,  # the normal suite always tries the same examples
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )
