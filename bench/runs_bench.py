"""Frozen evaluation runs at province scale: 21 city plans × 200 indicators × 10 annual approved
values (42,000 observations) in a throwaway SQLite database; prints the time to freeze every
plan's run (goal ≤ 5 s in all) and peak memory.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import secrets
import sys
import tempfile
import time
from pathlib import Path

CITIES, INDICATORS, YEARS = 21, 200, 10


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PLANWATCH_DATA_DIR"] = tmp
        os.environ.setdefault("PLANWATCH_SECRET_KEY", secrets.token_hex(32))
        os.environ["DJANGO_SETTINGS_MODULE"] = "planwatch.web.settings"
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        plans, admin = _province()
        from planwatch.web.monitoring import runs

        start = time.perf_counter()
        for plan in plans:
            runs.freeze(user=admin, plan=plan, as_of=dt.date(2025, 6, 30))
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        observations = CITIES * INDICATORS * YEARS
        print(f"frozen runs: {CITIES} plans × {INDICATORS} indicators × {YEARS} years")
        print(f"  ({observations:,} approved observations), SQLite")
        print(f"  total {seconds:.2f} s (goal ≤ 5 s), {seconds / CITIES * 1000:.0f} ms per plan")
        print(f"  peak RSS {peak:.0f} MiB")


def _province():
    from planwatch.web.accounts import services as accounts
    from planwatch.web.accounts.models import Role, Unit
    from planwatch.web.monitoring.models import Observation, ReportState
    from planwatch.web.plans import services as plans
    from planwatch.web.regions.models import Region
    from planwatch.web.regions.seed import seed_guangdong

    province = seed_guangdong()
    admin = accounts.create_user(
        actor=None, username="bench", password=secrets.token_hex(16), display_name="bench"
    )
    accounts.grant_role(actor=None, user=admin, role=Role.ADMIN)
    cities = list(Region.objects.filter(parent=province).order_by("code"))[:CITIES]
    out = []
    for n, city in enumerate(cities):
        doc = _plan_doc(city.name, n)
        plan = plans.import_plan(user=admin, plan_doc=doc, region=city)
        plan = plans.publish_plan(user=admin, plan=plan)
        unit = Unit.objects.create(name=f"{city.name}统计局", region=city)
        rows = []
        for ind in plan.indicators.all():
            for year in range(2016, 2016 + YEARS):
                rows.append(
                    Observation(
                        indicator=ind,
                        unit=unit,
                        period=str(year),
                        period_end=dt.date(year, 12, 31),
                        value=100 + (year - 2015) * (7 + ind.pk % 5),
                        state=ReportState.APPROVED,
                    )
                )
        Observation.objects.bulk_create(rows, batch_size=2000)
        out.append(plan)
    return out, admin


def _plan_doc(city: str, n: int) -> dict:
    return {
        "schema": "planwatch.plan/1",
        "title": f"{city}数字化发展规划（基准测试）",
        "region": city,
        "period": {"start": 2016, "end": 2025},
        "base_year": 2015,
        "sections": [],
        "indicators": [
            {
                "id": f"i{k}",
                "name": f"测试指标{k}",
                "unit": "座" if k % 2 else "%",
                "baseline": {"year": 2015, "value": 100},
                "targets": [{"year": 2025, "value": 180 + k % 40, "comparator": ">="}],
            }
            for k in range(INDICATORS)
        ],
        "programmes": [],
        "projects": [],
        "tasks": [],
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
