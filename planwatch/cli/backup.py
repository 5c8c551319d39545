"""`planwatch backup` and `planwatch restore`: the database and the uploaded files in one archive.

The work is done by ``planwatch.web.backups``; these commands set up Django on the configured
data directory and database, and print what was written or restored.
"""

from __future__ import annotations

import time
from pathlib import Path
from unicodedata import east_asian_width

import click

from planwatch import config
from planwatch.cli.web import _setup_django


def _cell(text: object, width: int, *, right: bool = False) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    text = str(text)
    pad = " " * max(width - len(text) - sum(east_asian_width(c) in "WF" for c in text), 0)
    return pad + text if right else text + pad


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.1f} kB"


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="备份文件，默认数据目录下 backups/planwatch-时间.tar.gz",
)
def backup(output: Path | None) -> None:
    """备份数据库与上传文件（服务运行中也可）/ back up the database and uploaded files."""
    _setup_django(Path(config.get("PLANWATCH_DATA_DIR")).resolve(), fresh=False)
    from planwatch.web import backups

    started = time.monotonic()
    made = backups.create_backup(output)
    m = made.manifest
    click.echo(
        f"备份完成 backup written: {made.path} ({_size(made.size)}, "
        f"{time.monotonic() - started:.1f} s)"
    )
    click.echo(f"  数据库 database: {m.database}；上传文件 files: {m.media_files}")
    click.echo("  " + " · ".join(f"{backups.label(k)} {n}" for k, n in m.counts.items()))


@click.command()
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="覆盖非空数据库 / overwrite a database that has data")
def restore(archive: Path, force: bool) -> None:
    """从备份恢复数据库与上传文件（请先停止服务）/ restore a backup (stop the server first)."""
    _setup_django(Path(config.get("PLANWATCH_DATA_DIR")).resolve(), fresh=False)
    from planwatch.web import backups

    started = time.monotonic()
    done = backups.restore_backup(archive, force=force)
    m = done.manifest
    click.echo(
        f"已恢复 restored: {archive} ({m.database}, {m.created_at}, planwatch "
        f"{m.planwatch_version}, {time.monotonic() - started:.1f} s)"
    )
    click.echo(
        f"  {_cell('', 26)}{_cell('备份 backup', 14, right=True)}{_cell('现有 now', 12, right=True)}"
    )
    for key, expected in m.counts.items():
        found = done.counts.get(key, 0)
        click.echo(
            f"  {_cell(backups.label(key), 26)}{_cell(expected, 14, right=True)}"
            f"{_cell(found, 12, right=True)}"
        )
    if done.pending_migrations:
        click.echo(
            f"数据库需要迁移（{len(done.pending_migrations)} 项）：请运行 planwatch manage migrate / "
            "the database needs migrating: run `planwatch manage migrate`"
        )
    if done.mismatched:
        names = "、".join(backups.COUNTED[k][1] for k in done.mismatched)
        names_en = ", ".join(backups.COUNTED[k][2] for k in done.mismatched)
        raise backups.BackupError(
            f"恢复后的数量与备份不符：{names}",
            f"restored counts differ from the backup: {names_en}",
        )


def register(group: click.Group) -> None:
    group.add_command(backup)
    group.add_command(restore)
