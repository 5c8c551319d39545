"""A plan's title, region, period and base year, read from what the document says of itself."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from planwatch.documents.model import Document

_FIVE_YEAR = {
    "十一五": (2006, 2010),
    "十二五": (2011, 2015),
    "十三五": (2016, 2020),
    "十四五": (2021, 2025),
    "十五五": (2026, 2030),
}
_ORDINAL_FIVE_YEAR = {
    "第十三个五年": (2016, 2020),
    "第十四个五年": (2021, 2025),
    "第十五个五年": (2026, 2030),
    "第十二个五年": (2011, 2015),
}
_YEAR_RANGE = r"(20\d\d)\s*[-－—–~～至到]\s*(20\d\d)\s*年?"
_PLAN_TITLE = re.compile(
    r"[^\s《》，。,；;：:（(）)]{2,60}?规划(?:纲要)?(?:[（(]\s*" + _YEAR_RANGE + r"[)）])?"
)
_NOTICE = re.compile(r"关于印发(?P<title>.{4,80}?规划(?:[（(][^)）]*[)）])?)的通知")
_QUOTED = re.compile(
    r"《(?P<title>[^《》]{4,80}?规划(?:[（(][^)）]*[)）])?)》[^《》]{0,30}以下简称"
)
_CAPTION = re.compile(r"^(?P<title>[^\s，。]{4,60}?规划)(?:主要目标|主要指标|重点项目|重点工程)")
_PERIOD_STATED = re.compile(r"规划期(?:限|为)?(?:为|是)?\s*" + _YEAR_RANGE)
_BASE_STATED = re.compile(r"以(20\d\d)年为基(?:期|准年|年)")

_LEVEL_WORDS = {
    "省": ("全省", "我省", "本省"),
    "市": ("全市", "我市", "本市"),
    "区": ("全区", "我区", "本区"),
    "县": ("全县", "我县", "本县"),
}
# Two characters and a level suffix that are words, not places.
_NOT_PLACES = set(
    [
        "城市",
        "都市",
        "地市",
        "县市",
        "门市",
        "上市",
        "超市",
        "股市",
        "园区",
        "城区",
        "社区",
        "片区",
        "新区",
        "景区",
        "校区",
        "街区",
        "县区",
        "市区",
        "湾区",
        "辖区",
        "山区",
        "灾区",
        "矿区",
        "专区",
        "小区",
        "库区",
        "港区",
        "镇区",
        "厂区",
        "范区",
        "验区",
        "聚区",
        "作区",
        "发区",
        "保区",
        "全区",
        "我区",
        "本区",
        "各区",
        "分区",
        "全省",
        "我省",
        "本省",
        "外省",
        "各省",
        "分省",
        "节省",
        "全县",
        "我县",
        "本县",
        "各县",
        "区县",
        "市县",
        "城乡",
        "验市",
        "新市",
        "强市",
        "城县",
        "营区",
        "流区",
        "点区",
        "合区",
        "技区",
        "业区",
        "济区",
        "易区",
        "贸区",
        "创区",
        "示区",
        "心区",
        "岸区",
        "行区",
        "带区",
    ]
)


@dataclass(frozen=True, slots=True)
class PlanMeta:
    title: str
    title_inferred: bool
    region: str | None
    period: tuple[int, int] | None
    base_year: int | None


def read_metadata(document: Document) -> PlanMeta:
    text = document.text
    title = _stated_title(document)
    region = _region(text, title)
    period = _period(text, title)
    base_year = _base_year(text, period)
    inferred = title is None
    if title is None:
        title = _composed_title(text, region, period)
    return PlanMeta(title, inferred, region, period, base_year)


def _stated_title(document: Document) -> str | None:
    head = document.text[:3000]
    for pattern in (_NOTICE, _QUOTED):
        match = pattern.search(head)
        if match:
            return _clean_title(match["title"])
    for block in document.blocks[:8]:
        line = block.text.strip()
        if block.kind != "table" and len(line) <= 60 and re.fullmatch(_PLAN_TITLE, line):
            return _clean_title(line)
    for block in document.blocks:
        match = _CAPTION.match(block.text.strip().removeprefix("附件").lstrip("：: "))
        if match:
            return _clean_title(match["title"])
    return None


def _clean_title(title: str) -> str:
    return re.sub(r"\s+", "", title)


def _region(text: str, title: str | None) -> str | None:
    counts = {
        level: sum(text.count(word) for word in words) for level, words in _LEVEL_WORDS.items()
    }
    if title:
        match = re.match(
            r"([\u4e00-\u9fff]{2,4}?省)?([\u4e00-\u9fff]{2,4}?市)?([\u4e00-\u9fff]{2,4}?[区县])?",
            title,
        )
        parts = [part for part in (match.groups() if match else ()) if part]
        if parts:
            return parts[-1]  # the most specific: 广州市黄埔区 → 黄埔区
    level = max(counts, key=lambda key: counts[key])
    if counts[level] == 0:
        return None
    names = Counter(
        m.group(0)
        for m in re.finditer(rf"[\u4e00-\u9fff]{{2}}{level}", text)
        if m.group(0)[1:] not in _NOT_PLACES and m.group(0)[:2] not in _NOT_PLACES
    )
    if not names:
        return None
    return names.most_common(1)[0][0]


def _period(text: str, title: str | None) -> tuple[int, int] | None:
    for source in (title or "", text[:5000]):
        match = re.search(_YEAR_RANGE, source) if source is title else _PERIOD_STATED.search(source)
        if match:
            return int(match.group(1)), int(match.group(2))
        for label, years in {**_ORDINAL_FIVE_YEAR, **_FIVE_YEAR}.items():
            if source is title and label in source:
                return years
    stated = _PERIOD_STATED.search(text)
    if stated:
        return int(stated.group(1)), int(stated.group(2))
    counts = Counter(int(y) for y in re.findall(r"到(20\d\d)年", text))
    target_years = sorted(y for y, n in counts.items() if n >= 2) or sorted(counts)
    if not target_years:
        return None
    end = target_years[-1]
    past = [int(y) for y in re.findall(r"(20\d\d)年(?:底|末)", text) if int(y) < target_years[0]]
    if past:
        return max(past) + 1, end
    for label, years in _FIVE_YEAR.items():
        if label in text[:3000] and years[1] == end:
            return years
    return end - 4, end


def _base_year(text: str, period: tuple[int, int] | None) -> int | None:
    stated = _BASE_STATED.search(text)
    if stated:
        return int(stated.group(1))
    return period[0] - 1 if period else None


def _composed_title(text: str, region: str | None, period: tuple[int, int] | None) -> str:
    topic = Counter(re.findall(r"(信息化|数字经济|数字政府|智慧城市|新型基础设施)", text))
    subject = topic.most_common(1)[0][0] if topic else ""
    label = next((k for k, v in _FIVE_YEAR.items() if v == period), None)
    if label:
        return f"{region or ''}{subject}发展“{label}”规划"
    span = f"（{period[0]}—{period[1]}年）" if period else ""
    return f"{region or ''}{subject}发展规划{span}"
