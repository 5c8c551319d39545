"""Accuracy of ``extract_plan`` on the five seed plans, judged against hand-read ground truth.

The truth lives in ``seed_truth.py`` (written by reading the documents, never by running the
extractor). Each record is its own parametrised test so a failure names what was missed.

How records are matched:

* a target ``T`` is found when some indicator's name (whitespace removed) contains all of
  ``T.keys`` and one of its targets has ``T.year`` and ``T.value`` (relative tolerance 1e-9), or
  the same ``relative`` change; then unit, comparator, baseline and soft are checked on it;
* every extracted target must be one of the seed's ``TARGETS`` or ``OPTIONAL`` (same year and
  value, or same relative); ``NOT_TARGETS`` name numbers that must not appear as targets;
* projects are matched by category path and name prefix, in document order.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from tests.conftest import seed_path
from tests.extraction.seed_truth import (
    CATEGORY_TOTALS,
    NOT_TARGETS,
    NT,
    OPTIONAL,
    OUTLINE,
    PROJECTS,
    TARGETS,
    P,
    T,
)

SEEDS = ("000", "001", "002", "003", "004")
Plan = dict[str, Any]

# ----------------------------------------------------------------------------------------------
# Running the extractor once per seed
# ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extracted() -> Callable[[str], tuple[Any, Plan]]:
    """A getter: seed -> (document, plan), each seed read and extracted once per module."""
    cache: dict[str, tuple[Any, Plan]] = {}

    def get(seed: str) -> tuple[Any, Plan]:
        if seed not in cache:
            from planwatch.documents import read_document
            from planwatch.extraction import extract_plan

            document = read_document(seed_path(seed))
            cache[seed] = (document, extract_plan(document))
        return cache[seed]

    return get


# ----------------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------------

_WS = re.compile(r"\s+")
_CN_NUM = re.compile(r"^[一二三四五六七八九十]+$")
_CAT_PREFIX = re.compile(
    r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、.．]?)\s*"
)


def _squash(text: str | None) -> str:
    return _WS.sub("", text or "")


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return False
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    except (TypeError, ValueError):
        return False


def _unit(u: str | None) -> str | None:
    if u is None:
        return None
    u = u.strip().replace("％", "%")
    return u or None


def _fmt(v: float | None) -> str:
    if v is None:
        return "None"
    return str(int(v)) if float(v).is_integer() else repr(v)


def _tid(t: T) -> str:
    what = f"{t.relative[0]}{_fmt(t.relative[1])}" if t.relative else _fmt(t.value)
    return f"{t.seed}-{'+'.join(t.keys)}-{t.year}-{what}"


def _ids(items: Iterable[Any], make: Callable[[Any], str]) -> list[str]:
    seen: dict[str, int] = defaultdict(int)
    out = []
    for item in items:
        base = make(item)
        seen[base] += 1
        out.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return out


def _relative_matches(target: dict[str, Any], relative: tuple[str, float]) -> bool:
    rel = target.get("relative")
    if not isinstance(rel, dict):
        return False
    amount = rel.get("factor", rel.get("value", rel.get("amount")))
    return rel.get("kind") == relative[0] and _same(amount, relative[1])


def _target_matches(target: dict[str, Any], t: T) -> bool:
    if target.get("year") != t.year:
        return False
    if t.relative is not None:
        return _relative_matches(target, t.relative)
    return _same(target.get("value"), t.value)


def _indicators(plan: Plan) -> list[dict[str, Any]]:
    return list(plan.get("indicators") or [])


def _targets(indicator: dict[str, Any]) -> list[dict[str, Any]]:
    return list(indicator.get("targets") or [])


def _carriers(plan: Plan, t: T) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(indicator, target) pairs whose name has all the keys and whose target is ``t``."""
    out: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for indicator in _indicators(plan):
        name = _squash(indicator.get("name"))
        if not all(key in name for key in t.keys):
            continue
        out.extend(
            (indicator, target) for target in _targets(indicator) if _target_matches(target, t)
        )
    return out


def _scaled_equal(value: Any, expected: float) -> bool:
    """Equal up to a 万/亿 change of unit (a context baseline may be quoted in another unit)."""
    return any(_same(value, expected * 10.0**k) for k in (-8, -4, 0, 4, 8))


