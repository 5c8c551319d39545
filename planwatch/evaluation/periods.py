"""Observation periods (`2023`, `2023-Q2`, `2023-06`) and the time axis the methods share.

Time is measured in years with t = Y at the end of year Y: an annual value for 2023 sits at
2023.0, the second quarter of 2023 at 2022.5, June 2023 at 2022.5, and a date at the fraction of
its year that has passed (31 Dec 2020 → 2020.0). Baselines and targets, given as years, sit at the
end of their year, so elapsed time for quarterly and monthly data needs no special case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

ANNUAL, QUARTERLY, MONTHLY = "A", "Q", "M"
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
    if match.group(2):
        quarter = int(match.group(2))
        return Period(f"{year}-Q{quarter}", QUARTERLY, year, quarter)
    if match.group(3):
        month = int(match.group(3))
        if not 1 <= month <= 12:
            raise ValueError(f"malformed period {raw!r}")
        return Period(f"{year}-{month:02d}", MONTHLY, year, month)
    return Period(str(year), ANNUAL, year, 0)


def date_time(day: date) -> float:
    """A date on the shared time axis: the share of its year that has passed by its end."""
    start = date(day.year, 1, 1)
    days_in_year = (date(day.year + 1, 1, 1) - start).days
    return day.year - 1 + ((day - start).days + 1) / days_in_year


def year_time(year: int) -> float:
    """A baseline or target year: the end of that year."""
    return float(year)
