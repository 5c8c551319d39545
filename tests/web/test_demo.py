"""The demo world builds through the real services and every page of it renders."""

from __future__ import annotations

import pytest

from planwatch.web.demo.seed import build_demo
from planwatch.web.monitoring.models import Observation
from planwatch.web.supervision.models import SupervisionItem

pytestmark = pytest.mark.django_db


def test_demo_world(client):
    demo = build_demo()
    assert len(demo.plans) == 6
    assert set(demo.passwords) >= {"admin", "planner", "reporter", "reviewer", "viewer"}
    assert demo.token.startswith("pw_")
    published = Observation.objects.filter(is_sample=False, state="approved")
    assert published.exists() and all("规划" in o.source for o in published)
    assert not Observation.objects.filter(is_sample=True).exclude(source__contains="示例").exists()
    assert any(item.is_overdue() for item in SupervisionItem.objects.all())
    for plan in demo.plans:
        assert client.get(f"/plans/{plan.pk}/").status_code == 200
        for ind in plan.indicators.all()[:3]:
            assert client.get(f"/plans/indicators/{ind.pk}/").status_code == 200
    home = client.get("/").content.decode()
    assert all(plan.title in home for plan in demo.plans)


# --- the demo's plan facts are the extractor's output on the seeds, without their prose ------

FACT_FILES = {"000": "龙湖区", "001": "汕头市", "002": "黄埔区", "003": "广州市", "004": "广东省"}


@pytest.mark.parametrize("seed", sorted(FACT_FILES))
def test_demo_facts_are_the_extractor_output_without_text(seed):
    import json
    import sys

    from planwatch.documents import read_document
    from planwatch.extraction import extract_plan
    from planwatch.web.demo import facts
    from tests.conftest import REPO, seed_path

    sys.path.insert(0, str(REPO / "scripts"))
    from demo_facts import facts_of

    stored = facts.extracted(seed)
    assert stored == facts_of(extract_plan(read_document(seed_path(seed)))), (
        "stale: run scripts/demo_facts.py"
    )
    assert stored["region"] == FACT_FILES[seed]
    text = json.dumps(stored, ensure_ascii=False)
    assert '"quote"' not in text and 'content": "' not in text
    assert all(i["evidence"] == [] for i in stored["indicators"])
    assert stored["tasks"] == []


def test_demo_shantou_facts_match_the_plan():
    """Figures read by hand from the main-indicator table of seed 001 (汕头市十四五)."""
    from planwatch.web.demo import facts

    by_name = {i["name"]: i for i in facts.SHANTOU_14TH["indicators"]}
    base = by_name["5G基站开通数"]
    assert base["baseline"] == {"year": 2020, "value": 4000}
    assert [(t["year"], t["value"]) for t in base["targets"]] == [(2025, 9700)]
    fibre = by_name["城市家庭千兆光纤网络覆盖率"]
    assert (fibre["baseline"]["value"], fibre["targets"][0]["value"]) == (50, 80)
    assert len(facts.SHANTOU_14TH["projects"]) == 67