def _problems(indicator: dict[str, Any], target: dict[str, Any], t: T) -> list[str]:
    problems = []
    unit = _unit(target.get("unit") or indicator.get("unit"))
    allowed_units = {_unit(t.unit), *(_unit(u) for u in t.unit_alt)}
    if unit not in allowed_units:
        problems.append(
            f"unit {unit!r}, expected {t.unit!r}" + (f" or {t.unit_alt}" if t.unit_alt else "")
        )
    comparator = target.get("comparator")
    allowed = {"=", ">="} if t.comparator == "~" else {t.comparator}
    if comparator not in allowed:
        problems.append(f"comparator {comparator!r}, expected one of {sorted(allowed)}")
    baseline = indicator.get("baseline")
    if t.baseline is not None:
        if (
            not isinstance(baseline, dict)
            or baseline.get("year") != t.baseline[0]
            or not _same(baseline.get("value"), t.baseline[1])
        ):
            problems.append(f"baseline {baseline!r}, expected {t.baseline}")
    elif baseline is not None:
        cb = t.context_baseline
        if (
            cb is None
            or not isinstance(baseline, dict)
            or baseline.get("year") != cb[0]
            or not _scaled_equal(baseline.get("value"), cb[1])
        ):
            problems.append(f"baseline {baseline!r}, expected None" + (f" or {cb}" if cb else ""))
    if t.soft and target.get("soft") is not True:
        problems.append("not marked soft (力争/争取)")
    return problems


def _quotes(indicator: dict[str, Any], target: dict[str, Any]) -> list[str]:
    quotes = [e.get("quote") or "" for e in indicator.get("evidence") or []]
    quotes += [e.get("quote") or "" for e in target.get("evidence") or []]
    if target.get("quote"):
        quotes.append(target["quote"])
    return quotes


def _by_seed(records: Iterable[Any], seed: str) -> list[Any]:
    return [r for r in records if r.seed == seed]


# ----------------------------------------------------------------------------------------------
# The truth itself: fragments exist in the documents, project sums add up (no extractor needed)
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_truth_fragments_occur_in_the_seed(seed: str) -> None:
    text = seed_path(seed).read_text(encoding="utf-8")
    missing = []
    for t in _by_seed(TARGETS, seed) + _by_seed(OPTIONAL, seed):
        missing += [f"key {k!r} of {_tid(t)}" for k in t.keys if k not in text]
        if t.value is not None and _fmt(t.value) not in text:
            missing.append(f"value of {_tid(t)}")
    for n in _by_seed(NOT_TARGETS, seed):
        if n.context not in text:
            missing.append(f"not-target context {n.context!r}")
    if seed == "001":
        joined = _squash(text)
        for p in PROJECTS:
            missing += [
                f"project {p.no} {f!r}"
                for f in (p.name_prefix, p.builder_prefix, p.responsible)
                if f not in joined
            ]
    assert not missing, missing


def test_truth_project_subtotals_add_up() -> None:
    for path, count, total, period in CATEGORY_TOTALS:
        rows = [p for p in PROJECTS if p.category[: len(path)] == path]
        assert len(rows) == count, path
        assert math.isclose(sum(p.total for p in rows), total, abs_tol=0.005), path
        assert math.isclose(sum(p.period for p in rows), period, abs_tol=0.005), path


# ----------------------------------------------------------------------------------------------
# Targets
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("t", TARGETS, ids=_ids(TARGETS, _tid))
def test_target_found(t: T, extracted: Callable[[str], tuple[Any, Plan]]) -> None:
    _, plan = extracted(t.seed)
    carriers = _carriers(plan, t)
    wanted = _fmt(t.value) if t.relative is None else t.relative
    assert carriers, f"no indicator named with {t.keys} has a {t.year} target {wanted}"
    reports = []
    for indicator, target in carriers:
        problems = _problems(indicator, target, t)
        if not problems:
            return
        reports.append(f"{indicator.get('name')!r}: {'; '.join(problems)}")
    pytest.fail(" | ".join(reports))


@pytest.mark.parametrize("seed", SEEDS)
def test_no_false_targets(seed: str, extracted: Callable[[str], tuple[Any, Plan]]) -> None:
    _, plan = extracted(seed)
    truth = _by_seed(TARGETS, seed)
    optional = _by_seed(OPTIONAL, seed)
    wrong = []
    for indicator in _indicators(plan):
        for target in _targets(indicator):
            if any(_target_matches(target, t) for t in truth):
                continue
            year = target.get("year")
            if any(
                (
                    _same(target.get("value"), o.value)
                    or (o.relative and _relative_matches(target, o.relative))
                )
                and (year is None or o.year is None or year == o.year)
                for o in optional
            ):
                continue
            quote = next((q for q in _quotes(indicator, target) if q), "")
            what = target.get("relative") or target.get("value")
            wrong.append(f"{indicator.get('name')!r} {year} {what} «{quote[:40]}»")
    assert not wrong, f"{len(wrong)} extracted targets are not targets of the plan: " + " | ".join(
        wrong
    )


