"""`make bench`: every benchmark of the project, one after another, printing figures."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

BENCHES = ("extract_bench", "eval_bench", "excel_bench", "runs_bench", "web_bench")


def main() -> None:
    for name in BENCHES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name == name:
                continue
            raise
        print(f"\n######## {name}")
        module.main()
    # plan-path and opensdg at 100k, 400k and 1M series, each run in its own process
    print("\n######## eval_bench (per method)")
    importlib.import_module("eval_bench").methods_main()


if __name__ == "__main__":
    main()
