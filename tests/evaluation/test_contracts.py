"""The one packaged copy of each contract, and its check: fast when a document conforms, the
same error list as python-jsonschema's when it does not."""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.contracts import EVALUATION, PLAN, contract, problems
from planwatch.errors import ContractError
from planwatch.evaluation.plan_input import validate_plan
from tests.evaluation.conftest import SEED_001


def test_packaged_contracts_equal_the_shared_ones(contracts_dir: Path) -> None:
    shared = sorted(p.name for p in contracts_dir.glob("*.json"))
    packaged = sorted(
        f.name for f in resources.files("planwatch.contracts").iterdir() if f.name.endswith(".json")
    )
    assert packaged == shared == sorted([PLAN, EVALUATION])
    for name in shared:
        assert contract(name) == json.loads((contracts_dir / name).read_text(encoding="utf-8"))


def _reference(document: Any) -> list[tuple[list[Any], str]]:
    """python-jsonschema's own walk of the shared plan contract, ordered as the engine shows it."""
    validator = jsonschema.Draft202012Validator(contract(PLAN))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    return [(list(e.absolute_path), e.message) for e in errors]


_BAD_VALUES = st.sampled_from([None, "x", 3, 2.5, True, [], {}, [1], {"year": "2020"}, -1])


@st.composite
def _mutated_plans(draw: st.DrawFn) -> Any:
    """The seed-001 plan with a few values replaced or keys removed, anywhere in it."""
    plan: Any = copy.deepcopy(SEED_001)
    for _ in range(draw(st.integers(0, 3))):
        node, path = plan, []
        while isinstance(node, (dict, list)) and node and draw(st.booleans()):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            key = draw(st.sampled_from(keys))
            if not isinstance(node[key], (dict, list)):
                break
            node, path = node[key], [*path, key]
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node)))
            if draw(st.booleans()):
                del node[key]
            else:
                node[key] = draw(_BAD_VALUES)
        elif isinstance(node, list) and node:
            node[draw(st.integers(0, len(node) - 1))] = draw(_BAD_VALUES)
    return plan


@settings(max_examples=150, deadline=None)
@given(_mutated_plans())
def test_check_lists_what_python_jsonschema_lists(plan: Any) -> None:
    found = [(list(e.absolute_path), e.message) for e in problems(PLAN, plan)]
    assert found == _reference(plan)


def test_a_conforming_plan_has_no_problems() -> None:
    assert problems(PLAN, copy.deepcopy(SEED_001)) == []


def test_engine_message_names_path_and_reason() -> None:
    plan = copy.deepcopy(SEED_001)
    plan["indicators"][1]["baseline"]["year"] = "2020"
    del plan["title"]
    with pytest.raises(ContractError) as err:
        validate_plan(plan)
    assert err.value.zh == (
        "规划文件不符合 plan.schema.json：\n"
        "(根): 'title' is a required property\n"
        "indicators/1/baseline/year: '2020' is not of type 'integer', 'null'"
    )
    assert err.value.en == "plan does not conform to plan.schema.json (2 problems)"
