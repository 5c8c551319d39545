"""Observed values in (CSV / XLSX / rows) → one validated Polars frame, or every problem at once.

Columns: indicator (id or exact name), period (2023, 2023-Q2, 2023-06), value; optional region,
series, source, note. Row numbers in problems are the file's own (the header is row 1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from planwatch.errors import EvaluationError
from planwatch.evaluation.numbers import NumberFormatError, parse_number
from planwatch.evaluation.periods import MAX_YEAR, MIN_YEAR, PERIOD_REGEX
from planwatch.evaluation.plan_input import lookup, plan_years
from planwatch.evaluation.sources import (
    OPTIONAL,
    REQUIRED,
    UNSUPPORTED,
    cell,
    column_name,
    decode,
    fast_csv,
    raw_frame,
    read_csv,
    read_xlsx,
)
from planwatch.evaluation.states import parse_state

_PERIOD = f"^{PERIOD_REGEX}$"
FRAME_SCHEMA = {
    "row": pl.Int64,
    "indicator": pl.String,
    "kind": pl.String,
    "region": pl.String,
    "series": pl.String,
    "period": pl.String,
    "freq": pl.String,
    "year": pl.Int32,
    "sub": pl.Int32,
    "t": pl.Float64,
    "value": pl.Float64,
    "state": pl.String,
    "source": pl.String,
    "note": pl.String,
}


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    zh: str
    en: str

    def line(self) -> str:
        return f"第 {self.row} 行 row {self.row} [{self.column}]: {self.zh} / {self.en}"


class ObservationsError(EvaluationError):
    """Observations that cannot be evaluated; lists every problem with its row number."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(p.line() for p in problems)
        super().__init__(
            f"观测数据有 {len(problems)} 处问题：\n{lines}",
            f"{len(problems)} problems in the observations",
        )

    def one_line(self) -> str:
        n = len(self.problems)
        head = f"观测数据有 {n} 处问题 / {n} problems in the observations"
        return head + "\n" + "\n".join(p.line() for p in self.problems)


def load_observations(path: str | Path, plan: Mapping[str, Any]) -> pl.DataFrame:
    """Read and validate a CSV or XLSX file against the plan; ObservationsError on any problem."""
    source = Path(path)
    if not source.is_file():
        raise EvaluationError(
            f"找不到观测数据文件 {source}", f"observations file not found: {source}"
        )
    if source.suffix.lower() in UNSUPPORTED:
        raise EvaluationError(
            f"不支持 {source.suffix} 格式，请另存为 .xlsx 或 .csv",
            f"{source.suffix} files are not supported; save as .xlsx or .csv",
        )
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        header, rows = read_xlsx(source)
        return observations_from_table(header, rows, plan)
    text = decode(source.read_bytes())
    fast = fast_csv(text)
    if fast is not None:
        return _checked(fast, plan)
    header, rows = read_csv(text)
    return observations_from_table(header, rows, plan)


def observations_from_rows(
    rows: Iterable[Mapping[str, Any]], plan: Mapping[str, Any]
) -> pl.DataFrame:
    """Validate rows given as mappings (tests, the web layer); row numbers count from 2."""
    rows = list(rows)
    header = list(dict.fromkeys(k for r in rows for k in r)) or list(REQUIRED)
    return observations_from_table(header, [[r.get(h) for h in header] for r in rows], plan)


