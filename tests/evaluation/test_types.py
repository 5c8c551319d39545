"""The typed shapes against the one packaged copy of each contract: every property a contract
names is a key of its type, required exactly where the contract requires it, and a type's other
keys are the declared extensions."""

from __future__ import annotations

from typing import Any

import pytest

from planwatch.contracts import EVALUATION, PLAN, contract
from planwatch.evaluation import types


def _node(name: str, *path: str) -> dict[str, Any]:
    node = contract(name)
    for step in path:
        node = node[step]
    return node


SHAPES = [
    (types.Plan, PLAN, ()),
    (types.Period, PLAN, ("properties", "period")),
    (types.Source, PLAN, ("properties", "source")),
    (types.Section, PLAN, ("properties", "sections", "items")),
    (types.Indicator, PLAN, ("$defs", "indicator")),
    (types.Baseline, PLAN, ("$defs", "indicator", "properties", "baseline")),
    (types.Target, PLAN, ("$defs", "indicator", "properties", "targets", "items")),
    (types.Evidence, PLAN, ("$defs", "evidence")),
    (types.Project, PLAN, ("$defs", "project")),
    (types.Run, EVALUATION, ()),
    (types.IndicatorResult, EVALUATION, ("properties", "indicators", "items")),
]


@pytest.mark.parametrize(("shape", "name", "path"), SHAPES, ids=[s[0].__name__ for s in SHAPES])
def test_keys_follow_the_contract(shape: Any, name: str, path: tuple[str, ...]) -> None:
    node = _node(name, *path)
    extensions = types.EXTENSIONS.get(shape.__name__, frozenset())
    assert set(shape.__annotations__) == set(node["properties"]) | extensions
    assert not extensions & set(node["properties"])
    assert shape.__required_keys__ == frozenset(node.get("required", []))


def test_every_contract_object_with_properties_has_a_type() -> None:
    def objects(node: Any, path: tuple[str, ...]) -> list[tuple[str, ...]]:
        found = [path] if isinstance(node, dict) and "properties" in node else []
        if isinstance(node, dict):
            for key, child in node.items():
                found += objects(child, (*path, key))
        return found

    typed = {(name, path) for _, name, path in SHAPES}
    for name in (PLAN, EVALUATION):
        for path in objects(contract(name), ()):
            assert (name, path) in typed, f"{name}: {'/'.join(path)} has no type"


def test_extensions_name_only_known_types() -> None:
    assert set(types.EXTENSIONS) <= {shape.__name__ for shape, _, _ in SHAPES}
