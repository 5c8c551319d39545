"""Units of measurement: which convert into which (亿元 ↔ 万亿元, 座 ↔ 万座) and which add up
across regions. The one list of additive units; the web, roll-ups and alignment all ask here.
"""

from __future__ import annotations

UNIT_FAMILIES: dict[str, tuple[str, float]] = {
    "元": ("money", 1.0),
    "万元": ("money", 1e4),
    "亿元": ("money", 1e8),
    "万亿元": ("money", 1e12),
    "美元": ("money_usd", 1.0),
    "万美元": ("money_usd", 1e4),
    "亿美元": ("money_usd", 1e8),
    "%": ("percent", 1.0),
    "Mbps": ("bandwidth", 1.0),
    "Gbps": ("bandwidth", 1000.0),
}
# things counted one by one: a region's count is the sum of its parts' counts
COUNT_UNITS = ("座", "个", "家", "台", "套", "户", "人", "项", "条", "张", "部", "所", "处", "辆")
_SCALES = (("万", 1e4), ("亿", 1e8))


def unit_of(unit: str | None) -> tuple[str, float]:
    """(family, factor to the family's base unit); counts: 个 and 万个 are one family."""
    if unit is None or unit.strip() == "":
        return ("none", 1.0)
    unit = unit.strip()
    if unit in UNIT_FAMILIES:
        return UNIT_FAMILIES[unit]
    if unit in COUNT_UNITS:
        return (f"count:{unit}", 1.0)
    for scale, factor in _SCALES:
        if unit.startswith(scale) and unit[len(scale) :] in COUNT_UNITS:
            return (f"count:{unit[len(scale) :]}", factor)
    return (f"other:{unit}", 1.0)


# a per-head, per-area or average figure of a region is not the sum of its parts' figures
_NOT_SUMMED_NAMES = ("人均", "每万人", "每百人", "每平方", "平均", "密度", "率", "比重", "占比")


def is_additive(unit: str | None, name: str = "") -> bool:
    """Counts (座, 万户 …) and money amounts (亿元 …) add up over regions; shares, rates,
    densities and per-capita figures (人均地区生产总值 in 万元) do not."""
    if any(word in name for word in _NOT_SUMMED_NAMES):
        return False
    family = unit_of(unit)[0]
    return family.startswith("count:") or family in ("money", "money_usd")