def _ntid(n: NT) -> str:
    return f"{n.seed}-{_fmt(n.value)}-{n.context}"


@pytest.mark.parametrize("n", NOT_TARGETS, ids=_ids(NOT_TARGETS, _ntid))
def test_not_a_target(n: NT, extracted: Callable[[str], tuple[Any, Plan]]) -> None:
    _, plan = extracted(n.seed)
    for indicator in _indicators(plan):
        for target in _targets(indicator):
            if not _same(target.get("value"), n.value):
                continue
            if n.unit is not None and n.unit not in (
                _unit(target.get("unit") or indicator.get("unit")) or ""
            ):
                continue
            assert not any(n.context in q for q in _quotes(indicator, target)), (
                f"{_fmt(n.value)} in «{n.context}» taken as a target of {indicator.get('name')!r}"
            )


BOTH = [t for t in TARGETS if t.source == "both"]


@pytest.mark.parametrize("t", BOTH, ids=_ids(BOTH, _tid))
def test_table_and_text_are_one_indicator(
    t: T, extracted: Callable[[str], tuple[Any, Plan]]
) -> None:
    _, plan = extracted(t.seed)
    indicators = {id(ind): ind for ind, _ in _carriers(plan, t)}
    names = [i.get("name") for i in indicators.values()]
    assert len(indicators) == 1, f"{len(indicators)} indicators carry {_tid(t)}: {names}"
    (indicator,) = indicators.values()
    evidence = indicator.get("evidence") or []
    assert len(evidence) >= 2, (
        f"{indicator.get('name')!r} has {len(evidence)} evidence item(s), table and text expected"
    )
    kinds = {e.get("kind") for e in evidence}
    assert {"table", "text"} <= kinds, f"evidence kinds {kinds}"


TABLE_ROWS = [t for t in TARGETS if t.source in ("table", "both")]


@pytest.mark.parametrize("t", TABLE_ROWS, ids=_ids(TABLE_ROWS, _tid))
def test_table_row_nature_and_evidence(t: T, extracted: Callable[[str], tuple[Any, Plan]]) -> None:
    """Seed 001's indicator table: every row is 预期性 and is evidenced by the table."""
    _, plan = extracted(t.seed)
    carriers = _carriers(plan, t)
    assert carriers, f"{_tid(t)} not found"
    for indicator, _ in carriers:
        assert indicator.get("nature") == "预期性", indicator.get("nature")
        kinds = {e.get("kind") for e in indicator.get("evidence") or []}
        assert "table" in kinds, kinds


# ----------------------------------------------------------------------------------------------
# Evidence
# ----------------------------------------------------------------------------------------------


def _bad_evidence(text: str, items: Iterable[dict[str, Any]], what: str) -> list[str]:
    bad = []
    for item in items:
        evidence = item.get("evidence") or []
        if not evidence:
            bad.append(f"{what} {item.get('name')!r} has no evidence")
        for e in evidence:
            start, end, quote = e.get("start"), e.get("end"), e.get("quote")
            if not (
                isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
            ):
                bad.append(f"{what} {item.get('name')!r}: offsets {start}..{end}")
            elif text[start:end] != quote:
                bad.append(f"{what} {item.get('name')!r}: quote differs from text[{start}:{end}]")
    return bad


@pytest.mark.parametrize("seed", SEEDS)
def test_indicator_evidence_matches_text(
    seed: str, extracted: Callable[[str], tuple[Any, Plan]]
) -> None:
    document, plan = extracted(seed)
    bad = _bad_evidence(document.text, _indicators(plan), "indicator")
    assert not bad, bad[:20]


def test_project_evidence_matches_text(extracted: Callable[[str], tuple[Any, Plan]]) -> None:
    document, plan = extracted("001")
    bad = _bad_evidence(document.text, plan.get("projects") or [], "project")
    assert not bad, bad[:20]


# ----------------------------------------------------------------------------------------------
# Projects (seed 001)
# ----------------------------------------------------------------------------------------------


def _category(project: dict[str, Any]) -> tuple[str, ...]:
    return tuple(_CAT_PREFIX.sub("", _squash(c)) for c in project.get("category") or [])


