"""Build the demo world in an empty, migrated database, through the same services the UI uses
(so the audit log tells the story). Every observation here is 示例数据 and says so.
"""

from __future__ import annotations

import copy
import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from planwatch import clock
from planwatch.web.accounts import services as accounts
from planwatch.web.accounts.models import Role, Unit, User
from planwatch.web.demo import facts
from planwatch.web.monitoring import services as monitoring
from planwatch.web.monitoring.models import Frequency
from planwatch.web.plans import services as plans
from planwatch.web.plans.models import Indicator, Plan
from planwatch.web.regions.models import Region
from planwatch.web.regions.seed import seed_guangdong
from planwatch.web.supervision import services as supervision

SAMPLE_SOURCE = "示例数据（演示用，非官方统计）"

UNITS = [
    ("广东省工业和信息化厅", "440000"),
    ("广州市商务局", "440100"),
    ("汕头市工业和信息化局", "440500"),
    ("汕头市政务服务数据管理局", "440500"),
    ("龙湖区人民政府", "440507"),
    ("金平区政务服务数据管理局", "440511"),
    ("黄埔区工业和信息化局", "440112"),
]

# username, display name, role, unit names or region code
USERS: list[tuple[str, str, str, Any]] = [
    ("admin", "系统管理员", Role.ADMIN, None),
    ("planner", "省工信厅规划处", Role.PLANNER, "440000"),
    ("reporter", "汕头市工信局填报员", Role.REPORTER, ["汕头市工业和信息化局"]),
    ("reporter2", "金平区数据局填报员", Role.REPORTER, ["金平区政务服务数据管理局"]),
    ("reviewer", "汕头市审核员", Role.REVIEWER, "440500"),
    ("viewer", "省人大观察员（只读）", Role.VIEWER, "440000"),
    (
        "stats",
        "统计数据接口（机器客户端）",
        Role.REPORTER,
        ["广州市商务局", "广东省工业和信息化厅"],
    ),
]


@dataclass
class Demo:
    passwords: dict[str, tuple[str, str]] = field(default_factory=dict)  # user → (name, pw)
    plans: list[Plan] = field(default_factory=list)
    token: str = ""


def _users(units: dict[str, Unit]) -> tuple[dict[str, User], dict[str, tuple[str, str]]]:
    users, passwords = {}, {}
    for username, name, role, scope in USERS:
        password = secrets.token_urlsafe(9)
        user = accounts.create_user(
            actor=None,
            username=username,
            password=password,
            display_name=name,
            is_superuser=role == Role.ADMIN,
        )
        if role == Role.ADMIN:
            accounts.grant_role(actor=None, user=user, role=role)
        elif isinstance(scope, list):
            for unit_name in scope:
                accounts.grant_role(actor=None, user=user, role=role, unit=units[unit_name])
        else:
            region = Region.objects.get(code=scope, valid_to__isnull=True)
            accounts.grant_role(actor=None, user=user, role=role, region=region)
        users[username] = user
        passwords[username] = (name, password)
    return users, passwords


def _import_plans(admin: User) -> dict[str, Plan]:
    by_title: dict[str, Plan] = {}
    for doc, upper_title in facts.PLANS:
        region = Region.objects.get(name=doc["region"], valid_to__isnull=True)
        plan = plans.import_plan(
            user=admin,
            plan_doc=copy.deepcopy(doc),
            region=region,
            upper_plan=by_title.get(upper_title or ""),
        )
        by_title[plan.title] = plans.publish_plan(user=admin, plan=plan)
    return by_title


def _report(
    reporter, reviewer, assignment, period, value, *, outcome="approve", source=None, **extra
):
    """Through the real workflow; a value without a public ``source`` is marked 示例数据."""
    obs = monitoring.save_draft(
        user=reporter,
        assignment=assignment,
        period=period,
        value=value,
        source=source or SAMPLE_SOURCE,
        **extra,
    )
    if source is None:
        obs.is_sample = True
        obs.save(update_fields=["is_sample"])
    if outcome == "draft":
        return obs
    obs = monitoring.submit(user=reporter, observation=obs, expected_version=obs.version)
    if outcome == "approve":
        return monitoring.approve(user=reviewer, observation=obs, expected_version=obs.version)
    if outcome == "reject":
        return monitoring.reject(
            user=reviewer,
            observation=obs,
            expected_version=obs.version,
            comment="请补充统计口径说明并附佐证材料",
        )
    return obs


LAG = {
    "lag_reason": "部分站址选址和电力配套审批进度慢于预期（示例）",
    "next_steps": "建立站址协调机制，按月通报各区进度（示例）",
}


def _indicator(plan: Plan, name: str) -> Indicator:
    """The extracted indicator of that name (the extractor's ids are not stable facts)."""
    return plan.indicators.get(name=name)


