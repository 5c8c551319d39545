"""Web benchmark: p50/p95/p99 latency of the plan page, the indicator page, the API observation
list and an observation submit under concurrent clients, against a static file served by the
same server (the floor), on a synthetic dataset loaded into PostgreSQL; plus a 1,000-row Excel
upload. Run through scripts/bench-web.sh, which provides a throwaway PostgreSQL.

    scripts/bench-web.sh [--regions 3000] [--indicators 200] [--years 5] [--clients 50]

The defaults are the national scale of DESIGN.md (36 million observations, about ten minutes
of loading on two cores); `--regions 300 --indicators 40` is a quick run.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import io
import itertools
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def setup_django(data_dir: Path) -> None:
    os.environ.setdefault("PLANWATCH_SECRET_KEY", secrets.token_urlsafe(48))
    os.environ["PLANWATCH_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "planwatch.web.settings"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


# --- synthetic data ------------------------------------------------------------------------


def load(regions: int, indicators: int, years: int) -> dict:
    """A national-style plan: `regions` counties each reporting `indicators` monthly values."""
    from django.core.management import call_command
    from django.db import connection

    from planwatch.web.accounts import services as accounts
    from planwatch.web.accounts.models import Role, Unit
    from planwatch.web.monitoring.models import Frequency
    from planwatch.web.plans.models import Indicator, Plan, Target
    from planwatch.web.regions.models import Region

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    province = Region.objects.create(code="910000", name="合成省", level="province")
    cities = Region.objects.bulk_create(
        Region(code=f"91{c:02d}00", name=f"合成市{c}", level="city", parent=province)
        for c in range(1, (regions - 1) // 99 + 2)
    )
    counties = Region.objects.bulk_create(
        Region(
            code=f"{cities[n // 99].code[:4]}{n % 99 + 1:02d}",
            name=f"合成县{n}",
            level="district",
            parent=cities[n // 99],
        )
        for n in range(regions)
    )
    units = Unit.objects.bulk_create(
        Unit(name=f"合成县{n}统计局", region=r) for n, r in enumerate(counties)
    )
    first, last = 2021, 2021 + years - 1
    plan = Plan.objects.create(
        title="合成国家级规划（基准测试）",
        region=province,
        period_start=first,
        period_end=last,
        base_year=first - 1,
        status=Plan.Status.PUBLISHED,
    )
    inds = Indicator.objects.bulk_create(
        Indicator(
            plan=plan,
            key=f"x{i}",
            name=f"合成指标{i}",
            unit="个",
            order=i,
            baseline_year=first - 1,
            baseline_value=100.0,
            direction="increase",
            nature="预期性",
            aggregation="sum",
        )
        for i in range(indicators)
    )
    Target.objects.bulk_create(Target(indicator=i, year=last, value=200.0) for i in inds)
    reporter = accounts.create_user(actor=None, username="bench", password=secrets.token_hex(8))
    accounts.grant_role(actor=None, user=reporter, role=Role.REPORTER, unit=units[0])
    token = accounts.issue_token(actor=None, user=reporter, name="bench")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO monitoring_assignment (plan_id, indicator_id, unit_id, frequency,"
            " due_days, created_at) SELECT %s, i.id, u.id, %s, 30, now()"
            " FROM plans_indicator i CROSS JOIN accounts_unit u"
            " WHERE i.plan_id = %s ORDER BY i.id, u.id",
            [plan.pk, Frequency.MONTHLY, plan.pk],
        )
        # Synthetic rows reference rows made just above: skip the per-row foreign-key triggers
        # while loading (the throwaway cluster's user is its superuser).
        cursor.execute("SET session_replication_role = replica")
        total = 0
        for n, ind in enumerate(inds, 1):  # one indicator at a time: steady progress, small WAL
            cursor.execute(_OBSERVATIONS_SQL, [first, f"{first}-01-01", f"{last}-12-01", ind.pk])
            total += cursor.rowcount
            if n % max(1, len(inds) // 10) == 0 or n == len(inds):
                rate = total / (time.perf_counter() - t0)
                say(f"  {total:,} observations ({n}/{len(inds)} indicators, {rate:,.0f} rows/s)")
        cursor.execute("SET session_replication_role = DEFAULT")
    plan.touch_data()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # visibility map: index-only counts, as in production
    say(
        f"loaded {total:,} observations ({regions:,} regions × {indicators} indicators × "
        f"{years * 12} months) in {time.perf_counter() - t0:.0f}s"
    )
    return {
        "plan": plan.pk,
        "indicator": inds[0].pk,
        "indicator_count": indicators,
        "token": token,
        "unit": units[0].pk,
        "reporter": reporter.pk,
        "observations": total,
    }


# Monthly approved values of every assignment of one indicator, made inside PostgreSQL: a
# steady rise from the baseline (100) towards the target (200) so statuses vary little.
_OBSERVATIONS_SQL = """
INSERT INTO monitoring_observation (
    indicator_id, unit_id, assignment_id, period, period_end, value, created_at, updated_at,
    series, source, note, is_sample, lag_reason, next_steps, evidence, state, version,
    review_comment)
