"""Backups of the platform's data: the database and the uploaded files in one .tar.gz with a
manifest, and their restore, which checks the whole archive before it replaces anything.

SQLite is copied with the online backup API (safe while the server runs); PostgreSQL is dumped
with ``pg_dump --format=custom`` from one snapshot, the one the manifest's counts are read in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from contextlib import closing, suppress
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, connections

from planwatch import __version__, config
from planwatch.errors import PlanwatchError

FORMAT = "planwatch.backup/1"
_MANIFEST = "manifest.json"
_DATABASE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_MEDIA = "media"
# What the manifest counts and a restore must find again: key → (model, Chinese, English).
COUNTED = {
    "plans": ("plans.Plan", "规划", "plans"),
    "observations": ("monitoring.Observation", "观测值", "observations"),
    "audit_entries": ("audit.AuditEntry", "审计记录", "audit entries"),
    "users": ("accounts.User", "用户", "users"),
}


class BackupError(PlanwatchError):
    """A backup could not be made, or an archive could not be restored; nothing was changed."""


@dataclass(frozen=True)
class Manifest:
    database: str  # "sqlite" | "postgresql"
    created_at: str
    planwatch_version: str
    migrations: dict[str, list[str]]  # applied, per app
    counts: dict[str, int]  # keys of COUNTED
    database_sha256: str
    media_files: int
    format: str = FORMAT

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2).encode()

    @classmethod
    def from_json(cls, raw: bytes, archive: Path) -> Manifest:
        try:
            data = json.loads(raw)
        except ValueError as err:
            raise _not_a_backup(archive) from err
        fmt = data.get("format") if isinstance(data, dict) else None
        if fmt != FORMAT:
            if isinstance(fmt, str) and fmt.startswith("planwatch.backup/"):
                raise BackupError(
                    f"备份格式 {fmt} 来自更新的 planwatch，请先升级（本版本读 {FORMAT}）",
                    f"the backup format {fmt} is newer than this planwatch reads ({FORMAT})",
                )
            raise _not_a_backup(archive)
        manifest = cls(**{f.name: data.get(f.name) for f in fields(cls)})
        if not manifest._well_formed():
            raise _not_a_backup(archive)
        return manifest

    def _well_formed(self) -> bool:
        return (
            self.database in _DATABASE
            and isinstance(self.counts, dict)
            and set(self.counts) == set(COUNTED)
            and all(isinstance(n, int) for n in self.counts.values())
            and isinstance(self.migrations, dict)
            and all(isinstance(names, list) for names in self.migrations.values())
            and isinstance(self.database_sha256, str)
            and isinstance(self.media_files, int)
        )


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: Manifest
    size: int  # bytes


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    counts: dict[str, int]  # found in the database after the restore
    pending_migrations: list[str]

    @property
    def mismatched(self) -> list[str]:
        return [key for key in COUNTED if self.counts.get(key) != self.manifest.counts[key]]


def _not_a_backup(archive: Path) -> BackupError:
    return BackupError(
        f"{archive.name} 不是 planwatch 备份文件", f"{archive.name} is not a planwatch backup"
    )


def _damaged(archive: Path, zh: str, en: str) -> BackupError:
    return BackupError(
        f"备份文件 {archive.name} 已损坏（{zh}）", f"the backup {archive.name} is damaged ({en})"
    )


def label(key: str) -> str:
    _, zh, en = COUNTED[key]
    return f"{zh} {en}"


# --- facts read from a database through any DB-API cursor ---------------------------------


def _table(key: str) -> str:
    return apps.get_model(COUNTED[key][0])._meta.db_table


def _facts(cursor: Any) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Counts of COUNTED and the applied migrations, as one cursor (one snapshot) sees them."""
    counts = {}
    for key in COUNTED:
        cursor.execute(f'SELECT COUNT(*) FROM "{_table(key)}"')
        counts[key] = cursor.fetchone()[0]
    cursor.execute("SELECT app, name FROM django_migrations")
    migrations: dict[str, list[str]] = {}
    for app, name in sorted(cursor.fetchall()):
        migrations.setdefault(app, []).append(name)
    return counts, migrations


