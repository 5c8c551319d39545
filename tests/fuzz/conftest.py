"""Fuzzing set-up: a memory limit while fuzzing, and the figures printed after the run."""

from __future__ import annotations

import resource

import pytest

from tests.fuzz.checks import FIGURES
from tests.fuzz.settings import EXAMPLES, FUZZING, MEMORY_MB


def pytest_configure(config: pytest.Config) -> None:
    if FUZZING:  # a runaway allocation fails its example with MemoryError instead of swapping
        limit = MEMORY_MB * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FIGURES.tried:
        return
    mode = f"{EXAMPLES} examples per test" if FUZZING else "quick run"
    terminalreporter.section(f"fuzz figures ({mode})")
    for line in FIGURES.lines():
        terminalreporter.write_line(line)