def _match_projects(plan: Plan) -> dict[int, dict[str, Any] | None]:
    """Index in PROJECTS -> the extracted project it corresponds to (k-th same-named in order)."""
    extracted_projects = list(plan.get("projects") or [])
    used: set[int] = set()
    out: dict[int, dict[str, Any] | None] = {}
    for i, p in enumerate(PROJECTS):
        candidates = [
            (j, pr)
            for j, pr in enumerate(extracted_projects)
            if j not in used
            and _squash(pr.get("name")).startswith(p.name_prefix)
            and _category(pr) == p.category
        ]
        numbered = [
            c
            for c in candidates
            if str(c[1].get("number", c[1].get("no", ""))).strip() == str(p.no)
        ]
        pool = numbered or candidates
        if not pool:
            out[i] = None
            continue
        used.add(pool[0][0])
        out[i] = pool[0][1]
    return out


@pytest.fixture(scope="module")
def matched_projects(
    extracted: Callable[[str], tuple[Any, Plan]],
) -> dict[int, dict[str, Any] | None]:
    return _match_projects(extracted("001")[1])


def test_project_count(extracted: Callable[[str], tuple[Any, Plan]]) -> None:
    assert len(extracted("001")[1].get("projects") or []) == 67


def _pid(p: P) -> str:
    return f"{'/'.join(p.category)}-{p.no}-{p.name_prefix}"


@pytest.mark.parametrize("index", range(len(PROJECTS)), ids=_ids(PROJECTS, _pid))
def test_project(index: int, matched_projects: dict[int, dict[str, Any] | None]) -> None:
    p = PROJECTS[index]
    project = matched_projects[index]
    assert project is not None, f"no project named {p.name_prefix}… in {p.category}"
    problems = []
    if (project.get("stage") or "").strip() != p.stage:
        problems.append(f"stage {project.get('stage')!r} != {p.stage!r}")
    if project.get("start_year") != p.start_year or project.get("end_year") != p.end_year:
        got = f"{project.get('start_year')}-{project.get('end_year')}"
        problems.append(f"years {got} != {p.start_year}-{p.end_year}")
    if not _same(project.get("total_investment"), p.total):
        problems.append(f"total {project.get('total_investment')} != {p.total}")
    if not _same(project.get("period_investment"), p.period):
        problems.append(f"period {project.get('period_investment')} != {p.period}")
    if project.get("investment_unit") != "亿元":
        problems.append(f"unit {project.get('investment_unit')!r} != '亿元'")
    if not _squash(project.get("builder")).startswith(p.builder_prefix):
        problems.append(
            f"builder {project.get('builder')!r} does not start with {p.builder_prefix!r}"
        )
    if not _squash(project.get("responsible_unit")).startswith(p.responsible):
        problems.append(
            f"responsible {project.get('responsible_unit')!r} does not start with {p.responsible!r}"
        )
    assert not problems, problems


@pytest.mark.parametrize(
    "row", CATEGORY_TOTALS, ids=["/".join(r[0]) or "总计" for r in CATEGORY_TOTALS]
)
def test_project_subtotals(
    row: tuple[tuple[str, ...], int, float, float], extracted: Callable[[str], tuple[Any, Plan]]
) -> None:
    path, count, total, period = row
    projects = [
        pr for pr in extracted("001")[1].get("projects") or [] if _category(pr)[: len(path)] == path
    ]
    assert len(projects) == count
    assert math.isclose(
        sum(float(pr.get("total_investment") or 0) for pr in projects), total, abs_tol=0.005
    )
    assert math.isclose(
        sum(float(pr.get("period_investment") or 0) for pr in projects), period, abs_tol=0.005
    )


# ----------------------------------------------------------------------------------------------
# Outline
# ----------------------------------------------------------------------------------------------


def _num(number: Any) -> str:
    text = _squash(str(number)) if number is not None else ""
    return text.replace("(", "（").replace(")", "）").rstrip("、.．:：")


def _sections(plan: Plan) -> list[dict[str, Any]]:
    return list(plan.get("sections") or [])


def _find_sections(plan: Plan, number: str, fragment: str) -> list[dict[str, Any]]:
    return [
        s
        for s in _sections(plan)
        if _num(s.get("number")) == number and fragment in _squash(s.get("title"))
    ]


def _outline_cases(key: str) -> list[tuple[str, Any]]:
    return [(seed, facts[key]) for seed, facts in OUTLINE.items() if key in facts]


@pytest.mark.parametrize(
    ("seed", "fragments"), _outline_cases("title"), ids=[c[0] for c in _outline_cases("title")]
)
def test_title(
    seed: str, fragments: tuple[str, ...], extracted: Callable[[str], tuple[Any, Plan]]
) -> None:
    title = _squash(extracted(seed)[1].get("title"))
    assert all(f in title for f in fragments), f"title {title!r}"


