"""One indicator per measured thing: table rows and text targets merged, each with all its evidence.

A target stated in the table and again in the text is one indicator with two pieces of evidence;
the same name with another year (2020 and 2025) is one indicator with two targets.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from planwatch.extraction.tables import TableIndicator
from planwatch.extraction.targets import TextTarget

SIMILAR = 0.6


@dataclass(slots=True)
class Indicator:
    name: str
    unit: str | None
    nature: str | None = None
    direction: str | None = None
    baseline: tuple[int | None, float] | None = None
    targets: list[dict[str, object]] = field(default_factory=list)
    evidence: list[dict[str, object]] = field(default_factory=list)
    first_offset: int = 0


def from_table(row: TableIndicator, text: str) -> Indicator:
    indicator = Indicator(
        name=row.name,
        unit=row.unit,
        nature=row.nature,
        baseline=row.baseline,
        first_offset=row.start,
    )
    for year, value in row.targets:
        indicator.targets.append({"year": year, "value": value, "comparator": ">="})
    indicator.evidence.append(_evidence("table", text, row.start, row.end))
    indicator.direction = _direction(indicator)
    return indicator


class IndicatorSet:
    """Indicators in the order found, looked up by a target's (year, value) and by name.

    A target is compared only with the indicators that share its year and value, or its name,
    so merging stays near linear in the number of targets.
    """

    def __init__(self, indicators: list[Indicator]) -> None:
        self._items: list[Indicator] = []
        self._position: dict[int, int] = {}  # id(indicator) -> its place in _items
        self._by_target: dict[tuple[object, object], list[int]] = {}
        self._by_name: dict[str, list[int]] = {}
        for indicator in indicators:
            self._add(indicator)

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self._items)

    def _add(self, indicator: Indicator) -> None:
        position = len(self._items)
        self._items.append(indicator)
        self._position[id(indicator)] = position
        self._by_name.setdefault(indicator.name, []).append(position)
        for entry in indicator.targets:
            self._index_target(indicator, entry)

    def _index_target(self, indicator: Indicator, entry: dict[str, object]) -> None:
        positions = self._by_target.setdefault((entry["year"], entry["value"]), [])
        position = self._position[id(indicator)]
        if position not in positions[-1:]:
            positions.append(position)

    def _in_order(self, positions: list[int]) -> list[Indicator]:
        return [self._items[position] for position in sorted(set(positions))]

    def merge(self, target: TextTarget, text: str) -> None:
        """Add a text target to the indicator it restates or continues, or as a new one."""
        evidence = _evidence("text", text, target.sentence.start, target.sentence.end)
        entry = _target_entry(target)
        restating = self._in_order(self._by_target.get((target.year, target.value), []))
        same = _find_same_target(restating, target)
        if same is not None:
            _add_evidence(same, evidence)
            _complete(same, target, entry)
            return
        named = _find_same_name(self._in_order(self._by_name.get(target.name, [])), target)
        if named is not None:
            named.targets.append(entry)
            self._index_target(named, entry)
            _add_evidence(named, evidence)
            _complete(named, target, entry)
            return
        indicator = Indicator(
            name=target.name,
            unit=target.unit,
            baseline=target.baseline,
            first_offset=target.sentence.start,
        )
        indicator.targets.append(entry)
        indicator.evidence.append(evidence)
        indicator.direction = target.direction or _direction(indicator)
        self._add(indicator)


def _target_entry(target: TextTarget) -> dict[str, object]:
    entry: dict[str, object] = {
        "year": target.year,
        "value": target.value,
        "comparator": target.comparator,
    }
    if target.soft:
        entry["soft"] = True
    if target.approximate:
        entry["approximate"] = True
    if target.high is not None:
        entry["range"] = [target.value, target.high]
    if target.relative is not None:
        entry["relative"] = target.relative
    return entry


def _find_same_target(indicators: list[Indicator], target: TextTarget) -> Indicator | None:
    for indicator in indicators:
        if not _units_compatible(indicator.unit, target.unit):
            continue
        for existing in indicator.targets:
            same_value = (
                existing["value"] == target.value and existing.get("relative") == target.relative
            )
            if (
                same_value
                and existing["year"] == target.year
                and similar(indicator.name, target.name)
            ):
                return indicator
    return None


def _find_same_name(indicators: list[Indicator], target: TextTarget) -> Indicator | None:
    """The same name with another year, or a growth rate beside an amount (两个目标, 一个指标)."""
    unit = None if target.relative is not None else target.unit
    for indicator in indicators:
        if indicator.name != target.name or not _units_compatible(indicator.unit, unit):
            continue
        clash = any(
            t["year"] == target.year and bool(t.get("relative")) == bool(target.relative)
            for t in indicator.targets
        )
        if not clash:
            return indicator
    return None


def _complete(indicator: Indicator, target: TextTarget, entry: dict[str, object]) -> None:
    if indicator.unit is None:
        indicator.unit = target.unit
    if indicator.baseline is None and target.baseline is not None:
        indicator.baseline = target.baseline
    for existing in indicator.targets:
        if existing["year"] == entry["year"] and existing["value"] == entry["value"]:
            for key in ("soft", "approximate", "range"):
                if key in entry and key not in existing:
                    existing[key] = entry[key]


def _add_evidence(indicator: Indicator, evidence: dict[str, object]) -> None:
    if all(e["start"] != evidence["start"] for e in indicator.evidence):
        indicator.evidence.append(evidence)


def _units_compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _direction(indicator: Indicator) -> str | None:
    comparators = {t.get("comparator") for t in indicator.targets}
    if comparators == {"<="}:
        return "decrease"
    if indicator.baseline is not None and indicator.targets:
        last = indicator.targets[-1]["value"]
        if isinstance(last, float | int) and not indicator.targets[-1].get("relative"):
            return "decrease" if last < indicator.baseline[1] else "increase"
    return "increase"


def _evidence(kind: str, text: str, start: int, end: int) -> dict[str, object]:
    return {"kind": kind, "quote": text[start:end], "start": start, "end": end}


def similar(a: str, b: str) -> bool:
    """Names that measure the same thing: one inside the other, or many shared character pairs."""
    if not a or not b:
        return False
    if min(len(a), len(b)) >= 5 and (a in b or b in a):
        return True
    pairs_a = {a[i : i + 2] for i in range(len(a) - 1)}
    pairs_b = {b[i : i + 2] for i in range(len(b) - 1)}
    if not pairs_a or not pairs_b:
        return False
    return 2 * len(pairs_a & pairs_b) / (len(pairs_a) + len(pairs_b)) >= SIMILAR