def _present_counts(cursor: Any, tables: set[str]) -> dict[str, int]:
    """Counts of the COUNTED tables that exist (a fresh database has none)."""
    counts = {}
    for key in COUNTED:
        if _table(key) in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{_table(key)}"')
            counts[key] = cursor.fetchone()[0]
    return counts


def _kind() -> str:
    if connection.vendor not in _DATABASE:
        raise BackupError(
            f"不支持备份 {connection.vendor} 数据库", f"{connection.vendor} is not supported"
        )
    return connection.vendor


def _now() -> dt.datetime:
    return dt.datetime.now(ZoneInfo(config.get("PLANWATCH_TIME_ZONE")))


def default_path() -> Path:
    """``backups/planwatch-YYYYmmdd-HHMMSS.tar.gz`` in the data directory."""
    return Path(settings.DATA_DIR) / "backups" / f"planwatch-{_now():%Y%m%d-%H%M%S}.tar.gz"


# --- PostgreSQL tools -----------------------------------------------------------------------


def pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"找不到 {name}：请安装 PostgreSQL 客户端（postgresql-client-15）并加入 PATH",
            f"{name} not found: install the PostgreSQL client tools and put them on PATH",
        )
    return path


def _pg_params(db: dict[str, Any]) -> dict[str, str]:
    keys = {"NAME": "dbname", "USER": "user", "PASSWORD": "password", "HOST": "host"}
    params = {param: str(db[key]) for key, param in keys.items() if db.get(key)}
    if db.get("PORT"):
        params["port"] = str(db["PORT"])
    if db.get("OPTIONS", {}).get("sslmode"):
        params["sslmode"] = db["OPTIONS"]["sslmode"]
    return params


_PG_ENV = {
    "dbname": "PGDATABASE",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
}


def _run_pg(args: list[str], db: dict[str, Any]) -> None:
    """Run a PostgreSQL client tool on ``db``; its password goes through the environment."""
    env = dict(os.environ)
    env.update({_PG_ENV[param]: value for param, value in _pg_params(db).items()})
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tool = Path(args[0]).name
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        reason = lines[-1] if lines else f"exit {done.returncode}"
        raise BackupError(f"{tool} 失败：{reason}", f"{tool} failed: {reason}")


# --- backup ---------------------------------------------------------------------------------


def create_backup(output: Path | None = None) -> Backup:
    """Write the database and the uploaded files to ``output`` (default: ``default_path()``)."""
    kind = _kind()
    if kind == "postgresql":
        pg_tool("pg_dump")
    if "django_migrations" not in connection.introspection.table_names():
        raise BackupError(
            "数据库尚未迁移，没有可备份的数据",
            "the database has not been migrated: nothing to back up",
        )
    output = (output or default_path()).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as work:
        db_file = Path(work) / _DATABASE[kind]
        counts, migrations = _dump_sqlite(db_file) if kind == "sqlite" else _dump_postgres(db_file)
        media = _media_files()
        manifest = Manifest(
            database=kind,
            created_at=_now().isoformat(timespec="seconds"),
            planwatch_version=__version__,
            migrations=migrations,
            counts=counts,
            database_sha256=_sha256(db_file),
            media_files=len(media),
        )
        partial = Path(work) / "archive.tar.gz"
        _write_archive(partial, manifest, db_file, media)
        partial.chmod(0o600)  # password hashes and API tokens are inside
        os.replace(partial, output)
    return Backup(output, manifest, output.stat().st_size)