@pytest.mark.parametrize(
    ("seed", "region"), _outline_cases("region"), ids=[c[0] for c in _outline_cases("region")]
)
def test_region(seed: str, region: str, extracted: Callable[[str], tuple[Any, Plan]]) -> None:
    assert region in (extracted(seed)[1].get("region") or "")


@pytest.mark.parametrize(
    ("seed", "period"), _outline_cases("period"), ids=[c[0] for c in _outline_cases("period")]
)
def test_period(
    seed: str, period: tuple[int | None, int | None], extracted: Callable[[str], tuple[Any, Plan]]
) -> None:
    got = extracted(seed)[1].get("period") or {}
    start, end = period
    if start is not None:
        assert got.get("start") == start, got
    if end is not None:
        assert got.get("end") == end, got


@pytest.mark.parametrize(
    ("seed", "year"), _outline_cases("base_year"), ids=[c[0] for c in _outline_cases("base_year")]
)
def test_base_year(seed: str, year: int, extracted: Callable[[str], tuple[Any, Plan]]) -> None:
    assert extracted(seed)[1].get("base_year") == year


@pytest.mark.parametrize(
    ("seed", "count"), _outline_cases("top_level"), ids=[c[0] for c in _outline_cases("top_level")]
)
def test_top_level_section_count(
    seed: str, count: int, extracted: Callable[[str], tuple[Any, Plan]]
) -> None:
    top = [s for s in _sections(extracted(seed)[1]) if _CN_NUM.match(_num(s.get("number")))]
    assert len(top) == count, [f"{s.get('number')} {s.get('title')}" for s in top]


SECTION_CASES = [
    (seed, number, fragment)
    for seed, facts in OUTLINE.items()
    for number, fragment in facts.get("sections", [])
]


@pytest.mark.parametrize(
    ("seed", "number", "fragment"),
    SECTION_CASES,
    ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in SECTION_CASES],
)
def test_top_level_section(
    seed: str, number: str, fragment: str, extracted: Callable[[str], tuple[Any, Plan]]
) -> None:
    found = _find_sections(extracted(seed)[1], number, fragment)
    assert len(found) == 1, (
        f"{len(found)} sections numbered {number} with {fragment!r} in the title"
    )


CHILD_CASES = [(seed, *c) for seed, facts in OUTLINE.items() for c in facts.get("children", [])]


@pytest.mark.parametrize(
    ("seed", "parent", "number", "fragment"),
    CHILD_CASES,
    ids=[f"{c[0]}-{c[1]}{c[2]}-{c[3]}" for c in CHILD_CASES],
)
def test_child_section(
    seed: str, parent: str, number: str, fragment: str, extracted: Callable[[str], tuple[Any, Plan]]
) -> None:
    plan = extracted(seed)[1]
    parents = [s for s in _sections(plan) if _num(s.get("number")) == parent]
    children = _find_sections(plan, number, fragment)
    ok = [
        (p, c)
        for p in parents
        for c in children
        if c.get("parent") == p.get("id")
        and isinstance(p.get("level"), int)
        and c.get("level") == p["level"] + 1
    ]
    assert ok, f"no section {number} {fragment!r} one level under a section numbered {parent}"


@pytest.mark.parametrize(
    ("seed", "count"),
    _outline_cases("programmes"),
    ids=[c[0] for c in _outline_cases("programmes")],
)
def test_programme_count(
    seed: str, count: int, extracted: Callable[[str], tuple[Any, Plan]]
) -> None:
    programmes = extracted(seed)[1].get("programmes") or []
    assert len(programmes) == count, [p.get("title") for p in programmes]


PROGRAMME_CASES = [
    (seed, *c) for seed, facts in OUTLINE.items() for c in facts.get("programme_titles", [])
]


def _programme_number(programme: dict[str, Any]) -> str:
    return re.sub(r"^(专栏|重点专项|重点工程)", "", _num(programme.get("number")))


@pytest.mark.parametrize(
    ("seed", "number", "fragment", "items"),
    PROGRAMME_CASES,
    ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in PROGRAMME_CASES],
)
def test_programme(
    seed: str,
    number: str,
    fragment: str,
    items: int | None,
    extracted: Callable[[str], tuple[Any, Plan]],
) -> None:
    programmes = extracted(seed)[1].get("programmes") or []
    found = [
        p
        for p in programmes
        if _programme_number(p) == number and fragment in _squash(p.get("title"))
    ]
    titles = [p.get("title") for p in programmes]
    assert len(found) == 1, f"{len(found)} programmes numbered {number} with {fragment!r}: {titles}"
    if items is not None:
        got = found[0].get("items") or []
        assert len(got) == items, [i.get("name") for i in got]
