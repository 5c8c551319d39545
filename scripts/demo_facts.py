"""Regenerate the demo's plan facts from the seed plans with the extractor.

    .venv/bin/python scripts/demo_facts.py [../shared/seeds]

Runs ``planwatch extract`` on every seed and keeps the facts only: title, region, period,
indicators with baselines and targets, and key projects with years, investments and units.
Evidence quotes, outline headings, programmes, task sentences and project descriptions are
dropped, so no prose of the plans is carried. Writes
``planwatch/web/demo/plans/<seed>.json``, which ``planwatch demo`` loads.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "planwatch" / "web" / "demo" / "plans"


def facts_of(doc: dict) -> dict:
    """The plan document without the text of the plan."""
    out = {k: doc[k] for k in ("schema", "title", "title_inferred", "region", "period")}
    out["base_year"] = doc.get("base_year")
    out["source"] = {
        "file": doc["source"]["file"],
        "sha256": doc["source"].get("sha256"),
        "format": "facts",  # extractor output with the evidence quotes removed
    }
    out["sections"] = []  # headings are the plan's own sentences
    out["indicators"] = [{**i, "section": None} for i in doc["indicators"]]
    out["programmes"] = []
    out["projects"] = [{**p, "content": None} for p in doc["projects"]]
    out["tasks"] = []
    return _without_evidence(out)


def _without_evidence(value):
    if isinstance(value, dict):
        return {k: [] if k == "evidence" else _without_evidence(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_evidence(v) for v in value]
    return value


def main() -> None:
    sys.path.insert(0, str(REPO))
    from planwatch.documents import read_document
    from planwatch.extraction import extract_plan

    seeds = Path(sys.argv[1] if len(sys.argv) > 1 else REPO.parent / "shared" / "seeds")
    OUT.mkdir(parents=True, exist_ok=True)
    for path in sorted(seeds.glob("*.txt")):
        doc = extract_plan(read_document(path))
        target = OUT / f"{path.stem.split('_')[0]}.json"
        target.write_text(
            json.dumps(facts_of(doc), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        sys.stdout.write(f"{path.name} → {target.relative_to(REPO)}: {doc['title']}\n")


if __name__ == "__main__":
    main()
