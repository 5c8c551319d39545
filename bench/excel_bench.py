"""Excel upload benchmark: each bomb of tests/web/test_excel_budgets.py at full size, and a
filled template at the row budget, read by the upload's reader in a fresh process.

`main()` prints, per file: its size, the outcome (rows read, or the refusal), seconds, and the
process's peak RSS (all of it, and the part above what it held before reading). Goal: every bomb refused within 300 MB
and 5 s. Not a timed test.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MB = 1024 * 1024


def _django() -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.web.settings")
    os.environ.setdefault("PLANWATCH_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijkl")
    os.environ.setdefault("PLANWATCH_DATA_DIR", tempfile.mkdtemp(prefix="planwatch-bench-"))
    import django

    django.setup()


def _files() -> dict[str, Callable[[], bytes]]:
    from planwatch.web.monitoring import excel
    from tests.web import test_excel_budgets as bombs
    from tests.web.test_excel_budgets import workbook

    rows = excel.BUDGET.rows - 1
    template = [excel.COLUMNS] + [
        [
            n,
            "示例市数字化发展规划",
            f"指标{n % 40}",
            "个",
            "2024-06",
            100.5,
            "统计局",
            None,
            None,
            None,
            1,
        ]
        for n in range(rows)
    ]
    return {
        "dimension A1:XFD1048576, 20,000 rows": bombs.dimension_bomb,
        "shared strings, 800,000 (2 MB packed)": lambda: bombs.shared_strings_bomb(800_000),
        "shared strings, 75,000 (within budget)": lambda: bombs.shared_strings_bomb(75_000),
        "one row of 2,500,000 cells": lambda: bombs.wide_row_bomb(2_500_000),
        "one row of 310,000 cells (within budget)": lambda: bombs.wide_row_bomb(310_000),
        "100,000 sheet views": lambda: bombs.views_bomb(100_000),
        "14,500 sheet views (within budget)": lambda: bombs.views_bomb(14_500),
        "2,000,000 cell styles": lambda: bombs.styles_bomb(2_000_000),
        "14,500 cell styles (within budget)": lambda: bombs.styles_bomb(14_500),
        "billion laughs DTD": bombs.entity_bomb,
        "300 members": lambda: bombs.members_bomb(300),
        f"filled template, {rows:,} rows": lambda: workbook(template),
    }


def _peak_bytes() -> int:
    """This process's peak resident memory. VmHWM belongs to the process's own address space;
    ru_maxrss would carry over the parent's peak through fork and exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _measure(path: str) -> None:
    """In the child: read one file as the upload does and print what it cost."""
    _django()
    from planwatch.web.errors import InvalidInput
    from planwatch.web.monitoring import excel
    from planwatch.web.spreadsheets.reading import sheet_rows

    data = Path(path).read_bytes()
    before = _peak_bytes()
    start = time.perf_counter()
    try:
        outcome = f"{len(sheet_rows(data, width=len(excel.COLUMNS), budget=excel.BUDGET)):,} rows"
    except InvalidInput as err:
        outcome = f"refused: {err.en}"
    seconds = time.perf_counter() - start
    peak = _peak_bytes()
    print(
        json.dumps({"outcome": outcome, "seconds": seconds, "peak": peak, "extra": peak - before})
    )


def main() -> None:
    _django()
    print(f"{'file':<42} {'size':>9} {'seconds':>8} {'peak MB':>8} {'+MB':>5}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in _files().items():
            path = Path(tmp) / "upload.xlsx"
            path.write_bytes(build())
            done = subprocess.run(
                [sys.executable, __file__, "--measure", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            got = json.loads(done.stdout.splitlines()[-1])
            print(
                f"{name:<42} {path.stat().st_size / 1024:>7.0f}KB {got['seconds']:>8.2f} "
                f"{got['peak'] / MB:>8.0f} {got['extra'] / MB:>5.0f}  {got['outcome']}"
            )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        _measure(sys.argv[2])
    else:
        main()
