"""`planwatch backup` / `planwatch restore`: a round trip into an empty database finds every row
again, a database with data is not overwritten without --force, and bad archives change nothing.

The round trip restores into a fresh SQLite file, or on PostgreSQL into a separate empty
database made for the test; the restore and the read-back run the CLI as real processes.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from planwatch.web import backups
from planwatch.web.audit.models import AuditEntry
from planwatch.web.monitoring import services
from planwatch.web.monitoring.models import Observation, ReportState
from planwatch.web.plans.models import Plan
from tests.conftest import REPO
from tests.web.world import World

pytestmark = pytest.mark.django_db(transaction=True)

PLANWATCH = [sys.executable, "-m", "planwatch.cli"]
EVIDENCE = b"%PDF-1.4\n% evidence for 2023\n"
EXPLAINED = {"lag_reason": "项目延期", "next_steps": "加快建设"}


def _history(world: World) -> None:
    """Observations in every state: approved then corrected (a superseded version and its
    approved correction), rejected, submitted with an evidence file, and drafts."""

    def draft(period: str, value: float, **kw) -> Observation:
        return services.save_draft(
            user=world.reporter, assignment=world.assignment, period=period, value=value, **kw
        )

    def submitted(obs: Observation) -> Observation:
        return services.submit(user=world.reporter, observation=obs, expected_version=obs.version)

    def approved(obs: Observation) -> Observation:
        obs = submitted(obs)
        return services.approve(user=world.reviewer, observation=obs, expected_version=obs.version)

    approved(draft("2021", 1200, **EXPLAINED))
    approved(draft("2021", 1250, **EXPLAINED))  # the correction supersedes the first value
    rejected = submitted(draft("2022", 1400, **EXPLAINED))
    services.reject(
        user=world.reviewer, observation=rejected, expected_version=rejected.version, comment="口径"
    )
    pdf = SimpleUploadedFile("proof.pdf", EVIDENCE, content_type="application/pdf")
    submitted(draft("2023", 1650, evidence=pdf, **EXPLAINED))
    services.save_draft(
        user=world.other_reporter, assignment=world.other_assignment, period="2022", value=3
    )


def _env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PLANWATCH_DATA_DIR=str(data_dir), PLANWATCH_SECRET_KEY="b" * 40)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _planwatch(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PLANWATCH, *args], env=env, cwd=REPO, capture_output=True, text=True)


def _rows(dump: str) -> dict[tuple[str, object], dict]:
    return {(row["model"], row["pk"]): row["fields"] for row in json.loads(dump)}


@pytest.fixture
def empty_database():
    """The URL of a new empty database for the restore: none (a fresh SQLite file in the data
    directory) on SQLite; on PostgreSQL a database made beside the test database."""
    if connection.vendor != "postgresql":
        yield None
        return
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not on PATH: the PostgreSQL round trip needs it")
    name = f"planwatch_restore_{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    auth = quote(db["USER"], safe="") + (
        f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    )
    yield f"postgres://{auth}@{quote(str(db['HOST']), safe='')}:{db['PORT']}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_restore_into_an_empty_database_finds_every_row(world: World, tmp_path, empty_database):
    _history(world)
    states = set(Observation.objects.values_list("state", flat=True))
    assert {ReportState.SUPERSEDED, ReportState.APPROVED, ReportState.REJECTED} <= states
    assert {ReportState.SUBMITTED, ReportState.DRAFT} <= states
    original = io.StringIO()
    call_command("dumpdata", stdout=original)
    made = backups.create_backup(tmp_path / "planwatch.tar.gz")
    assert made.manifest.counts == {
        "plans": Plan.objects.count(),
        "observations": Observation.objects.count(),
        "audit_entries": AuditEntry.objects.count(),
        "users": world.admin.__class__.objects.count(),
    }
    assert made.path.stat().st_mode & 0o077 == 0

    env = _env(tmp_path / "restored", empty_database)
    run = _planwatch("restore", str(made.path), env=env)
    assert run.returncode == 0, run.stderr
    assert f"{backups.label('observations')}" in run.stdout and "needs migrating" not in run.stdout
    restored = _planwatch("manage", "dumpdata", env=env)
    assert restored.returncode == 0, restored.stderr
    assert _rows(restored.stdout) == _rows(original.getvalue())  # every row, every field
    versions = {
        pk: (fields["version"], fields["state"])
        for (model, pk), fields in _rows(restored.stdout).items()
        if model == "monitoring.observation"
    }
    assert versions == {o.pk: (o.version, o.state) for o in Observation.objects.all()}
    evidence = Observation.objects.exclude(evidence="").get().evidence.name
    assert (tmp_path / "restored" / "uploads" / evidence).read_bytes() == EVIDENCE

    # The restored database now has data: a second restore needs --force.
    again = _planwatch("restore", str(made.path), env=env)
    assert again.returncode == 2 and "--force" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1 and "Traceback" not in again.stderr
    forced = _planwatch("restore", "--force", str(made.path), env=env)
    assert forced.returncode == 0, forced.stderr
    assert _rows(_planwatch("manage", "dumpdata", env=env).stdout) == _rows(original.getvalue())


# --- bad input: one line, exit 2, nothing changed ---------------------------------------------


def _rewrite(src: Path, dst: Path, *, manifest: dict | None = None, database: bytes | None = None):
    """A copy of the archive ``src`` with its manifest or database member replaced."""
    with tarfile.open(src, "r:gz") as old, tarfile.open(dst, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read() if member.isfile() else None
            if member.name == "manifest.json" and manifest is not None:
                data = json.dumps(manifest).encode()
            elif member.name.startswith("database.") and database is not None:
                data = database
            if data is not None:
                member.size = len(data)
            new.addfile(member, io.BytesIO(data) if data is not None else None)
    return dst


@pytest.fixture
def archive(world: World, tmp_path) -> Path:
    _history(world)
    return backups.create_backup(tmp_path / "good.tar.gz").path


def _manifest(path: Path) -> dict:
    with tarfile.open(path, "r:gz") as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def _snapshot() -> tuple:
    media = sorted(p.relative_to(settings.MEDIA_ROOT) for p in Path(settings.MEDIA_ROOT).rglob("*"))
    return Plan.objects.count(), Observation.objects.count(), AuditEntry.objects.count(), media


def _refused(path: Path, *words: str) -> None:
    before = _snapshot()
    with pytest.raises(backups.BackupError) as caught:
        backups.restore_backup(path, force=True)
    line = caught.value.one_line()
    assert "\n" not in line and all(word in line for word in words), line
    assert _snapshot() == before


def test_a_file_that_is_not_an_archive_is_refused(world: World, tmp_path):
    notes = tmp_path / "notes.tar.gz"
    notes.write_text("这不是备份", "utf-8")
    _refused(notes, "备份", "damaged")
    _refused(tmp_path / "missing.tar.gz", "不存在", "no such backup file")


def test_a_tar_without_a_manifest_is_refused(world: World, tmp_path):
    path = tmp_path / "other.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("readme.txt"), io.BytesIO(b""))
    _refused(path, "不是 planwatch 备份", "not a planwatch backup")


def test_a_truncated_archive_is_refused(archive: Path, tmp_path):
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    _refused(cut, "已损坏", "damaged")


def test_a_database_that_does_not_match_its_checksum_is_refused(archive: Path, tmp_path):
    _refused(_rewrite(archive, tmp_path / "bad.tar.gz", database=b"garbage"), "校验和")


def test_a_manifest_from_a_newer_schema_is_refused(archive: Path, tmp_path):
    manifest = _manifest(archive)
    manifest["migrations"]["plans"].append("9999_from_the_future")
    _refused(_rewrite(archive, tmp_path / "newer.tar.gz", manifest=manifest), "升级", "newer")
    manifest = _manifest(archive) | {"format": "planwatch.backup/2"}
    _refused(_rewrite(archive, tmp_path / "v2.tar.gz", manifest=manifest), "planwatch.backup/2")


def test_an_archive_of_the_other_database_kind_is_refused(archive: Path, tmp_path):
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[connection.vendor]
    manifest = _manifest(archive) | {"database": other, "media_files": 0}
    with tarfile.open(archive, "r:gz") as tar:
        database = next(m for m in tar.getmembers() if m.name.startswith("database."))
        data = tar.extractfile(database).read()
    path = tmp_path / "other.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, content in (
            ("manifest.json", json.dumps(manifest).encode()),
            ({"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[other], data),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    _refused(path, other)


def test_restore_cli_refuses_a_truncated_archive_and_writes_nothing(tmp_path):
    cut = tmp_path / "cut.tar.gz"
    with tarfile.open(tmp_path / "whole.tar.gz", "w:gz") as tar:
        info = tarfile.TarInfo("manifest.json")
        data = os.urandom(200_000)  # incompressible: the cut falls inside the stream
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    cut.write_bytes((tmp_path / "whole.tar.gz").read_bytes()[:100_000])
    data_dir = tmp_path / "data"
    run = _planwatch("restore", str(cut), env=_env(data_dir, None))
    assert run.returncode == 2
    assert run.stderr.startswith("错误 error:") and len(run.stderr.strip().splitlines()) == 1
    assert "damaged" in run.stderr and "Traceback" not in run.stderr
    assert not (data_dir / "planwatch.sqlite3").exists() and not (data_dir / "uploads").exists()


def test_backup_without_pg_dump_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(backups.BackupError, match="pg_dump"):
        backups.pg_tool("pg_dump")
    env = _env(tmp_path / "data", "postgres://planwatch@127.0.0.1:9/planwatch") | {
        "PATH": str(tmp_path)
    }
    run = _planwatch("backup", env=env)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "找不到 pg_dump" in run.stderr and "pg_dump not found" in run.stderr
    assert not (tmp_path / "data" / "backups").exists()
