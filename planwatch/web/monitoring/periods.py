"""Reporting periods as written in the contracts: ``2023``, ``2023-Q2``, ``2023-06``."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_PATTERNS = {
    "annual": re.compile(r"^(\d{4})$"),
    "quarterly": re.compile(r"^(\d{4})-Q([1-4])$"),
    "monthly": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
}


@dataclass(frozen=True)
class Period:
    text: str
    frequency: str
    year: int
    end: dt.date

    @property
    def fraction_of_year(self) -> float:
        """Where the period ends within its year (0 < f ≤ 1), for the plan path."""
        start = dt.date(self.year, 1, 1)
        return ((self.end - start).days + 1) / (dt.date(self.year, 12, 31) - start).days


def parse(text: str) -> Period | None:
    text = str(text).strip().upper().replace("年", "")
    for frequency, pattern in _PATTERNS.items():
        m = pattern.match(text)
        if not m:
            continue
        year = int(m.group(1))
        if frequency == "annual":
            end = dt.date(year, 12, 31)
        elif frequency == "quarterly":
            month = int(m.group(2)) * 3
            end = dt.date(year, month, calendar.monthrange(year, month)[1])
        else:
            month = int(m.group(2))
            end = dt.date(year, month, calendar.monthrange(year, month)[1])
        return Period(text, frequency, year, end)
    return None


def periods_between(frequency: str, first_year: int, last_year: int) -> list[str]:
    out: list[str] = []
    for year in range(first_year, last_year + 1):
        if frequency == "annual":
            out.append(str(year))
        elif frequency == "quarterly":
            out.extend(f"{year}-Q{q}" for q in range(1, 5))
        else:
            out.extend(f"{year}-{m:02d}" for m in range(1, 13))
    return out
