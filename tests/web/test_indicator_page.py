"""The indicator page says what the engine computed in words: the key numbers first, every
component behind 「计算过程」 as a readable value, never an internal code."""

from __future__ import annotations

import re

import pytest

from planwatch.web.monitoring import services as monitoring
from tests.web.world import World

pytestmark = pytest.mark.django_db


def test_calculation_in_words(world: World):
    obs = monitoring.save_draft(
        user=world.reporter, assignment=world.assignment, period="2023", value=1700
    )
    obs = monitoring.submit(user=world.reporter, observation=obs, expected_version=obs.version)
    monitoring.approve(user=world.reviewer, observation=obs, expected_version=obs.version)
    page = world.client(None).get(f"/plans/indicators/{world.indicator('i1').pk}/").content
    html = page.decode()
    calculation = re.search(r'<details id="calculation">(.*?)</details>', html, re.S)
    assert calculation is not None
    text = calculation.group(1)
    for words in ("越大越好", "线性路径", "规划基期值", "符合进度：c ≥ τ − 0.05"):
        assert words in text, words
    for code in (
        ">increase<",
        ">False<",
        ">linear<",
        "ahead_margin",
        ">plan<",
        "planwatch.evaluation",
    ):
        assert code not in text, code
    # the key numbers stand outside the toggle: 1700 against 1000 + 0.6·(2000 − 1000) = 1600
    before = html[: html.index('<details id="calculation">')]
    assert "1700（2023）" in before and "1600" in before