def _dump_sqlite(dest: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    connection.ensure_connection()
    with closing(sqlite3.connect(dest)) as copy:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        return _facts(copy.cursor())


def _dump_postgres(dest: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    import psycopg
    from psycopg.conninfo import make_conninfo

    db = connection.settings_dict
    cache_tables = [
        c["LOCATION"] for c in settings.CACHES.values() if c["BACKEND"].endswith("DatabaseCache")
    ]
    with psycopg.connect(make_conninfo(**_pg_params(db))) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.transaction(), conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()  # type: ignore[misc]
            facts = _facts(cursor)
            args = [pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}"]
            args += [f"--exclude-table-data={table}" for table in cache_tables]
            _run_pg([*args, f"--file={dest}", str(db["NAME"])], db)
    return facts


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_archive(path: Path, manifest: Manifest, db_file: Path, media: list[Path]) -> None:
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(path, "w:gz", compresslevel=6) as tar:
        raw = manifest.to_json()
        info = tarfile.TarInfo(_MANIFEST)
        info.size, info.mtime, info.mode = len(raw), int(_now().timestamp()), 0o600
        tar.addfile(info, io.BytesIO(raw))  # first: read before anything else on restore
        tar.add(db_file, arcname=db_file.name)
        for file in media:
            tar.add(file, arcname=f"{_MEDIA}/{file.relative_to(root).as_posix()}")


# --- restore --------------------------------------------------------------------------------


def restore_backup(archive: Path, *, force: bool = False) -> Restored:
    """Replace the database and the uploaded files with the archive's. Every check (archive
    whole, manifest readable and not newer, database copy sound, target empty unless ``force``)
    runs before anything is replaced; the server should be stopped."""
    kind = _kind()
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".restore-") as work:
        manifest = unpack(archive, Path(work))
        _check_compatible(manifest, kind)
        db_file = Path(work) / _DATABASE[kind]
        if kind == "sqlite":
            _restore_sqlite(db_file, manifest, archive, force=force)
        else:
            _restore_postgres(db_file, archive, force=force)
        _replace_media(Path(work) / _MEDIA)
    _clear_cache()
    with connection.cursor() as cursor:
        counts, _ = _facts(cursor)
    return Restored(manifest, counts, _pending_migrations())


def unpack(archive: Path, work: Path) -> Manifest:
    """Extract ``archive`` into ``work`` and check it whole; its manifest."""
    if not archive.is_file():
        raise BackupError(f"备份文件不存在：{archive}", f"no such backup file: {archive}")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            first = tar.next()
            if first is None or first.name != _MANIFEST or not first.isfile():
                raise _not_a_backup(archive)
            manifest = Manifest.from_json(tar.extractfile(first).read(), archive)  # type: ignore[union-attr]
            members = tar.getmembers()  # reads to the end: a truncated archive fails here
            _check_members(members, manifest, archive)
            tar.extractall(work, members=members, filter="data")
    except (tarfile.TarError, EOFError, zlib.error, OSError) as err:
        raise _damaged(archive, "无法完整读取", "it cannot be read to the end") from err
    if _sha256(work / _DATABASE[manifest.database]) != manifest.database_sha256:
        raise _damaged(archive, "数据库校验和不符", "database checksum mismatch")
    (work / _MEDIA).mkdir(exist_ok=True)
    return manifest


def _check_members(members: list[tarfile.TarInfo], manifest: Manifest, archive: Path) -> None:
    database = _DATABASE[manifest.database]
    names = {m.name for m in members}
    media = [m for m in members if m.name.startswith(f"{_MEDIA}/") and m.isfile()]
    stray = [
        m.name
        for m in members
        if m.name not in (_MANIFEST, database, _MEDIA)
        and not (m.name.startswith(f"{_MEDIA}/") and (m.isfile() or m.isdir()))
    ]
    if database not in names or stray or len(media) != manifest.media_files:
        raise _damaged(archive, "内容与清单不符", "its contents do not match its manifest")


def _check_compatible(manifest: Manifest, kind: str) -> None:
    from django.db.migrations.loader import MigrationLoader

    if manifest.database != kind:
        raise BackupError(
            f"这是 {manifest.database} 数据库的备份，当前数据库是 {kind}",
            f"this is a backup of a {manifest.database} database; the current one is {kind}",
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = [
        f"{app}.{name}"
        for app, names in manifest.migrations.items()
        if app in loader.migrated_apps
        for name in names
        if (app, name) not in loader.disk_migrations
    ]
    if unknown:
        raise BackupError(
            f"备份的数据库结构比本版本新（{unknown[0]}），请先升级 planwatch "
            f"{manifest.planwatch_version}",
            f"the backup's schema is newer than this planwatch ({unknown[0]}): "
            f"upgrade to {manifest.planwatch_version} first",
        )


def _refuse_unless_empty(counts: dict[str, int]) -> None:
    found = [f"{COUNTED[k][1]} {n}" for k, n in counts.items() if n]
    if found:
        found_en = ", ".join(f"{n} {COUNTED[k][2]}" for k, n in counts.items() if n)
        raise BackupError(
            f"目标数据库不是空的（{'、'.join(found)}）；确认覆盖请加 --force",
            f"the database is not empty ({found_en}): add --force to overwrite it",
        )


def _restore_sqlite(db_file: Path, manifest: Manifest, archive: Path, *, force: bool) -> None:
    if connection.is_in_memory_db():  # type: ignore[attr-defined]  # SQLite's wrapper only
        raise BackupError("不能恢复到内存数据库", "cannot restore into an in-memory database")
    try:
        with closing(sqlite3.connect(db_file)) as copy:
            sound = copy.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            counts, _ = _facts(copy.cursor())
    except sqlite3.DatabaseError as err:
        raise _damaged(archive, "数据库无法读取", "its database cannot be read") from err
    if not sound or counts != manifest.counts:
        raise _damaged(archive, "数据库与清单不符", "its database does not match its manifest")
    target = Path(connection.settings_dict["NAME"])
    connections.close_all()
    if target.exists():
        with closing(sqlite3.connect(target)) as current:
            if not force:
                tables = {row[0] for row in current.execute("SELECT name FROM sqlite_master")}
                _refuse_unless_empty(_present_counts(current.cursor(), tables))
            # The old file's log goes into the file itself, so no -wal is left to meet the new one.
            current.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with db_file.open("rb") as f:
        os.fsync(f.fileno())
    os.replace(db_file, target)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def _restore_postgres(dump: Path, archive: Path, *, force: bool) -> None:
    pg_restore = pg_tool("pg_restore")
    db = connection.settings_dict
    try:
        _run_pg([pg_restore, "--list", str(dump)], db)
    except BackupError as err:
        raise _damaged(
            archive, "pg_restore 无法读取转储", "pg_restore cannot read the dump"
        ) from err
    if not force:
        tables = set(connection.introspection.table_names())
        with connection.cursor() as cursor:
            _refuse_unless_empty(_present_counts(cursor, tables))
    connections.close_all()
    # One transaction: a failing restore leaves the database as it was.
    args = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
    _run_pg([pg_restore, *args, "--exit-on-error", f"--dbname={db['NAME']}", str(dump)], db)


def _replace_media(new: Path) -> None:
    root = Path(settings.MEDIA_ROOT)
    root.parent.mkdir(parents=True, exist_ok=True)
    old = root.with_name(f".{root.name}-replaced")
    shutil.rmtree(old, ignore_errors=True)
    if root.exists():
        os.replace(root, old)
    os.replace(new, root)
    shutil.rmtree(old, ignore_errors=True)


def _clear_cache() -> None:
    """Cached evaluations and pages describe the replaced data."""
    from django.core.cache import cache

    # The cache table comes with a migration that an older restored database may not have had.
    with suppress(DatabaseError):
        cache.clear()


def _pending_migrations() -> list[str]:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
