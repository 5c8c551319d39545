"""What every fuzzed input must satisfy, and the figures `make fuzz` reports.

A reader returns a Document whose blocks match their offsets, or raises a DocumentError with a
one-line Chinese and English reason; the extractor returns a plan that conforms to the
contract, or raises an ExtractionError. Anything else (MemoryError, RecursionError, IndexError
…) fails the test, as does an example past its CPU budget.
"""

from __future__ import annotations

import faulthandler
import json
import resource
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jsonschema

from planwatch.documents import Document, read_bytes, read_text_document
from planwatch.errors import DocumentError, ExtractionError, PlanwatchError
from planwatch.extraction import extract_plan
from tests.conftest import CONTRACTS
from tests.documents.helpers import assert_offsets
from tests.fuzz.settings import CPU_BUDGET, HANG_SECONDS


@dataclass
class Figures:
    """Per input kind: how many inputs were tried, read, refused, and the slowest one."""

    tried: dict[str, int] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)
    slowest: dict[str, float] = field(default_factory=dict)
    largest: dict[str, int] = field(default_factory=dict)
    reasons: Counter[str] = field(default_factory=Counter)

    def record(self, kind: str, size: int, seconds: float, *, refused: str | None) -> None:
        self.tried[kind] = self.tried.get(kind, 0) + 1
        self.refused[kind] = self.refused.get(kind, 0) + int(refused is not None)
        if refused is not None:
            self.reasons[f"{kind}: {refused}"] += 1
        self.slowest[kind] = max(self.slowest.get(kind, 0.0), seconds)
        self.largest[kind] = max(self.largest.get(kind, 0), size)

    def lines(self) -> Iterator[str]:
        for kind in sorted(self.tried):
            yield (
                f"{kind}: {self.tried[kind]} inputs, {self.refused[kind]} refused with a reason, "
                f"largest {self.largest[kind] / 1024:.0f} KB, slowest {self.slowest[kind]:.2f} s CPU"
            )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        yield f"peak memory of the test process: {peak:.0f} MB"
        for reason, count in self.reasons.most_common(12):
            yield f"  {count:5d} × {reason}"


FIGURES = Figures()


@contextmanager
def watchdog() -> Iterator[None]:
    """Dump every stack and end the process if the block runs past HANG_SECONDS.

    A regular expression holds the GIL, so no signal handler could interrupt it; faulthandler's
    watchdog thread is written in C and does.
    """
    # Descriptor 2, the process's stderr: pytest may have swapped sys.stderr for an object
    # without a file behind it.
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True, file=2)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


@cache
def _schema() -> dict[str, Any]:
    return json.loads((CONTRACTS / "plan.schema.json").read_text(encoding="utf-8"))


def _reason(error: PlanwatchError) -> str:
    """The refusal's English reason, checked to be one line with a Chinese one beside it."""
    assert error.zh and error.en and error.zh != error.en, error
    assert "\n" not in error.one_line()
    return error.en.split("(")[0].split(":")[0].strip()


def check_document(data: bytes, filename: str, kind: str) -> None:
    """Read ``data`` as ``filename`` and extract a plan; both either succeed or refuse."""
    with watchdog():
        began = time.process_time()
        try:
            document = read_bytes(data, filename)
        except DocumentError as err:
            refused: str | None = _reason(err)
        else:
            refused = check_plan(document)
        spent = time.process_time() - began
    FIGURES.record(kind, len(data), spent, refused=refused)
    assert spent < CPU_BUDGET, f"{spent:.1f} s of CPU for one {kind} input"


def check_text(text: str, kind: str) -> None:
    """Read already-decoded text and extract a plan from it."""
    with watchdog():
        began = time.process_time()
        refused = check_plan(read_text_document(text))
        spent = time.process_time() - began
    FIGURES.record(kind, len(text.encode("utf-8", errors="replace")), spent, refused=refused)
    assert spent < CPU_BUDGET, f"{spent:.1f} s of CPU for {len(text)} characters"


def check_plan(document: Document) -> str | None:
    """Extract a plan from a read document; the extractor's reason when it refused."""
    assert_offsets(document)
    try:
        plan = extract_plan(document)
    except ExtractionError as err:
        return _reason(err)
    jsonschema.validate(plan, _schema())
    return None