def _shantou(plan: Plan, users: dict[str, User], units: dict[str, Unit]) -> None:
    names = ["城市家庭千兆光纤网络覆盖率", "5G基站开通数", "光纤接入用户占比", "新一代电子信息产值"]
    (a1, a2, a3, a6) = monitoring.assign(
        user=users["planner"],
        plan=plan,
        unit=units["汕头市工业和信息化局"],
        indicators=[_indicator(plan, n) for n in names],
        frequency=Frequency.ANNUAL,
        due_days=60,
        cooperating=[units["汕头市政务服务数据管理局"]],
    )
    monitoring.assign(
        user=users["planner"],
        plan=plan,
        unit=units["汕头市工业和信息化局"],
        projects=[p for p in plan.projects.all() if "5G网络建设" in p.category],
    )
    rep, rev = users["reporter"], users["reviewer"]
    published = "《汕头市信息化发展“十四五”规划》主要目标表，2020年值"
    for a, value in ((a1, 50), (a2, 4000), (a3, 93.4), (a6, 82)):
        _report(rep, rev, a, "2020", value, source=published)
    for period, value in (("2021", 5200), ("2022", 6500), ("2023", 7600)):
        _report(rep, rev, a2, period, value)
    _report(rep, rev, a2, "2024", 8000, outcome="submit", **LAG)
    for period, value in (("2021", 58), ("2022", 63)):
        _report(rep, rev, a1, period, value)
    _report(rep, rev, a1, "2023", 66, outcome="reject", **LAG)
    for period, value in (("2021", 95.0), ("2022", 96.3)):
        _report(rep, rev, a3, period, value)
    _report(rep, rev, a6, "2021", 120, **LAG)
    _report(rep, rev, a6, "2022", 180, **LAG)
    _report(rep, rev, a6, "2023", 260, **LAG)
    supervision.open_item(
        user=users["planner"],
        plan=plan,
        unit=units["汕头市工业和信息化局"],
        indicator=a6.indicator,
        title="新一代电子信息产值明显滞后（示例督办）",
        instruction="请于期限内报送滞后原因分析和整改措施，并按季度报告进展。",
        deadline=clock.today() - dt.timedelta(days=10),
    )


def _guangzhou(plan: Plan, users: dict[str, User], units: dict[str, Unit]) -> None:
    ind = _indicator(plan, "电子商务交易额")
    (a,) = monitoring.assign(
        user=users["planner"], plan=plan, unit=units["广州市商务局"], indicators=[ind]
    )
    published = "《广州市信息化发展第十三个五年规划》发展基础，2015年值"
    _report(users["stats"], users["admin"], a, "2015", 1.5, source=published)
    for period, value in (
        ("2016", 1.8),
        ("2017", 2.1),
        ("2018", 2.4),
        ("2019", 2.7),
        ("2020", 3.1),
    ):
        _report(users["stats"], users["admin"], a, period, value)


def _sample(plan: Plan, users: dict[str, User], units: dict[str, Unit]) -> None:
    ind = {i.key: i for i in plan.indicators.all()}
    a1, a2, _, _ = monitoring.assign(
        user=users["planner"],
        plan=plan,
        unit=units["金平区政务服务数据管理局"],
        indicators=list(ind.values()),
        frequency=Frequency.QUARTERLY,
        due_days=15,
    )
    rep, rev = users["reporter2"], users["reviewer"]
    for period, value in (
        ("2024-Q1", 72),
        ("2024-Q2", 74),
        ("2024-Q3", 77),
        ("2024-Q4", 79),
        ("2025-Q1", 81),
        ("2025-Q2", 83),
    ):
        _report(rep, rev, a1, period, value)
    _report(rep, rev, a2, "2024-Q1", 3300)
    _report(rep, rev, a2, "2024-Q2", 3550, outcome="draft")


@transaction.atomic
def build_demo() -> Demo:
    seed_guangdong()
    units = {
        name: Unit.objects.create(
            name=name, region=Region.objects.get(code=code, valid_to__isnull=True)
        )
        for name, code in UNITS
    }
    users, passwords = _users(units)
    by_title = _import_plans(users["admin"])
    _shantou(by_title[facts.SHANTOU_14TH["title"]], users, units)
    _guangzhou(by_title[facts.GUANGZHOU_13TH["title"]], users, units)
    _sample(by_title[facts.SAMPLE_PLAN["title"]], users, units)
    monitoring.run_evaluation(user=users["planner"], plan=by_title[facts.SHANTOU_14TH["title"]])
    token = accounts.issue_token(actor=None, user=users["stats"], name="统计局数据推送（演示）")
    return Demo(passwords=passwords, plans=list(by_title.values()), token=token)
