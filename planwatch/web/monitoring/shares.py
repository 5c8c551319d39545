"""Target decomposition over lower regions (细化分解): store the shares, check they add up,
and give the share a lower region's values are judged against."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from planwatch.evaluation import shares as core
from planwatch.evaluation.numbers import NumberFormatError, parse_number
from planwatch.web.accounts.permissions import require
from planwatch.web.audit import services as audit
from planwatch.web.errors import InvalidInput
from planwatch.web.monitoring import engine
from planwatch.web.monitoring.models import TargetShare
from planwatch.web.plans.models import Indicator
from planwatch.web.plans.permissions import can_manage_plan
from planwatch.web.regions.models import Region


def target_year(indicator: Indicator) -> int | None:
    """The year the shares are for: the indicator's last current target."""
    years = [t.year for t in indicator.targets.all() if t.superseded_at is None and t.year]
    return max(years) if years else None


def lower_regions(indicator: Indicator) -> list[Region]:
    return list(Region.objects.filter(parent_id=indicator.plan.region_id).order_by("code"))


def overview(indicator: Indicator) -> dict[str, Any]:
    """Each lower region with its share (if any), and whether the shares add up."""
    year = target_year(indicator)
    found = TargetShare.objects.none()  # no target year: nothing to split
    if year is not None:
        found = TargetShare.objects.filter(indicator=indicator, year=year)
    stored = {s.region_id: s for s in found}
    rows = [{"region": r, "share": stored.get(r.pk)} for r in lower_regions(indicator)]
    docs = [s.document() for s in stored.values()]
    check = core.shares_add_up(engine.indicator_document(indicator), docs) if docs else None
    return {"year": year, "rows": rows, "check": check, "any": bool(stored)}


def decompose(*, user: Any, indicator: Indicator, values: dict[int, tuple[Any, Any]]) -> int:
    """Replace the shares of the target year: region id → (baseline, target) as typed; a row
    with no target removes that region's share. Returns the number of shares stored."""
    plan = indicator.plan
    require(can_manage_plan(user, plan), "您不能分解该指标的目标")
    year = target_year(indicator)
    if year is None:
        raise InvalidInput("该指标没有目标值，无法分解", "the indicator has no target to split")
    allowed = {r.pk: r for r in lower_regions(indicator)}
    shares = []
    for region_id, (baseline, target) in values.items():
        region = allowed.get(region_id)
        if region is None:
            raise InvalidInput("只能分解到本规划地区的下级地区", "not a lower region of the plan")
        if target in (None, ""):
            continue
        shares.append(
            TargetShare(
                indicator=indicator,
                region=region,
                year=year,
                baseline=_optional_number(baseline, region),
                target=_number(target, region),
                created_by=user,
            )
        )
    check = core.shares_add_up(engine.indicator_document(indicator), [s.document() for s in shares])
    if check is not None and check["exceeds"]:
        raise InvalidInput(
            f"各地区分解目标之和 {check['sum']:g} 超过全域目标 {check['whole']:g}",
            f"the shares add up to {check['sum']:g}, more than the whole target {check['whole']:g}",
        )
    with transaction.atomic():
        before = list(
            TargetShare.objects.filter(indicator=indicator, year=year).values_list(
                "region__name", "target"
            )
        )
        TargetShare.objects.filter(indicator=indicator, year=year).delete()
        TargetShare.objects.bulk_create(shares)
        audit.record(
            actor=user,
            action="update",
            obj=indicator,
            before={"shares": dict(before)},
            after={"shares": {s.region.name: s.target for s in shares}, "year": year},
        )
        plan.touch_data()
    return len(shares)


def _optional_number(raw: Any, region: Region) -> float | None:
    return None if raw in (None, "") else _number(raw, region)


def _number(raw: Any, region: Region) -> float:
    try:
        return parse_number(raw)
    except NumberFormatError as err:
        raise InvalidInput(f"{region.name}：{err.zh}", f"{region.name}: {err.en}") from err
