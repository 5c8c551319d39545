"""Target decomposition (细化分解): a lower region's value is judged against its own share."""

from __future__ import annotations

import pytest

from planwatch.evaluation.shares import shares_add_up
from planwatch.web.errors import InvalidInput
from planwatch.web.monitoring import shares
from planwatch.web.monitoring.models import Observation, TargetShare
from planwatch.web.regions.models import Region
from tests.web.world import World

pytestmark = pytest.mark.django_db


def test_district_value_judged_against_its_share(world: World):
    # 龙湖区 gets 600 → 900 of the city's 1000 → 2000 base stations (2020 → 2025).
    # 2023: share path 600 + 0.6·300 = 780; 700 is c = 1/3 < τ − 0.20 = 0.40 → behind,
    # although against nothing it would not be judged at all.
    shares.decompose(
        user=world.planner,
        indicator=world.indicator("i1"),
        values={world.district.pk: ("600", "900")},
    )
    c = world.client(world.other_reporter)
    url = f"/reporting/assignments/{world.other_assignment.pk}/2023/"
    c.post(url, {"value": "700", "action": "submit"})
    assert Observation.objects.get().state == "draft"  # a lag reason is asked for
    # 800: c = 2/3 ≥ τ − 0.05 → on course, no reason needed
    c.post(url, {"value": "800", "action": "submit", "version": Observation.objects.get().version})
    assert Observation.objects.get().state == "submitted"


def test_shares_that_exceed_the_whole_are_refused(world: World):
    others = Region.objects.filter(parent=world.city).exclude(pk=world.district.pk)[:1]
    values = {world.district.pk: ("", "1500"), others[0].pk: ("", "800")}
    with pytest.raises(InvalidInput, match="超过全域目标 2000"):
        shares.decompose(user=world.planner, indicator=world.indicator("i1"), values=values)
    assert not TargetShare.objects.exists()
    with pytest.raises(InvalidInput, match="下级地区"):
        shares.decompose(
            user=world.planner,
            indicator=world.indicator("i1"),
            values={world.province.pk: ("", "10")},
        )


def test_the_page_shows_whether_shares_add_up(world: World):
    c = world.client(world.planner)
    url = f"/plans/indicators/{world.indicator('i1').pk}/"
    r = c.post(
        f"/reporting/indicators/{world.indicator('i1').pk}/shares/",
        {f"target_{world.district.pk}": "1200", f"baseline_{world.district.pk}": "500"},
    )
    assert r.status_code == 302
    page = c.get(url).content.decode()
    assert "合计 1200，全域目标 2000，相差 -800" in page
    r = c.post(
        f"/reporting/indicators/{world.indicator('i1').pk}/shares/",
        {f"target_{world.district.pk}": "12,3"},
    )
    assert r.status_code == 400 and "含义不明" in r.content.decode()
    assert TargetShare.objects.get().target == 1200
    assert (
        world.client(world.reporter)
        .post(
            f"/reporting/indicators/{world.indicator('i1').pk}/shares/",
            {f"target_{world.district.pk}": "100"},
        )
        .status_code
        == 403
    )


def test_shares_add_up_by_hand():
    ind = {
        "id": "x",
        "name": "5G基站数",
        "unit": "座",
        "baseline": {"year": 2020, "value": 4000},
        "targets": [{"year": 2025, "value": 9700}],
    }
    parts = [{"year": 2025, "target": t} for t in (1800, 2600, 5300)]
    check = shares_add_up(ind, parts)
    assert check is not None and check["sum"] == 9700 and check["adds_up"]
    assert shares_add_up({**ind, "unit": "%", "name": "覆盖率"}, parts) is None
