"""One typed registry of settings, read from the environment.

Each setting has a name, a type, a default and a help text; a bad value fails loudly with its key.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planwatch.errors import PlanwatchError


class ConfigError(PlanwatchError):
    """A setting in the environment has a value that cannot be used."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    parse: Callable[[str], Any]
    help: str

    def read(self, environ: dict[str, str] | None = None) -> Any:
        env = os.environ if environ is None else environ
        raw = env.get(self.name)
        if raw is None or raw == "":
            return self.default
        try:
            return self.parse(raw)
        except (TypeError, ValueError) as err:
            raise ConfigError(
                f"环境变量 {self.name} 的值无效：{raw!r}",
                f"invalid value for {self.name}: {raw!r} ({self.help})",
            ) from err


def _bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(raw)


def _zone(raw: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(raw.strip())
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ValueError(raw) from err
    return raw.strip()


def _header(raw: str) -> str:
    """An HTTP header name such as ``X-Forwarded-For``."""
    name = raw.strip()
    if not re.fullmatch(r"[A-Za-z0-9-]+", name):
        raise ValueError(raw)
    return name


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting("PLANWATCH_DATA_DIR", Path("var"), Path, "directory for the database and uploads"),
        Setting("PLANWATCH_MAX_DOCUMENT_MB", 50, int, "largest plan document accepted, in MB"),
        Setting("PLANWATCH_DEBUG", False, _bool, "development mode"),
        Setting("PLANWATCH_SECRET_KEY", "", str, "web session signing key"),
        Setting("DATABASE_URL", "", str, "database URL; empty means SQLite in the data dir"),
        Setting(
            "PLANWATCH_DB_PREPARE",
            5,
            int,
            "PostgreSQL: a statement run this many times on a connection is prepared (planned "
            "once); 0 turns prepared statements off (PgBouncer before 1.21 in transaction mode)",
        ),
        Setting("PLANWATCH_SOFFICE", "soffice", str, "LibreOffice binary for .doc/.wps"),
        Setting(
            "PLANWATCH_ALLOWED_HOSTS", "127.0.0.1,localhost", str, "web host names, comma-separated"
        ),
        Setting(
            "PLANWATCH_SECURE_COOKIES", False, _bool, "send session/CSRF cookies over HTTPS only"
        ),
        Setting(
            "PLANWATCH_TIME_ZONE",
            "Asia/Shanghai",
            _zone,
            "time zone in which 'today' is decided for as-of dates, deadlines and overdue data",
        ),
        Setting("PLANWATCH_MAX_UPLOAD_MB", 10, int, "largest evidence or Excel upload, in MB"),
        Setting("PLANWATCH_BIND", "127.0.0.1:8000", str, "address of `planwatch serve`"),
        Setting("PLANWATCH_WEB_WORKERS", 0, int, "web worker processes; 0 means two per core"),
        Setting("PLANWATCH_WEB_THREADS", 2, int, "threads per web worker process"),
        Setting(
            "PLANWATCH_LOGIN_MAX_ATTEMPTS",
            5,
            int,
            "failed logins of one account from one address before a 15-minute lock",
        ),
        Setting(
            "PLANWATCH_CLIENT_IP_HEADER",
            "",
            _header,
            "request header in which the trusted proxy in front passes the client's address "
            "(X-Forwarded-For or X-Real-IP behind nginx); empty means the connection's address",
        ),
        Setting(
            "PLANWATCH_OPENAPI_PUBLIC",
            True,
            _bool,
            "serve the API description (/api/openapi.json) to everyone; off: to signed-in users",
        ),
        Setting(
            "PLANWATCH_JOB_TIME_LIMIT",
            600,
            int,
            "seconds a queued job (an import, an evaluation over many plans) may run before the "
            "worker stops it and marks it failed",
        ),
        Setting(
            "PLANWATCH_JOB_MEMORY_MB",
            2048,
            int,
            "memory in MB a queued job may take beyond the worker's own; past it the job fails",
        ),
        Setting(
            "PLANWATCH_CACHE",
            "",
            str,
            "cache shared by the web processes: 'database' (every host behind one database; "
            "the default with PostgreSQL) or 'file' (one host; the default with SQLite)",
        ),
    )
}


def get(name: str, environ: dict[str, str] | None = None) -> Any:
    """Current value of a registered setting."""
    return SETTINGS[name].read(environ)