SELECT a.indicator_id, a.unit_id, a.id, to_char(m, 'YYYY-MM'),
       (m + interval '1 month - 1 day')::date,
       100 + (extract(year from m) - %s) * 18 + extract(month from m) * 1.5,
       now(), now(), '', '合成', '', true, '', '', '', 'approved', 1, ''
FROM monitoring_assignment a
CROSS JOIN generate_series(%s::date, %s::date, interval '1 month') AS m
WHERE a.indicator_id = %s
"""


# --- server and load driver ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int | None, threads: int | None) -> subprocess.Popen:
    """The production server as `planwatch serve` runs it (planwatch/web/gunicorn_conf.py)."""
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "python:planwatch.web.gunicorn_conf",
        "-b",
        f"127.0.0.1:{port}",
        "planwatch.web.wsgi:application",
    ]
    env = os.environ.copy()
    if workers:
        env["PLANWATCH_WEB_WORKERS"] = str(workers)
    if threads:
        env["PLANWATCH_WEB_THREADS"] = str(threads)
    proc = subprocess.Popen(cmd, cwd=REPO, env=env)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


async def _request(reader, writer, method: str, path: str, headers: dict, body: bytes) -> int:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    writer.write(head.encode() + b"\r\n" + body)
    await writer.drain()
    status_line = await reader.readline()
    length, chunked = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value:
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readline()).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.readexactly(length)
    return int(status_line.split()[1])


async def run_scenario(
    port: int, clients: int, total: int, make, seconds: float = 0.0
) -> tuple[list[float], dict, float]:
    """``clients`` connections in a closed loop until ``total`` requests were made and at least
    ``seconds`` have passed (fast scenarios run long enough for stable percentiles). Returns the
    latencies, the status counts and the spread between connections: the mean latency of the
    slowest connection over the fastest's (1.0 when the server treats every client alike)."""
    statuses: dict[int, int] = {}
    deadline = time.perf_counter() + seconds

    def numbers():
        for n in itertools.count():
            if n >= total and time.perf_counter() >= deadline:
                return
            yield n

    counter = numbers()

    by_connection: list[list[float]] = []

    async def client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        mine: list[float] = []
        by_connection.append(mine)
        for n in counter:
            method, path, headers, body = make(n)
            start = time.perf_counter()
            status = await _request(reader, writer, method, path, headers, body)
            mine.append((time.perf_counter() - start) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
        writer.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    latencies = [ms for mine in by_connection for ms in mine]
    means = [statistics.fmean(mine) for mine in by_connection if mine]
    return latencies, statuses, max(means) / min(means)


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU time used so far by the web server's processes and by PostgreSQL's (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {"web": 0.0, "db": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue  # the process ended meanwhile
        ppid, seconds = int(fields[1]), (int(fields[11]) + int(fields[12])) / tick
        if int(entry.name) == server_pid or ppid == server_pid:
            used["web"] += seconds
        elif command.startswith(b"postgres"):
            used["db"] += seconds
    return used


@dataclass
class Sample:
    """One scenario's figures, pooled over its turns."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    spread: float = 1.0  # the worst turn's
    elapsed: float = 0.0
    cpu: dict[str, float] = field(default_factory=lambda: {"web": 0.0, "db": 0.0})

    def add(self, latencies, statuses, spread, elapsed, cpu_before, cpu_after) -> None:
        self.latencies += latencies
        for status, n in statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + n
        self.spread = max(self.spread, spread)
        self.elapsed += elapsed
        for kind in self.cpu:
            self.cpu[kind] += cpu_after[kind] - cpu_before[kind]


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def excel_upload_seconds(info: dict) -> tuple[float, int]:
    """1,000 rows for the bench reporter's unit, validated and stored in one upload."""
    from openpyxl import Workbook

    from planwatch.web.accounts.models import User
    from planwatch.web.monitoring import excel
    from planwatch.web.monitoring.models import Assignment, Observation

    user = User.objects.get(pk=info["reporter"])
    Observation.objects.filter(unit_id=info["unit"]).delete()  # synthetic approved rows only
    wb = Workbook()
    wb.active.append(excel.COLUMNS)
    n = 0
    for a in Assignment.objects.filter(unit_id=info["unit"]).order_by("pk"):
        for y in range(2021, 2026):
            for m in range(1, 13):
                if n < 1000:
                    wb.active.append([a.pk, "", "", "个", f"{y}-{m:02d}", 120 + m] + [None] * 5)
                    n += 1
    buf = io.BytesIO()
    wb.save(buf)
    start = time.perf_counter()
    result = excel.upload(user=user, data=buf.getvalue())
    return time.perf_counter() - start, result.saved


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    # National scale (DESIGN.md): ~3,000 counties × a few hundred indicators × 60 months.
    ap.add_argument("--regions", type=int, default=3000)
    ap.add_argument("--indicators", type=int, default=200)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=1000, help="per scenario, at least")
    ap.add_argument("--seconds", type=float, default=6.0, help="per scenario, at least")
    ap.add_argument("--rounds", type=int, default=3, help="turns of every scenario")
    ap.add_argument("--workers", type=int, help="default: planwatch serve's (two per core)")
    ap.add_argument("--threads", type=int, help="default: planwatch serve's (2)")
    args = ap.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL must point at PostgreSQL (use scripts/bench-web.sh)")
    data_dir = tempfile.mkdtemp(prefix="planwatch-bench-")
    atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
    setup_django(Path(data_dir))
    info = load(args.regions, args.indicators, args.years)
    from django.db import connections

    connections.close_all()
    port = free_port()
    server = start_server(port, args.workers, args.threads)
    auth = {"Authorization": f"Bearer {info['token']}", "Content-Type": "application/json"}

    serial = itertools.count()

    def submit(n: int):
        k = next(serial)  # a fresh series per request: every submit creates a new report
        body = (
            f'{{"indicator": {info["indicator"]}, "period": "2023-06", "value": {100 + k},'
            f' "series": "bench-{k}", "lag_reason": "x", "next_steps": "y"}}'
        ).encode()
        return "POST", "/api/observations", auth, body

    scenarios = [
        ("static file (floor)", lambda n: ("GET", "/static/planwatch/site.css", {}, b"")),
        ("plan page", lambda n: ("GET", f"/plans/{info['plan']}/", {}, b"")),
        ("indicator page", lambda n: ("GET", f"/plans/indicators/{info['indicator']}/", {}, b"")),
        (
            "API observation list",
            lambda n: (
                "GET",
                f"/api/observations?indicator={info['indicator']}&limit=100",
                {},
                b"",
            ),
        ),
        ("observation submit", submit),
    ]
    say(
        f"\n{args.clients} concurrent clients, {args.rounds} rounds of every scenario in turn, "
        f"each at least {args.requests // args.rounds} requests and "
        f"{args.seconds / args.rounds:g} s; `planwatch serve` settings (gunicorn "
        f"{args.workers or 'default'} workers × {args.threads or 'default'} threads)"
    )
    # Rounds: the machine's speed drifts (other tenants, clocks), and a floor measured at one
    # moment and pages at another would compare the drift. Every scenario gets a turn in
    # every round and its figures pool all its turns.
    results = {name: Sample() for name, _ in scenarios}
    try:
        for _, make in scenarios:
            # Warm up at full concurrency: every worker booted, every thread connected.
            asyncio.run(run_scenario(port, args.clients, args.requests // 5, make))
        for _ in range(args.rounds):
            for name, make in scenarios:
                cpu_before, start = cpu_seconds(server.pid), time.perf_counter()
                lat, statuses, spread = asyncio.run(
                    run_scenario(
                        port,
                        args.clients,
                        args.requests // args.rounds,
                        make,
                        args.seconds / args.rounds,
                    )
                )
                results[name].add(
                    lat,
                    statuses,
                    spread,
                    time.perf_counter() - start,
                    cpu_before,
                    cpu_seconds(server.pid),
                )
    finally:
        server.terminate()
        server.wait(timeout=10)
    say(
        f"{'scenario':<22}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'p95/floor':>10}{'req/s':>8}"
        f"{'web cpu':>9}{'db cpu':>8}{'spread':>8}  status"
    )
    floor = pct(results[scenarios[0][0]].latencies, 95)
    for name, r in results.items():
        lat = r.latencies
        say(
            f"{name:<22}{pct(lat, 50):>8.1f}{pct(lat, 95):>8.1f}{pct(lat, 99):>8.1f}"
            f"{pct(lat, 95) / floor:>9.1f}×{len(lat) / r.elapsed:>8,.0f}"
            f"{r.cpu['web'] * 1000 / len(lat):>7.2f}ms{r.cpu['db'] * 1000 / len(lat):>6.2f}ms"
            f"{r.spread:>7.1f}×  {r.statuses}"
        )
    seconds, saved = excel_upload_seconds(info)
    verdict = "ok" if seconds < 5 else "SLOW"
    say(
        f"\nExcel upload: {saved} rows validated and stored in {seconds:.2f}s (goal < 5s: {verdict})"
    )
    say("goal: p95 of the dynamic pages within 10× the static floor")
    say(
        "web cpu / db cpu: CPU time of the server's and PostgreSQL's processes per request; "
        "spread: mean latency of the slowest client connection over the fastest's"
    )


if __name__ == "__main__":
    main()