def observations_from_table(
    header: list[Any], rows: list[list[Any]], plan: Mapping[str, Any]
) -> pl.DataFrame:
    names = [column_name(h) for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise ObservationsError(
            [Problem(1, c, f"缺少必需的列 {c}", f"missing required column {c}") for c in missing]
        )
    return _checked(raw_frame(names, rows), plan, _ragged(len(names), rows))


def _checked(
    raw: pl.DataFrame, plan: Mapping[str, Any], extra: list[Problem] | None = None
) -> pl.DataFrame:
    blank = pl.all_horizontal(pl.col(c).is_null() for c in (*REQUIRED, *OPTIONAL))
    frame, problems = validate(raw.filter(~blank), plan)  # empty rows (Excel's tail) are skipped
    problems = sorted(problems + (extra or []), key=lambda p: (p.row, p.column))
    if problems:
        raise ObservationsError(problems)
    return frame


def _ragged(width: int, rows: list[list[Any]]) -> list[Problem]:
    """Rows with more cells than the header: usually an unquoted comma (`12,3`) in a CSV."""
    return [
        Problem(
            n,
            "value",
            "该行的单元格比表头多（数值中的逗号是否未加引号？）",
            "more cells than columns (an unquoted comma in a number?)",
        )
        for n, row in enumerate(rows, start=2)
        if any(cell(c) is not None for c in row[width:])
    ]


# ---------------------------------------------------------------- validation


def validate(raw: pl.DataFrame, plan: Mapping[str, Any]) -> tuple[pl.DataFrame, list[Problem]]:
    """Raw string columns → typed frame plus the problems found (vectorised; messages per row)."""
    problems: list[Problem] = []
    frame = _resolve_indicators(raw, plan, problems)
    frame = _parse_periods(frame, problems)
    frame = _parse_values(frame, problems)
    _check_range(frame, plan, problems)
    _check_duplicates(frame, problems)
    problems.sort(key=lambda p: (p.row, p.column))
    return frame.select(list(FRAME_SCHEMA)).cast(FRAME_SCHEMA), problems  # type: ignore[arg-type]


def _resolve_indicators(
    raw: pl.DataFrame, plan: Mapping[str, Any], problems: list[Problem]
) -> pl.DataFrame:
    table = lookup(plan)
    keys = pl.DataFrame(
        {
            "_key": list(table),
            "_id": [v[0] for v in table.values()],
            "kind": [v[1] for v in table.values()],
        },
        schema={"_key": pl.String, "_id": pl.String, "kind": pl.String},
    )
    frame = raw.with_columns(pl.col("indicator").str.strip_chars().alias("_key"))
    frame = frame.join(keys, on="_key", how="left").sort("row")
    for row, name in frame.filter(pl.col("_id").is_null()).select("row", "indicator").iter_rows():
        if name is None:
            problems.append(Problem(row, "indicator", "缺少指标", "missing indicator"))
        else:
            problems.append(
                Problem(
                    row, "indicator", f"规划中没有指标或项目“{name}”", f"unknown indicator {name!r}"
                )
            )
    return (
        frame.drop("indicator", "_key")
        .rename({"_id": "indicator"})
        .with_columns(
            # the plan's own region is the headline, written as no region at all
            pl.col("region").str.strip_chars().replace(plan.get("region") or "", "").fill_null(""),
            pl.col("series").str.strip_chars().fill_null(""),
        )
    )


def _parse_periods(frame: pl.DataFrame, problems: list[Problem]) -> pl.DataFrame:
    text = pl.col("period").str.strip_chars()
    parts = text.str.extract_groups(_PERIOD)
    frame = frame.with_columns(parts.alias("_p"))
    year = pl.col("_p").struct.field("1").cast(pl.Int32)
    quarter = pl.col("_p").struct.field("2").cast(pl.Int32)
    month = pl.col("_p").struct.field("3").cast(pl.Int32)
    freq = (
        pl.when(quarter.is_not_null()).then(pl.lit("Q")).when(month.is_not_null()).then(pl.lit("M"))
    )
    frame = frame.with_columns(
        year.alias("year"),
        freq.otherwise(pl.when(year.is_not_null()).then(pl.lit("A"))).alias("freq"),
        pl.coalesce(quarter, month, pl.when(year.is_not_null()).then(0))
        .cast(pl.Int32)
        .alias("sub"),
    )
    bad = (
        pl.col("year").is_null()
        | ~pl.col("year").is_between(MIN_YEAR, MAX_YEAR)
        | ((pl.col("freq") == "M") & ~pl.col("sub").is_between(1, 12))
    )
    for row, period in frame.filter(bad).select("row", "period").iter_rows():
        problems.append(
            Problem(
                row,
                "period",
                f"期间“{period}”格式不对（应为 2023、2023-Q2 或 2023-06）",
                f"malformed period {period!r} (expected 2023, 2023-Q2 or 2023-06)",
            )
        )
    frame = frame.with_columns(pl.when(~bad).then(pl.col("year")).alias("year"))
    return frame.with_columns(_time_expr().alias("t"), _canonical_period().alias("period")).drop(
        "_p"
    )


def _time_expr() -> pl.Expr:
    year, sub, freq = pl.col("year").cast(pl.Float64), pl.col("sub"), pl.col("freq")
    return (
        pl.when(freq == "Q")
        .then(year - 1 + sub / 4)
        .when(freq == "M")
        .then(year - 1 + sub / 12)
        .otherwise(year)
    )


def _canonical_period() -> pl.Expr:
    year = pl.col("year").cast(pl.String)
    sub = pl.col("sub").cast(pl.String)
    return (
        pl.when(pl.col("freq") == "Q")
        .then(pl.concat_str(year, pl.lit("-Q"), sub))
        .when(pl.col("freq") == "M")
        .then(pl.concat_str(year, pl.lit("-"), sub.str.zfill(2)))
        .otherwise(year)
    )


def _parse_values(frame: pl.DataFrame, problems: list[Problem]) -> pl.DataFrame:
    fast = pl.col("value").str.strip_chars().cast(pl.Float64, strict=False)
    frame = frame.with_columns(fast.alias("_v"), pl.lit(None, pl.String).alias("state"))
    slow = frame.filter(pl.col("_v").is_null()).select("row", "kind", "value")
    fixes: dict[int, tuple[float | None, str | None]] = {}
    for row, kind, raw in slow.iter_rows():
        fixes[row] = _slow_value(row, kind, raw, problems)
    if fixes:
        fixed = pl.DataFrame(
            {
                "row": list(fixes),
                "_fv": [v for v, _ in fixes.values()],
                "_fs": [s for _, s in fixes.values()],
            },
            schema={"row": pl.Int64, "_fv": pl.Float64, "_fs": pl.String},
        )
        frame = frame.join(fixed, on="row", how="left").with_columns(
            pl.coalesce("_v", "_fv").alias("_v"), pl.col("_fs").alias("state")
        )
        frame = frame.drop("_fv", "_fs")
    return frame.drop("value").rename({"_v": "value"})


def _slow_value(
    row: int, kind: str | None, raw: str | None, problems: list[Problem]
) -> tuple[float | None, str | None]:
    if raw is None:
        problems.append(Problem(row, "value", "缺少数值", "missing value"))
        return None, None
    if kind in ("milestone", "project"):
        state = parse_state(raw)
        if state is not None:
            return None, state
    try:
        return parse_number(raw), None
    except NumberFormatError as err:
        problems.append(Problem(row, "value", err.zh, err.en))
        return None, None


def _check_range(frame: pl.DataFrame, plan: Mapping[str, Any], problems: list[Problem]) -> None:
    years = plan_years(plan)
    if years is None:
        return
    low, high = years
    outside = frame.filter(pl.col("year").is_not_null() & ~pl.col("year").is_between(low, high))
    for row, period in outside.select("row", "period").iter_rows():
        problems.append(
            Problem(
                row,
                "period",
                f"期间 {period} 不在规划期 {low}–{high} 内",
                f"period {period} is outside the plan's years {low}-{high}",
            )
        )


def _check_duplicates(frame: pl.DataFrame, problems: list[Problem]) -> None:
    # a project may report its state and its investment for the same period
    keys = ["indicator", "region", "series", "t", "_is_state"]
    valid = frame.filter(pl.col("indicator").is_not_null() & pl.col("t").is_not_null())
    valid = valid.with_columns(pl.col("state").is_not_null().alias("_is_state"))
    dup = valid.filter(pl.len().over(keys) > 1).sort("row")
    if dup.is_empty():
        return
    first = dup.group_by(keys).agg(pl.col("row").min().alias("_first"))
    dup = dup.join(first, on=keys).filter(pl.col("row") != pl.col("_first"))
    for row, period, first_row in dup.select("row", "period", "_first").iter_rows():
        problems.append(
            Problem(
                row,
                "period",
                f"与第 {first_row} 行重复（同一指标、地区、分组和期间 {period}）",
                f"duplicates row {first_row} (same indicator, region, series and period {period})",
            )
        )
