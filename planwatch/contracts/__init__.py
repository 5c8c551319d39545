"""The shared JSON contracts (plan.schema.json, evaluation.schema.json): the one packaged copy of
each, and the check of a document against one that the engine, the CLI and the web all use.

The check runs a compiled validator (jsonschema-rs) first: a large plan conforms in milliseconds.
Only a document it rejects is walked again by python-jsonschema, whose error list and messages
the CLI and the web show; a document that validator accepts is never second-guessed.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
import jsonschema_rs

PLAN = "plan.schema.json"
EVALUATION = "evaluation.schema.json"


@cache
def contract(name: str) -> dict[str, Any]:
    """A contract as parsed JSON (a copy of ../shared/contracts, kept equal by a test)."""
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _fast(name: str) -> Any:
    return jsonschema_rs.Draft202012Validator(contract(name))


@cache
def _full(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(contract(name))


def problems(name: str, document: Any) -> list[jsonschema.ValidationError]:
    """Where ``document`` breaks contract ``name``, ordered by path; empty when it conforms."""
    try:
        conforms = bool(_fast(name).is_valid(document))
    except (TypeError, ValueError):  # not plain JSON data (a date, a set …): the full walk says
        conforms = False
    if conforms:
        return []
    return sorted(_full(name).iter_errors(document), key=lambda e: list(e.absolute_path))
