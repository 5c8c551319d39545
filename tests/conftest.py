"""Shared fixtures: where the seed plans are, read from ../shared/seeds beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
CONTRACTS = REPO.parent / "shared" / "contracts"


def seed_path(prefix: str) -> Path:
    """The seed plan whose file name starts with ``prefix`` (e.g. "001")."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.fail(f"seed {prefix} not found in {SEEDS}")
    return matches[0]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"seed plans not found at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def contracts_dir() -> Path:
    return CONTRACTS
