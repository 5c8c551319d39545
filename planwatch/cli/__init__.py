"""The `planwatch` console script: one click group, one module per subcommand.

Domain errors become a one-line reason (Chinese / English) and exit code 2, never a traceback.
"""

from __future__ import annotations

import sys

import click

from planwatch import __version__
from planwatch.errors import PlanwatchError


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except PlanwatchError as err:
            click.echo(f"错误 error: {err.one_line()}", err=True)
            sys.exit(err.exit_code)
        except MemoryError:
            click.echo("错误 error: 内存不足 / out of memory", err=True)
            sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planwatch")
def cli() -> None:
    """planwatch 规划实施监测评估平台 — plans in, tracked commitments out."""


def _register() -> None:
    # One line per subcommand module; each module stays independent of the others.
    from planwatch.cli import extract

    cli.add_command(extract.extract)
    from planwatch.cli import evaluate

    cli.add_command(evaluate.evaluate)
    from planwatch.cli import web

    web.register(cli)
    from planwatch.cli import backup

    backup.register(cli)


_register()


def main() -> None:
    cli(prog_name="planwatch")
