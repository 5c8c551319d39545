"""Evaluation benchmark: a synthetic national dataset (3,000 regions × 300 indicators × 10 years).

`main()` prints rows, series, generation time, evaluation time (plan-path + forecast), series per
second, peak RSS and a linearity check at 1/4, 1/2 and all of the series. Not a timed test.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date

import polars as pl

from planwatch.evaluation.batch import evaluate_frame
from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.engine import series_batch

KEYS = ["indicator", "region", "series"]
FIRST_YEAR, YEARS, BASE_YEAR, TARGET_YEAR = 2014, 10, 2015, 2025
AS_OF = date(FIRST_YEAR + YEARS - 1, 12, 31)


@dataclass(frozen=True)
class Dataset:
    observations: pl.DataFrame
    specs: pl.DataFrame

    @property
    def series(self) -> int:
        return self.specs.height


def _uniform(seed: int, index: pl.Expr) -> pl.Expr:
    """A deterministic pseudo-random number in [0, 1) from an integer column."""
    return (index.hash(seed) % 1_000_003).cast(pl.Float64) / 1_000_003


def generate(regions: int = 3000, indicators: int = 300, years: int = YEARS) -> Dataset:
    """Series, their plan targets and annual values; vectorised, deterministic."""
    n_series = regions * indicators
    sid = pl.int_range(0, n_series, dtype=pl.Int64)
    series = pl.select(sid.alias("sid")).with_columns(
        (pl.col("sid") % indicators).alias("ind_no"),
        (pl.col("sid") // indicators).alias("reg_no"),
        (10 + 990 * _uniform(1, pl.col("sid"))).alias("base"),
        (0.9 + 0.8 * _uniform(2, pl.col("sid"))).alias("factor"),  # target / baseline
        (0.02 * _uniform(3, pl.col("sid"))).alias("noise"),
    )
    decreasing = (pl.col("ind_no") % 10) == 7
    specs = series.select(
        pl.format("I{}", pl.col("ind_no")).alias("indicator"),
        pl.format("R{}", pl.col("reg_no")).alias("region"),
        pl.lit("").alias("series"),
        pl.lit(float(BASE_YEAR)).alias("baseline_t"),
        pl.col("base").alias("baseline_v"),
        pl.lit(float(TARGET_YEAR)).alias("target_t"),
        (
            pl.col("base")
            * pl.when(decreasing).then(2 - pl.col("factor")).otherwise(pl.col("factor"))
        ).alias("target_v"),
        pl.when(decreasing).then(pl.lit("<=")).otherwise(pl.lit(">=")).alias("comparator"),
        pl.when(decreasing).then(-1).otherwise(1).cast(pl.Int8).alias("direction"),
        ((pl.col("ind_no") % 5) == 0).alias("binding"),
        ((pl.col("ind_no") % 4) == 0).alias("geometric"),
    )
    year = pl.int_range(0, years, dtype=pl.Int64).alias("k")
    obs = (
        series.select("sid", "base", "factor", "noise")
        .join(pl.select(year), how="cross")
        .select(
            pl.col("sid"),
            (FIRST_YEAR + pl.col("k")).cast(pl.Float64).alias("t"),
            (
                pl.col("base")
                * (1 + (pl.col("factor") - 1) * (pl.col("k") - 1) / (TARGET_YEAR - BASE_YEAR) * 0.9)
                * (1 + pl.col("noise") * (_uniform(4, pl.col("sid") * 16 + pl.col("k")) - 0.5))
            ).alias("value"),
        )
    )
    names = specs.select(pl.int_range(0, n_series, dtype=pl.Int64).alias("sid"), *KEYS)
    obs = obs.join(names, on="sid", how="left").select(*KEYS, "t", "value")
    return Dataset(observations=obs, specs=specs)


def evaluate(data: Dataset, config: EvalConfig | None = None) -> pl.DataFrame:
    """plan-path status and forecast for every series, through the batch entry point."""
    return evaluate_frame(data.observations, data.specs, as_of=AS_OF, config=config)


def peak_rss_mib() -> float:
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 1024 / 1024


def _timed(regions: int, indicators: int) -> tuple[Dataset, float, float]:
    start = time.perf_counter()
    data = generate(regions, indicators)
    generated = time.perf_counter()
    evaluate(data)
    return data, generated - start, time.perf_counter() - generated


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regions", type=int, default=3000)
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--no-linearity", action="store_true")
    args = parser.parse_args(argv)
    data, gen_s, eval_s = _timed(args.regions, args.indicators)
    print("evaluation bench (plan-path + forecast)")
    print(f"  rows (observations)   {data.observations.height:,}")
    print(f"  series                {data.series:,}")
    print(f"  generation time       {gen_s:.2f} s")
    print(f"  evaluation time       {eval_s:.2f} s")
    print(f"  series per second     {data.series / eval_s:,.0f}")
    print(f"  peak RSS              {peak_rss_mib():,.0f} MiB")
    if not args.no_linearity:
        _linearity(args.regions, args.indicators, eval_s)


def _linearity(regions: int, indicators: int, full_s: float) -> None:
    print("  linearity (share of series → evaluation time, time per million series)")
    for share in (4, 2):
        data, _, eval_s = _timed(max(1, regions // share), indicators)
        per_m = eval_s / data.series * 1e6
        print(f"    1/{share}: {data.series:>9,} series  {eval_s:6.2f} s  {per_m:6.2f} s/M")
    full = regions * indicators
    print(f"    1/1: {full:>9,} series  {full_s:6.2f} s  {full_s / full * 1e6:6.2f} s/M")


# ---------------------------------------------------------------- per method, as `evaluate` runs it

METHOD_SIZES = (100_000, 400_000, 1_000_000)  # 400k = 4 × 100k: the linearity check
METHOD_INDICATORS = 100
SDG_BUILD_NOTE = (
    "sdg-build's progress measure is not on PyPI (the package named `sdg` there is an unrelated "
    "synthetic-data tool, 0.0.1), so no per-series ratio against it; planwatch's rate only"
)


def method_run(method: str, n_series: int) -> dict[str, float]:
    """Every series' result under ``method`` through `engine.series_batch`, the step
    `planwatch evaluate --method M` (and `evaluate_plan`) runs for the series: time and the
    process's peak RSS (the dataset included)."""
    data = generate(max(1, n_series // METHOD_INDICATORS), METHOD_INDICATORS)
    obs = data.observations.filter(pl.col("t") <= FIRST_YEAR + YEARS - 1)
    start = time.perf_counter()
    results = series_batch(obs, data.specs, {}, method, EvalConfig())
    seconds = time.perf_counter() - start
    assert len(results) == data.series
    return {"series": data.series, "seconds": seconds, "peak_rss_mib": peak_rss_mib()}


def methods_main(sizes: tuple[int, ...] = METHOD_SIZES) -> None:
    """plan-path and opensdg at each size, each run in a fresh process (its own peak RSS)."""
    print("evaluation bench per method (series results as `planwatch evaluate` computes them)")
    for method in ("plan-path", "opensdg"):
        runs = [_child(method, n) for n in sizes]
        for run in runs:
            rate = run["series"] / run["seconds"]
            print(
                f"  {method:<9} {run['series']:>9,} series  {run['seconds']:6.2f} s  "
                f"{rate:>9,.0f} series/s  {run['seconds'] / run['series'] * 1e6:5.1f} µs/series  "
                f"peak RSS {run['peak_rss_mib']:,.0f} MiB"
            )
        by_size = {int(r["series"]): r["seconds"] for r in runs}
        for small in sizes:
            if 4 * small in by_size:
                ratio = by_size[4 * small] / by_size[small]
                verdict = "linear" if ratio <= 4.5 else "NOT linear"
                print(
                    f"  {method:<9} 4× the series ({small:,} → {4 * small:,}): {ratio:.2f}× the time ({verdict}, goal ≤ 4.5×)"
                )
    print(f"  {SDG_BUILD_NOTE}")


def _child(method: str, n_series: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--method-run", method, str(n_series)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    figures: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return figures


if __name__ == "__main__":
    if sys.argv[1:2] == ["--method-run"]:
        print(json.dumps(method_run(sys.argv[2], int(sys.argv[3]))))
    else:
        main()
