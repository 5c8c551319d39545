"""The shapes that travel between the engine and its callers, as types mypy can follow: a plan
document (plan.schema.json), an observation row, a series' and an indicator's result, a run
(evaluation.schema.json). A test holds each key set to its contract, so the two cannot drift.

Keys a contract does not name but the engine reads or writes (a milestone's ``kind``, the web's
``reporting`` assignment, resolved relative targets …) are listed in ``EXTENSIONS``.
"""

# No `from __future__ import annotations`: Python 3.11 finds Required only in evaluated annotations.
from typing import Any, Literal, Required, TypedDict

Comparator = Literal[">=", "<=", "=", ">", "<"]


class Period(TypedDict, total=False):
    start: int
    end: int


class Source(TypedDict, total=False):
    file: str
    format: str
    sha256: str


class Evidence(TypedDict, total=False):
    kind: Required[Literal["table", "text"]]
    quote: Required[str]
    start: int
    end: int


class Section(TypedDict, total=False):
    id: Required[str]
    number: str | None
    title: Required[str]
    level: Required[int]
    parent: str | None


class Baseline(TypedDict):
    year: int | None
    value: float


class RelativeTarget(TypedDict, total=False):
    """A target stated against the baseline (翻一番, 增长15% …), resolved by the engine."""

    kind: Literal["multiple", "increase_pct", "increase_points", "annual_growth_pct"]
    factor: float
    rate: float
    points: float


class Target(TypedDict, total=False):
    year: Required[int | None]
    value: Required[float]
    comparator: Comparator
    adjusted: bool  # extension: a target adjusted after the plan's mid-term review
    relative: RelativeTarget  # extension
    resolved_from: RelativeTarget  # extension: written by the engine


class Reporting(TypedDict, total=False):
    """The responsible unit's assignment: how often values are due, with what grace."""

    frequency: Literal["annual", "quarterly", "monthly"]
    grace_days: int


class Indicator(TypedDict, total=False):
    id: Required[str]
    name: Required[str]
    unit: Required[str | None]
    baseline: Required[Baseline | None]
    targets: Required[list[Target]]
    direction: Literal["increase", "decrease"] | None
    nature: Literal["预期性", "约束性"] | None  # 约束性: binding target, stricter thresholds
    section: str | None
    evidence: list[Evidence]
    limit: float | None
    # extensions (see EXTENSIONS)
    kind: Literal["indicator", "milestone"]
    path: Literal["linear", "geometric"]
    reporting: Reporting
    aggregation: str
    numerator: str
    denominator: str
    cumulative: bool
    _assumed: list[str]


class Project(TypedDict, total=False):
    id: Required[str]
    name: Required[str]
    category: list[str]
    content: str | None
    stage: str | None
    start_year: int | None
    end_year: int | None
    total_investment: float | None
    period_investment: float | None
    investment_unit: str | None
    builder: str | None
    responsible_unit: str | None
    evidence: list[Evidence]


class Plan(TypedDict, total=False):
    schema: Required[Literal["planwatch.plan/1"]]
    title: Required[str]
    region: str | None
    period: Period | None
    base_year: int | None
    source: Source
    sections: list[Section]
    indicators: Required[list[Indicator]]
    programmes: list[dict[str, Any]]
    projects: Required[list[Project]]
    tasks: list[dict[str, Any]]


class ObservationRow(TypedDict, total=False):
    """One row of an observations CSV/XLSX (DESIGN.md, Contracts)."""

    indicator: Required[str]  # id or exact name
    period: Required[str]  # 2023, 2023-Q2, 2023-06
    value: Required[float | str | None]  # a number, or a milestone's reported state
    region: str
    series: str  # a disaggregation such as 城镇/农村
    source: str
    note: str


class SeriesResult(TypedDict):
    """One method's answer for one series, with every input and intermediate value."""

    status: str
    score: float | None
    progress: float | None
    components: dict[str, Any]


class IndicatorResult(TypedDict, total=False):
    indicator: Required[str]
    name: str
    status: Required[str]
    status_label: str
    score: Required[float | None]
    progress: Required[float | None]
    forecast: dict[str, Any] | None
    components: dict[str, Any]
    # extensions (see EXTENSIONS)
    unit: str | None
    nature: str | None
    section: str | None
    assumed: list[str]
    earlier_targets: list[dict[str, Any]]
    grade: str
    grade_label: str
    final: dict[str, Any] | None
    data: dict[str, Any] | None


class Run(TypedDict, total=False):
    schema: Required[Literal["planwatch.evaluation/1"]]
    plan: str | None
    as_of: Required[str]
    method: Required[str]
    indicators: Required[list[IndicatorResult]]
    projects: list[dict[str, Any]]
    rollups: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    alignment: list[dict[str, Any]]  # extension: with --align-with, one row per upper indicator


# Keys beyond the contracts, by type: what each one is for is said where it is declared.
EXTENSIONS: dict[str, frozenset[str]] = {
    "Target": frozenset({"adjusted", "relative", "resolved_from"}),
    "Indicator": frozenset(
        {
            "kind",
            "path",
            "reporting",
            "aggregation",
            "numerator",
            "denominator",
            "cumulative",
            "_assumed",
        }
    ),
    "IndicatorResult": frozenset(
        {
            "unit",
            "nature",
            "section",
            "assumed",
            "earlier_targets",
            "grade",
            "grade_label",
            "final",
            "data",
        }
    ),
    "Run": frozenset({"alignment"}),
}
