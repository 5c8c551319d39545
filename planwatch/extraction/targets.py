"""Targets written in running text: 「到2025年，5G基站累计达1570」「培育20家以上…」「翻一番」.

Each sentence gets a target year (its own 「到2025年」, the paragraph's, or the plan's end year
inside a 目标 section); statistics about years up to the base year are context, not targets.
Patterns run over one clause at a time (at most MAX_CLAUSE characters) and bound every run of
spaces they allow, so none of them backtracks over more than a clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planwatch.extraction.quantities import Quantity, find_quantities
from planwatch.extraction.sentences import Span, clauses

_YEAR = re.compile(
    r"(?P<pre>到|至|截至|截止|争取到|力争到|力争在|争取在|在)?\s{0,3}(?P<year>20\d\d)\s{0,3}年"
    r"(?P<post>底|末|前)?"
)
_PAST_MARKERS = re.compile(
    r"截至|截止|已经|已建成|已有|目前|现有|十三五”?(?:期间|时期)|过去|以来|曾|相比|比\d|较\d"
)
_PAST_SENTENCE = re.compile(r"截至|截止|十三五”?(?:期间|时期)|过去|已经")
_FORECAST = re.compile(r"预计|预测|据.{0,10}统计|报告")
_SOFT = re.compile(r"力争|争取")
# Words between the name and the number that say "reaches"; the longest first.
_REACH = (
    "累计建成开通|累计建成|累计达到|累计实现|累计达|提高到|提高至|提升到|提升至|增加到|增长到|扩大到|升级到|"
    "达突破|达到|保持在|稳定在|控制在|不低于|不少于|不超过|降低到|降低至|下降到|下降至|减少到|降至|达|"
    "超过|突破|占到|实现|超|为|至"
)
_REACH_AT_END = re.compile(rf"(?:{_REACH})$")
_DECREASE = re.compile(r"降低到|降低至|下降到|下降至|减少到|降至|控制在|不超过")
# Verbs that put the count before the thing counted: 「建成5个以上示范园区」.
_COUNT_VERBS = re.compile(
    r"(?:建成|建设|培育形成|培育|形成|打造|引进和培育|引进|新增|推动|带动|创建|引导|聚集|集聚|开放|支撑|"
    r"建立|组织实施完成|组织实施|累计实施|累计开展|累计生产|实施|开展|服务|增加|设置|启动|认定|部署|推广|"
    r"完成|生产|支持|吸引|发展|涌现|培养|培训|打通|上线|接入|覆盖|改造|新建|创建)(?:了)?(?:超过|超|约|近)?$"
)
_LEAD_FILLERS = re.compile(
    r"^(?:[—\-– ，,：:、]+|其中|同时|并|且|全省|全市|全区|全县|我省|我市|我区|我县|本市|本区|实现|力争|争取|"
    r"推动|带动|引导|进一步|基本|初步|努力|确保|预计|届时|年底|底|末|前|的)+"
)
_NAME_EDGE = " ，,：:、"
_TRAILING_FILLERS = (
    *("累计", "总体", "总计", "整体", "力争", "争取", "预计"),
    *("将", "要", "可", "的", "和", "及", "与"),
    *_NAME_EDGE,
)
_RELATIVE = re.compile(
    r"(?P<kind>翻一番|翻两番|翻番|年均增长|年均提高|增长|提高|提升)(?!率|速)"
    r"(?:(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|％|个百分点|倍))?(?P<post>以上|左右)?"
)
MAX_NAME = 40


@dataclass(slots=True)
class TextTarget:
    name: str
    unit: str | None
    year: int | None
    value: float
    comparator: str
    sentence: Span
    soft: bool = False
    approximate: bool = False
    high: float | None = None
    relative: dict[str, object] | None = None
    baseline: tuple[int | None, float] | None = None
    direction: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class YearContext:
    base_year: int | None
    end_year: int | None


def sentence_year(sentence: str, context: YearContext) -> tuple[int | None, bool]:
    """(year, is_past) for the years a sentence states; (None, False) when it states none."""
    target_year: int | None = None
    past = False
    for match in _YEAR.finditer(sentence):
        year = int(match["year"])
        if _is_range_part(sentence, match):
            continue
        if match["pre"] in ("截至", "截止") or (
            context.base_year is not None and year <= context.base_year
        ):
            past = past or target_year is None
            continue
        if target_year is None:
            target_year = year
    return target_year, past and target_year is None


def _is_range_part(sentence: str, match: re.Match[str]) -> bool:
    # 「（2021-2025年）」 or 「2016-2020年」: a period, not a target year.
    before = sentence[max(0, match.start("year") - 6) : match.start("year")]
    return bool(re.search(r"20\d\d\s*[-－—–~～至]\s*$", before))


def targets_in_sentence(sentence: Span, year: int | None) -> list[TextTarget]:
    """Numeric and relative targets in one sentence whose target year is already known."""
    if _FORECAST.search(sentence.text) or _PAST_SENTENCE.search(sentence.text):
        return []
    found: list[TextTarget] = []
    subject = ""  # the last named subject: 「…规模达到2万亿元,年均增长15%以上」
    form = ""  # 「培育8家龙头企业,200家骨干企业」: a bare count continues the counting verb
    for clause in clauses(sentence):
        if _PAST_MARKERS.search(clause.text):
            continue
        clause_targets = _clause_targets(clause, sentence, year, subject, form)
        form = str(clause_targets[-1].extra.get("form", "")) if clause_targets else ""
        if not clause_targets:
            subject = _topic(clause.text) or subject
        for target in clause_targets:
            if target.relative is None and target.extra.get("form") == "subject":
                subject = target.name
        found.extend(clause_targets)
    soft = _SOFT.search(sentence.text)  # 「力争」 before a target makes it soft
    for target in found:
        at = int(target.extra.get("at", 0))  # type: ignore[call-overload]
        if soft is not None and soft.end() <= at:
            target.soft = True
    return found


def _clause_targets(
    clause: Span, sentence: Span, year: int | None, subject: str, previous_form: str = ""
) -> list[TextTarget]:
    text = clause.text
    results = _respectively(clause, sentence, year)
    if results:
        return results
    quantities = [q for q in find_quantities(text) if not _is_attribute(text, q)]
    relative = _relative_target(clause, sentence, year, subject)
    if relative is not None:
        results.append(relative)
        quantities = [q for q in quantities if not _inside(q, relative.extra.get("span"))]
    for index, quantity in enumerate(quantities):
        following = quantities[index + 1].start if index + 1 < len(quantities) else len(text)
        target = _quantity_target(
            clause, sentence, year, quantity, following, previous_form, subject
        )
        if target is not None:
            results.append(target)
            previous_form = str(target.extra["form"])
    return results


_RESPECTIVELY = re.compile(
    r"(?P<subjects>[^，,。；;]{1,200}?)分别(?:实现|达到|达|为)?(?P<measure>[\u4e00-\u9fff]{0,6}?)"
    r"(?P<values>\d+(?:\.\d+)?(?:\s*[、和及]\s*\d+(?:\.\d+)?)+)\s*(?P<unit>[万亿千百]*[\u4e00-\u9fff%]{0,2})"
)


def _respectively(clause: Span, sentence: Span, year: int | None) -> list[TextTarget]:
    """「A、B分别实现产值4000、3600亿元」: one target per subject, in order."""
    if "分别" not in clause.text:
        return []
    match = _RESPECTIVELY.search(clause.text)
    if not match:
        return []
    values = [float(v) for v in re.findall(r"\d+(?:\.\d+)?", match["values"])]
    joined = _clean_name(_strip_time(match["subjects"]))
    subjects = [s for s in joined.split("、") if s]
    if len(subjects) != len(values):
        subjects = [s for s in re.split(r"[、和及]", joined) if s]
    if len(subjects) != len(values):
        return []
    measure = match["measure"]
    return [
        TextTarget(
            name=_clean_name(subject) + measure,
            unit=match["unit"] or None,
            year=year,
            value=value,
            comparator=">=",
            sentence=sentence,
            extra={"at": clause.start - sentence.start + match.start(), "form": "respectively"},
        )
        for subject, value in zip(subjects, values, strict=True)
    ]


_MONEY_OR_SIZE = re.compile(r"[万亿千百]|元")
_CONDITION = re.compile(r"(?:或以上|或以下)的")


def _is_attribute(text: str, quantity: Quantity) -> bool:
    # 「年交易额超百亿的服务企业」「10家主营业务收入超10亿的」: an amount describing what is counted.
    # A count (「20个以上的重大项目」) or a share (「80%的企业」) followed by 的 is still the target.
    if _CONDITION.match(text, quantity.end):
        return True  # 「对光纤入户率达到100%或以上的地市」: a condition, not a goal
    if text[quantity.end : quantity.end + 1] != "的":
        return False
    return quantity.unit is None or bool(_MONEY_OR_SIZE.search(quantity.unit))


def _inside(quantity: Quantity, span: object) -> bool:
    if not isinstance(span, tuple):
        return False
    return bool(span[0] <= quantity.start < span[1])


def _quantity_target(
    clause: Span,
    sentence: Span,
    year: int | None,
    quantity: Quantity,
    following: int,
    previous_form: str,
    subject: str,
) -> TextTarget | None:
    text = clause.text
    before = _strip_time(text[: quantity.start])
    reach = _REACH_AT_END.search(before)
    after = text[quantity.end : following].strip("。；;，, ")
    count_verb = _COUNT_VERBS.search(before)
    joined = previous_form == "count" and (not before or re.search(r"(?:和|及|与|、)$", before))
    baseline = _baseline(text[: quantity.start], quantity)
    share_of = quantity.unit == "%" and not _clean_name(_SHARE_LEAD.sub("", before)) and after
    if share_of:
        # 「超过80%的规模以上软件企业向云计算服务转型」「实现对全省70%交通基础设施的智能感知覆盖」
        name, verb, form = _clean_name(after.removeprefix("的")), "", "share"
    elif reach and baseline is not None:
        # 「…增加值从2020年的310亿元提高到600亿元」: the name stands before 从.
        name, verb, form = _clean_name(before[: before.rfind("从")]), reach.group(0), "subject"
    elif reach:
        name, verb, form = _clean_name(before[: reach.start()]), reach.group(0), "subject"
    elif quantity.comparator and not _clean_name(before) and subject and not after:
        name, verb, form = subject, "", "subject"  # 「…产业加速发展，到2025年争取超100亿元」
    elif (count_verb or joined) and after:
        name, form = _object_name(after), "count"
        verb = count_verb.group(0) if count_verb else ""
    elif before and quantity.unit and not after and _clean_name(before):
        name, verb, form = _clean_name(before), "", "subject"  # 「5G应用场景5个」「…比重25%」
    else:
        return None
    if not name or len(name) < 2 or (quantity.unit is None and not reach):
        return None
    if quantity.unit is None and len(name) < 3:
        return None
    decreasing = bool(_DECREASE.search(verb))
    comparator = quantity.comparator or ("<=" if decreasing else ">=")
    if quantity.approximate:
        comparator = "="
    return TextTarget(
        name=name[:MAX_NAME],
        unit=quantity.unit,
        year=year,
        value=quantity.value,
        comparator=comparator if not quantity.high else ">=",
        sentence=sentence,
        approximate=quantity.approximate,
        high=quantity.high,
        baseline=baseline,
        direction="decrease" if decreasing else None,
        extra={"at": clause.start - sentence.start + quantity.start, "form": form},
    )


_SHARE_LEAD = re.compile(r"^(?:实现|推动|确保|使)?(?:对)?(?:全省|全市|全区|全县)?$")
_TOPIC_TAIL = re.compile(r"(?:加速|快速|持续|稳步|加快|进一步)?(?:发展|增长|壮大|提升)$")


def _topic(clause: str) -> str:
    """The subject a clause without a number talks about: 「新一代电子信息制造产业加速发展」."""
    if re.search(r"\d", clause):
        return ""
    topic = _TOPIC_TAIL.sub("", _clean_name(_strip_time(clause)))
    return topic if 2 <= len(topic) <= 20 and topic != clause.strip() else ""


_LEADING_TIME = re.compile(
    r"^(?:其中|同时|并)?\s{0,3}(?:到|至|在|力争到|争取到|力争在|争取在)?\s{0,3}20\d\d\s{0,3}年"
    r"(?:底|末|前)?[,，]?\s*"
)


def _strip_time(text: str) -> str:
    return _LEADING_TIME.sub("", text.strip()).strip()


_OBJECT_STOP = re.compile(
    r"(?:运用|实施|依托|开展|进行|参与|落地|向|和|及|与)(?=[\u4e00-\u9fff“\"])|[，,。；;、]"
)


def _object_name(after: str) -> str:
    """The thing counted: 「具备较强实力、国内领先的工业互联网平台」 → 工业互联网平台."""
    head, _, tail = after.rpartition("的")
    obj = tail if head and len(tail) >= 4 else after
    whole = re.split(r"[，,。；;]", obj, maxsplit=1)[0]
    if "等" in whole or ("、" in whole and len(whole) <= 25):
        # 「技术中心、研发中心、工程实验室等创新平台」「技术、产品、服务骨干企业」: one thing counted
        return _clean_name(whole)
    stop = _OBJECT_STOP.search(obj, 2)
    if stop:
        obj = obj[: stop.start()]
    return _clean_name(obj)


# 「（责任单位：市中小企业服务中心）」; the part before the first colon holds no colon, so a
# bracket full of colons is not tried at every split.
_ASIDE = re.compile(r"[（(][^（()）:：]*[:：][^（()）]*[）)]")


def _clean_name(raw: str) -> str:
    name = _ASIDE.sub("", raw).strip(" ，,。；;：:\u3000")
    previous = None
    while previous != name:  # fillers and commas at either end, all of them at each pass
        previous = name
        name = _strip_trailing(_LEAD_FILLERS.sub("", name))
    name = name.replace("实现", "")
    return _balance_quotes(name)


def _strip_trailing(name: str) -> str:
    """Drop trailing fillers one by one with endswith: a regex search per filler would rescan
    the whole name each time."""
    while filler := next((f for f in _TRAILING_FILLERS if name.endswith(f)), None):
        name = name[: -len(filler)]
    return name


def _balance_quotes(name: str) -> str:
    for left, right in (("“", "”"), ("（", "）"), ("(", ")")):
        if name.count(left) > name.count(right) and name.endswith(left):
            name = name[:-1]
        if name.count(right) > name.count(left) and name.startswith(right):
            name = name[1:]
    if name.count('"') % 2 == 1:
        name = name.strip('"')
    return name


_FROM_TO = re.compile(
    r"[从由](?:(?P<year>20\d\d)年(?:底|末)?的?)?(?P<value>\d+(?:\.\d+)?)\s{0,3}(?P<unit>%|％|[\u4e00-\u9fff]{0,3})?"
    r"(?:提高|提升|增加|增长|扩大|下降|降低|减少)(?:到|至)$"
)


def _baseline(before: str, quantity: Quantity) -> tuple[int | None, float] | None:
    match = _FROM_TO.search(before.strip())
    if not match:
        return None
    year = int(match["year"]) if match["year"] else None
    return year, float(match["value"])


def _relative_target(
    clause: Span, sentence: Span, year: int | None, subject: str
) -> TextTarget | None:
    match = _RELATIVE.search(clause.text)
    if not match:
        return None
    kind = match["kind"]
    name = _clean_name(_strip_time(clause.text[: match.start()])) or subject
    if len(name) < 2:
        return None
    relative: dict[str, object]
    value: float
    if kind in ("翻一番", "翻番"):
        relative, value = {"kind": "multiple", "factor": 2}, 2.0
    elif kind == "翻两番":
        relative, value = {"kind": "multiple", "factor": 4}, 4.0
    elif match["num"] is None:
        return None
    else:
        value = float(match["num"])
        unit = match["unit"]
        if unit == "个百分点":
            relative = {"kind": "increase_points", "points": value}
        elif unit == "倍":
            relative = {"kind": "multiple", "factor": value}
        elif kind.startswith("年均"):
            relative = {"kind": "annual_growth_pct", "rate": value}
        else:
            relative = {"kind": "increase_pct", "rate": value}
    span = (match.start(), match.end())
    return TextTarget(
        name=name[:MAX_NAME],
        unit=None,
        year=year,
        value=value,
        comparator=">=",
        sentence=sentence,
        relative=relative,
        extra={
            "at": clause.start - sentence.start + match.start(),
            "span": span,
            "form": "relative",
        },
    )
