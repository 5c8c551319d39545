"""`planwatch demo`, `serve`, `worker` and `manage`: the web platform from the command line.

`demo` builds a fresh SQLite database under PLANWATCH_DATA_DIR (default ./var) with the demo
world, prints the demo users and their passwords, and serves http://127.0.0.1:PORT with a worker
beside it. `serve` runs the production server (gunicorn, settings in
``planwatch.web.gunicorn_conf``) on the configured database; `worker` runs the queued long work
(imports, evaluation runs) beside it, each job in a child process under its time and memory limits.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import click

from planwatch import config


def _setup_django(data_dir: Path, *, fresh: bool) -> None:
    os.environ["PLANWATCH_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.web.settings")
    data_dir.mkdir(parents=True, exist_ok=True)
    key_file = data_dir / "secret_key"
    if not config.get("PLANWATCH_SECRET_KEY"):
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(48), "utf-8")
            key_file.chmod(0o600)
        os.environ["PLANWATCH_SECRET_KEY"] = key_file.read_text("utf-8").strip()
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            (data_dir / f"planwatch.sqlite3{suffix}").unlink(missing_ok=True)
    import django

    django.setup()


@click.command()
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="默认 PLANWATCH_DATA_DIR（./var）",
)
@click.option("--no-serve", is_flag=True, help="只建库和演示数据，不启动服务")
def demo(port: int, data_dir: Path | None, no_serve: bool) -> None:
    """启动演示平台（全新 SQLite 数据库、广东省区划、演示用户和规划）/ run the demo platform."""
    if config.get("DATABASE_URL"):
        raise click.UsageError("demo 总是使用全新的 SQLite 数据库；请先取消 DATABASE_URL")
    data_dir = (data_dir or Path(config.get("PLANWATCH_DATA_DIR"))).resolve()
    _setup_django(data_dir, fresh=True)
    from django.core.management import call_command

    from planwatch.web.demo.seed import build_demo

    call_command("migrate", verbosity=0, interactive=False)
    with click.progressbar(length=1, label="建立演示数据") as bar:
        world = build_demo()
        bar.update(1)
    click.echo(f"\n数据目录 data dir: {data_dir}")
    click.echo("演示用户 demo users (用户名 / 密码 / 角色):")
    for username, (name, password) in world.passwords.items():
        click.echo(f"  {username:<10} {password:<14} {name}")
    click.echo(f"API 令牌 token (stats): {world.token}")
    click.echo(
        f"规划 plans: {len(world.plans)}；除注明出处的基期公开数据外，观测值均为“示例数据”。"
    )
    if no_serve:
        return
    click.echo(f"\n打开 open http://127.0.0.1:{port}/  (Ctrl-C 停止)")
    from django.db import connections

    connections.close_all()
    # Served as production is (`planwatch serve`: gunicorn) with the worker that runs the
    # imports and evaluations the demo's pages queue; both stop with the demo.
    env = {**os.environ, "PLANWATCH_BIND": f"127.0.0.1:{port}"}
    env.setdefault("PLANWATCH_WEB_WORKERS", "2")
    children = [
        subprocess.Popen([sys.executable, "-m", "planwatch.cli", "worker"], env=env),
        subprocess.Popen([sys.executable, "-m", "planwatch.cli", "serve"], env=env),
    ]
    try:
        children[1].wait()
    except KeyboardInterrupt:
        pass
    finally:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


@click.command()
@click.option("--bind", default=None, help="监听地址，默认 PLANWATCH_BIND（127.0.0.1:8000）")
@click.option("--workers", type=int, default=None, help="工作进程数，默认每核两个")
@click.option("--threads", type=int, default=None, help="每个进程的线程数，默认 2")
def serve(bind: str | None, workers: int | None, threads: int | None) -> None:
    """运行生产服务（gunicorn）/ serve the platform in production."""
    for name, value in (
        ("PLANWATCH_BIND", bind),
        ("PLANWATCH_WEB_WORKERS", workers),
        ("PLANWATCH_WEB_THREADS", threads),
    ):
        if value is not None:
            os.environ[name] = str(value)
    _setup_migrated()
    conf = "python:planwatch.web.gunicorn_conf"
    args = [sys.executable, "-m", "gunicorn", "-c", conf, "planwatch.web.wsgi:application"]
    os.execv(sys.executable, args)


def _setup_migrated() -> None:
    """Django on the configured database, refusing one whose migrations have not been run."""
    _setup_django(Path(config.get("PLANWATCH_DATA_DIR")).resolve(), fresh=False)
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise click.ClickException(
            "数据库尚未迁移，请先运行 planwatch manage migrate / "
            "the database needs migrating: run `planwatch manage migrate` first"
        )
    connection.close()


@click.command()
@click.option(
    "--interval",
    type=click.FloatRange(min=0.05),
    default=1.0,
    show_default=True,
    help="队列为空时每隔几秒查看一次 / seconds between looks at an empty queue",
)
@click.option(
    "--batch", is_flag=True, help="处理完队列中已有的任务后退出 / exit once the queue is empty"
)
def worker(interval: float, batch: bool) -> None:
    """运行后台任务（导入、评估运行）/ run queued jobs beside `planwatch serve`.

    Each job runs in a child process under PLANWATCH_JOB_TIME_LIMIT seconds and
    PLANWATCH_JOB_MEMORY_MB of memory; several workers may share one database.
    """
    _setup_migrated()
    from django.core.management import call_command

    from planwatch.web.jobs.services import fail_abandoned

    abandoned = fail_abandoned()
    if abandoned:
        click.echo(f"已标记 {abandoned} 个中断的任务为失败 / {abandoned} abandoned jobs failed")
    options = {"interval": interval, "batch": batch, "reload": False, "startup_delay": False}
    call_command("db_worker", verbosity=1, **options)


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Django 管理命令（migrate、createsuperuser、check …）/ Django's manage.py."""
    _setup_django(Path(config.get("PLANWATCH_DATA_DIR")).resolve(), fresh=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["planwatch manage", *args])


def register(group: click.Group) -> None:
    group.add_command(demo)
    group.add_command(serve)
    group.add_command(worker)
    group.add_command(manage)
