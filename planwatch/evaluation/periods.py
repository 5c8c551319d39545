"""Observation periods (`2023`, `2023-Q2`, `2023-06`) and the time axis the methods share.

Time is measured in years with t = Y at the end of year Y: an annual value for 2023 sits at
2023.0, the second quarter of 2023 at 2022.5, June 2023 at 2022.5, and a date at the fraction of
its year that has passed (31 Dec 2020 → 2020.0). Baselines and targets, given as years, sit at the
end of their year, so elapsed time for quarterly and monthly data needs no special case.

This is the one period grammar of planwatch: the CLI loader, the web forms, the API and the Excel
upload all parse with it (the loader vectorised, with the same regex and year bounds).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

ANNUAL, QUARTERLY, MONTHLY = "A", "Q", "M"
# The reporting frequencies by name, as assignments store them.
FREQUENCY_NAMES = {ANNUAL: "annual", QUARTERLY: "quarterly", MONTHLY: "monthly"}
# Plans and their statistics live in this window; `0000` or `9999` is a typing error.
MIN_YEAR, MAX_YEAR = 1900, 2200
# year, then an optional quarter or month; the loader uses the same grammar (vectorised)
PERIOD_REGEX = r"(\d{4})(?:(?:-|/|年)?[Qq]([1-4])|(?:-|/|年|\.)(\d{1,2})月?)?年?"
_PATTERN = re.compile(PERIOD_REGEX)


@dataclass(frozen=True)
class Period:
    text: str  # canonical: 2023, 2023-Q2, 2023-06
    freq: str
    year: int
    sub: int  # quarter or month, 0 for annual

    @property
    def t(self) -> float:
        return period_time(self.freq, self.year, self.sub)

    @property
    def frequency(self) -> str:
        """``annual``, ``quarterly`` or ``monthly``."""
        return FREQUENCY_NAMES[self.freq]

    @property
    def end(self) -> date:
        """The last day of the period (a value is due after it)."""
        month = {ANNUAL: 12, QUARTERLY: self.sub * 3, MONTHLY: self.sub}[self.freq]
        return date(self.year, month, calendar.monthrange(self.year, month)[1])


def period_time(freq: str, year: int, sub: int) -> float:
    """End of the period on the shared time axis."""
    if freq == QUARTERLY:
        return year - 1 + sub / 4
    if freq == MONTHLY:
        return year - 1 + sub / 12
    return float(year)


def parse_period(raw: object) -> Period:
    """A Period, or ValueError for anything that is not year, year-quarter or year-month."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if isinstance(raw, float) and raw.is_integer():
        raw = str(int(raw))
    if isinstance(raw, date):
        return Period(f"{raw.year}-{raw.month:02d}", MONTHLY, raw.year, raw.month)
    match = _PATTERN.fullmatch(str(raw).strip())
    if match is None:
        raise ValueError(f"malformed period {raw!r}")
    year = int(match.group(1))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"malformed period {raw!r}: year outside {MIN_YEAR}–{MAX_YEAR}")
    if match.group(2):
        quarter = int(match.group(2))
        return Period(f"{year}-Q{quarter}", QUARTERLY, year, quarter)
    if match.group(3):
        month = int(match.group(3))
        if not 1 <= month <= 12:
            raise ValueError(f"malformed period {raw!r}")
        return Period(f"{year}-{month:02d}", MONTHLY, year, month)
    return Period(str(year), ANNUAL, year, 0)


def parse_or_none(raw: object) -> Period | None:
    """``parse_period`` for callers that answer a malformed period themselves."""
    try:
        return parse_period(raw)
    except ValueError:
        return None


def periods_between(frequency: str, first_year: int, last_year: int) -> list[str]:
    """Every period of a frequency (``annual`` / ``quarterly`` / ``monthly``) over the years."""
    out: list[str] = []
    for year in range(first_year, last_year + 1):
        if frequency == FREQUENCY_NAMES[QUARTERLY]:
            out.extend(f"{year}-Q{q}" for q in range(1, 5))
        elif frequency == FREQUENCY_NAMES[MONTHLY]:
            out.extend(f"{year}-{m:02d}" for m in range(1, 13))
        else:
            out.append(str(year))
    return out


def latest_due(frequency: str, as_of: date, grace_days: int = 0) -> Period:
    """The latest period whose value should be in by ``as_of``: it ended at least
    ``grace_days`` before (an annual 2023 value with 90 days' grace is due from 30 March 2024)."""
    cutoff = as_of - timedelta(days=grace_days)
    freq = {v: k for k, v in FREQUENCY_NAMES.items()}.get(frequency, frequency)
    return _latest_ended(freq, cutoff)


def _latest_ended(freq: str, cutoff: date) -> Period:
    """The last period of a frequency that has ended on or before ``cutoff``."""
    year, month = cutoff.year, cutoff.month
    month_ended = cutoff.day == calendar.monthrange(year, month)[1]
    last_month = month if month_ended else month - 1  # 0: none this year
    if freq == MONTHLY:
        if last_month == 0:
            return Period(f"{year - 1}-12", MONTHLY, year - 1, 12)
        return Period(f"{year}-{last_month:02d}", MONTHLY, year, last_month)
    if freq == QUARTERLY:
        quarter = last_month // 3
        if quarter == 0:
            return Period(f"{year - 1}-Q4", QUARTERLY, year - 1, 4)
        return Period(f"{year}-Q{quarter}", QUARTERLY, year, quarter)
    done = year if last_month == 12 else year - 1
    return Period(str(done), ANNUAL, done, 0)


def date_time(day: date) -> float:
    """A date on the shared time axis, by its end: each month is a twelfth of the year and a day
    a share of its month, so the last day of a month, quarter or year sits exactly where that
    period does (30 June 2023 → 2022.5, as 2023-Q2 and 2023-06 do) and evaluating "as of" a
    period's last day includes that period's values."""
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    return day.year - 1 + (day.month - 1 + day.day / days_in_month) / 12


def year_time(year: int) -> float:
    """A baseline or target year: the end of that year."""
    return float(year)
