"""Web benchmark: scripts/bench-web.sh (a throwaway PostgreSQL 15, the national-scale synthetic
dataset, gunicorn, 50 concurrent clients). Extra arguments come from ``BENCH_WEB_ARGS``, e.g.
``make bench BENCH_WEB_ARGS="--regions 300 --indicators 40"`` for a quick run.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    args = shlex.split(os.environ.get("BENCH_WEB_ARGS", ""))
    env = {**os.environ, "PY": sys.executable}
    done = subprocess.run([str(REPO / "scripts" / "bench-web.sh"), *args], cwd=REPO, env=env)
    if done.returncode:
        raise SystemExit(done.returncode)


if __name__ == "__main__":
    main()
