"""Alignment across plans (衔接): does a lower plan carry the upper plan's targets?

Indicators are matched by name similarity after canonicalising synonyms (a small curated table),
and only when their units are compatible (亿元 ↔ 万亿元 convert; 座 ↔ 万座; % with %). For each
upper indicator the best lower match (similarity ≥ 0.6) is shown side by side, lower values in the
upper unit, with flags:
* missing_in_lower — the lower plan has no indicator for it (下级规划未承接);
* exceeds_upper — an additive lower target larger than the whole upper target (cannot be a part);
* slower_than_upper — the lower target's annual growth rate from its baseline is below the
  upper one's (cannot keep pace; for additive stocks it drags the sum below the upper target);
* below_upper — a rate or share whose lower target is weaker than the upper one.
`check_sum` adds up several lower plans' additive targets against the upper target.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from difflib import SequenceMatcher
from typing import Any

from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.rollups import aggregation_of
from planwatch.evaluation.targets import direction_of, is_milestone
from planwatch.evaluation.units import unit_of

MATCH_THRESHOLD = 0.6

# variant → canonical wording; longest variants first when applied
SYNONYMS: dict[str, str] = {
    "第五代移动通信": "5G",
    "5g": "5G",
    "开通数": "数",
    "建成数": "数",
    "数量": "数",
    "总数": "数",
    "个数": "数",
    "累计": "",
    "建成": "",
    "开通": "",
    "千兆光纤网络": "千兆光网",
    "千兆宽带": "千兆光网",
    "光纤宽带": "光纤",
    "固定宽带家庭普及率": "家庭宽带普及率",
    "宽带家庭普及率": "家庭宽带普及率",
    "固定宽带普及率": "家庭宽带普及率",
    "数字经济核心产业增加值": "数字经济核心产业规模",
    "数字经济增加值": "数字经济规模",
    "数字经济总量": "数字经济规模",
    "软件业务收入": "软件和信息技术服务业收入",
    "软件和信息服务业收入": "软件和信息技术服务业收入",
    "电子信息制造业产值": "电子信息制造业规模",
    "规模以上工业企业": "规上工业企业",
    "关键工序数控化率": "数控化率",
    "上云上平台": "上云",
    "工业互联网平台": "工业互联网平台",
    "覆盖率": "覆盖率",
}


def canonical(name: str) -> str:
    text = re.sub(r"[\s（）()“”\"、，,·]", "", name)
    for variant in sorted(SYNONYMS, key=len, reverse=True):
        text = text.replace(variant, SYNONYMS[variant])
    return text


def similarity(a: str, b: str) -> float:
    ca, cb = canonical(a), canonical(b)
    if ca == cb:
        return 1.0
    return SequenceMatcher(None, ca, cb).ratio()


def align_plans(
    lower: Mapping[str, Any], upper: Mapping[str, Any], config: EvalConfig | None = None
) -> list[dict[str, Any]]:
    """One row per upper-plan indicator: its best lower match, side by side, and flags."""
    config = config or EvalConfig()
    candidates = [i for i in lower["indicators"] if not is_milestone(i)]
    rows = []
    for up in upper["indicators"]:
        if is_milestone(up):
            continue
        match, score = _best(up, candidates)
        rows.append(_row(up, match, score, config))
    return rows


def _best(up: dict[str, Any], candidates: list[dict[str, Any]]) -> tuple[dict | None, float]:
    best, best_score = None, 0.0
    family = unit_of(up.get("unit"))
    for low in candidates:
        low_family = unit_of(low.get("unit"))
        if family is None or low_family is None or family[0] != low_family[0]:
            continue
        score = similarity(up["name"], low["name"])
        if score > best_score:
            best, best_score = low, score
    if best_score < MATCH_THRESHOLD:
        return None, best_score
    return best, best_score


def _last_target(ind: dict[str, Any]) -> dict[str, Any] | None:
    dated = [t for t in ind.get("targets") or [] if t.get("year") is not None]
    return max(dated, key=lambda t: t["year"]) if dated else None


def _side(ind: dict[str, Any], factor: float) -> dict[str, Any]:
    base = ind.get("baseline") or {}
    target = _last_target(ind)
    return {
        "indicator": ind["id"],
        "name": ind["name"],
        "unit": ind.get("unit"),
        "baseline_year": base.get("year"),
        "baseline_value": None if base.get("value") is None else base["value"] * factor,
        "target_year": None if target is None else target["year"],
        "target_value": None if target is None else target["value"] * factor,
        "comparator": None if target is None else target.get("comparator"),
    }


def _row(up: dict[str, Any], low: dict[str, Any] | None, score: float, config: EvalConfig) -> dict:
    up_unit = unit_of(up.get("unit")) or ("none", 1.0)
    upper_side = _side(up, 1.0)
    if low is None:
        return {
            "upper": upper_side,
            "lower": None,
            "similarity": score,
            "flags": ["missing_in_lower"],
        }
    low_unit = unit_of(low.get("unit")) or ("none", 1.0)
    factor = low_unit[1] / up_unit[1]
    lower_side = _side(low, factor)
    flags = _flags(up, upper_side, lower_side, aggregation_of(up, config) == "sum")
    return {
        "upper": upper_side,
        "lower": lower_side,
        "similarity": score,
        "unit_factor": factor,
        "flags": flags,
        "upper_growth_rate": _rate(upper_side),
        "lower_growth_rate": _rate(lower_side),
    }


def _rate(side: dict[str, Any]) -> float | None:
    b, t = side["baseline_value"], side["target_value"]
    by, ty = side["baseline_year"], side["target_year"]
    if None in (b, t, by, ty) or ty <= by or b <= 0 or t <= 0:
        return None
    return float((t / b) ** (1 / (ty - by)) - 1)


def _flags(up: dict, upper: dict, lower: dict, additive: bool) -> list[str]:
    flags: list[str] = []
    up_t, low_t = upper["target_value"], lower["target_value"]
    base = (up.get("baseline") or {}).get("value")
    direction = direction_of(up, base, up_t, upper["comparator"])
    if up_t is not None and low_t is not None:
        if additive and low_t > up_t:
            flags.append("exceeds_upper")
        if not additive and direction * (low_t - up_t) < 0:
            flags.append("below_upper")
    up_rate, low_rate = _rate(upper), _rate(lower)
    if up_rate is not None and low_rate is not None and direction * (low_rate - up_rate) < -1e-9:
        flags.append("slower_than_upper")
    return flags


def check_sum(
    lowers: list[dict[str, Any]], upper: dict[str, Any], config: EvalConfig | None = None
) -> list[dict]:
    """Additive upper targets against the sum of the matched lower plans' targets."""
    config = config or EvalConfig()
    rows: dict[str, dict[str, Any]] = {}
    for lower in lowers:
        for row in align_plans(lower, upper, config):
            up = row["upper"]
            entry = rows.setdefault(up["indicator"], {"upper": up, "lower_sum": 0.0, "plans": 0})
            if row["lower"] is not None and row["lower"]["target_value"] is not None:
                entry["lower_sum"] += row["lower"]["target_value"]
                entry["plans"] += 1
    additive = {i["id"] for i in upper["indicators"] if aggregation_of(i, config) == "sum"}
    out = []
    for ident, entry in rows.items():
        if ident not in additive or entry["upper"]["target_value"] is None or not entry["plans"]:
            continue
        short = entry["lower_sum"] < entry["upper"]["target_value"]
        out.append(entry | {"adds_up": not short, "flags": ["does_not_add_up"] if short else []})
    return out
