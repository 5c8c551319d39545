"""Today's date, decided once: in the plans' time zone (``PLANWATCH_TIME_ZONE``, Asia/Shanghai by
default), not the server's, so a page rendered at 01:00 in Beijing on a UTC host is not a day late.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from planwatch import config


def today(zone: str | None = None) -> date:
    """The current date in ``zone`` (default: the configured plan time zone)."""
    return datetime.now(ZoneInfo(zone or config.get("PLANWATCH_TIME_ZONE"))).date()
