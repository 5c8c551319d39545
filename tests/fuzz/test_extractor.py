"""Fuzz the extractor alone: mutated text of every seed, straight from str to plan.

Faster than going through the readers, so more examples per second; the text readers' own
normalisation (bookmarks, zero-width characters, flattened tables) still runs.
"""

from __future__ import annotations

import functools

from hypothesis import given
from hypothesis import strategies as st

from planwatch.documents import read_document
from tests.conftest import seed_path
from tests.fuzz.checks import check_text
from tests.fuzz.mutations import Edit, apply_text, text_edits
from tests.fuzz.settings import fuzz

SEEDS = ("000", "001", "002", "003", "004")


@functools.cache
def seed_text(prefix: str) -> str:
    return read_document(seed_path(prefix)).text


@fuzz(quick_examples=10)
@given(prefix=st.sampled_from(SEEDS), edits=text_edits(max_size=6))
def test_extract_mutated_seed_text(prefix: str, edits: list[Edit]) -> None:
    check_text(apply_text(seed_text(prefix), edits), "text→plan")
