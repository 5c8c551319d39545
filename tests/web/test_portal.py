"""Public pages: status after approval, the page cache, the JSON twin."""

from __future__ import annotations

import pytest

from planwatch.web.monitoring import services
from tests.web.world import World


@pytest.mark.django_db
def test_status_changes_on_approval(world: World):
    c = world.client(None)
    ind = world.indicator("i1")
    page = c.get(f"/plans/indicators/{ind.pk}/").content.decode()
    assert "无法评估" in page
    obs = services.save_draft(
        user=world.reporter, assignment=world.assignment, period="2024", value=1950
    )
    obs = services.submit(user=world.reporter, observation=obs, expected_version=obs.version)
    services.approve(user=world.reviewer, observation=obs, expected_version=obs.version)
    page = c.get(f"/plans/indicators/{ind.pk}/").content.decode()
    assert "超前" in page
    data = c.get(f"/plans/{world.plan.pk}/?format=json").json()
    i1 = next(i for i in data["indicators"] if i["key"] == "i1")
    assert i1["status"]["status"] == "ahead" and i1["latest"]["value"] == 1950


@pytest.mark.django_db
def test_public_page_cache_never_serves_signed_in_users(world: World):
    url = f"/plans/indicators/{world.indicator('i1').pk}/?unit={world.unit.pk}"
    anon = world.client(None)
    assert "1234" not in anon.get(url).content.decode()  # rendered and cached for the public
    services.save_draft(user=world.reporter, assignment=world.assignment, period="2022", value=1234)
    assert "1234" in world.client(world.reporter).get(url).content.decode()
    assert "1234" not in anon.get(url).content.decode()
    assert "hx-headers" not in anon.get(url).content.decode()  # no CSRF token in public pages


@pytest.mark.django_db
def test_indicator_page_json_twin(world: World):
    obs = services.save_draft(
        user=world.reporter, assignment=world.assignment, period="2022", value=1450
    )
    url = f"/plans/indicators/{world.indicator('i1').pk}/?format=json"
    mine = world.client(world.reporter).get(url).json()
    assert mine["series"][0]["value"] == 1450 and mine["series"][0]["state"] == "draft"
    assert world.client(None).get(url).json()["series"] == []  # the public sees no draft
    assert obs.pk
