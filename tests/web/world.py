"""A small, complete world for the web tests: the Guangdong tree, units, one user per role,
a published plan with indicators and a project, and assignments to two units.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from django.test import Client

from planwatch.web.accounts import services as accounts
from planwatch.web.accounts.models import Role, Unit, User
from planwatch.web.monitoring import services as monitoring
from planwatch.web.monitoring.models import Assignment
from planwatch.web.plans import services as plans
from planwatch.web.plans.models import Plan
from planwatch.web.regions.models import Region
from planwatch.web.regions.seed import seed_guangdong

PASSWORD = "correct-horse-battery-9"

PLAN_DOC: dict[str, Any] = {
    "schema": "planwatch.plan/1",
    "title": "示例市数字化发展规划（2021—2025年）",
    "region": "汕头市",
    "period": {"start": 2021, "end": 2025},
    "base_year": 2020,
    "sections": [
        {"id": "s1", "number": "一、", "title": "发展基础", "level": 1, "parent": None},
        {"id": "s2", "number": "二、", "title": "主要目标", "level": 1, "parent": None},
        {"id": "s2.1", "number": "（一）", "title": "数字基础设施", "level": 2, "parent": "s2"},
    ],
    "indicators": [
        {
            "id": "i1",
            "name": "5G基站数",
            "unit": "座",
            "direction": "increase",
            "nature": "预期性",
            "baseline": {"year": 2020, "value": 1000},
            "targets": [{"year": 2025, "value": 2000, "comparator": ">="}],
            "section": "s2.1",
            "evidence": [{"kind": "table", "quote": "5G基站数 座 1000 2000 预期性"}],
        },
        {
            "id": "i2",
            "name": "规模以上工业企业数字化转型比例",
            "unit": "%",
            "direction": "increase",
            "nature": "约束性",
            "baseline": {"year": 2020, "value": 40},
            "targets": [{"year": 2025, "value": 80, "comparator": ">="}],
            "section": "s2.1",
            "evidence": [{"kind": "text", "quote": "到2025年，数字化转型比例达到80%"}],
        },
    ],
    "projects": [
        {
            "id": "p1",
            "name": "城市数据中心",
            "category": ["数字基础设施"],
            "start_year": 2021,
            "end_year": 2024,
            "total_investment": 12.5,
            "investment_unit": "亿元",
            "responsible_unit": "市工信局",
        }
    ],
    "tasks": [{"id": "t1", "text": "推进政务数据共享", "responsible_unit": "市政务服务数据管理局"}],
}


@dataclass
class World:
    province: Region
    city: Region
    district: Region
    unit: Unit  # 市工信局: the reporting unit
    other_unit: Unit  # 龙湖区人民政府: another unit
    admin: User
    planner: User
    reporter: User
    other_reporter: User
    reviewer: User
    viewer: User
    plan: Plan
    assignment: Assignment  # indicator i1 → unit
    other_assignment: Assignment  # indicator i1 → other_unit

    def client(self, user: User | None) -> Client:
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    def indicator(self, key: str):
        return self.plan.indicators.get(key=key)


def make_user(username: str, role: str | None = None, **scope: Any) -> User:
    user = accounts.create_user(
        actor=None, username=username, password=PASSWORD, display_name=username
    )
    if role:
        accounts.grant_role(actor=None, user=user, role=role, **scope)
    return user


def build_world(*, publish: bool = True) -> World:
    province = seed_guangdong()
    city = Region.objects.get(code="440500")
    district = Region.objects.get(code="440507")
    unit = Unit.objects.create(name="市工信局", region=city)
    other_unit = Unit.objects.create(name="龙湖区人民政府", region=district)
    admin = make_user("admin", Role.ADMIN)
    planner = make_user("planner", Role.PLANNER, region=city)
    reporter = make_user("reporter", Role.REPORTER, unit=unit)
    other_reporter = make_user("other_reporter", Role.REPORTER, unit=other_unit)
    reviewer = make_user("reviewer", Role.REVIEWER, unit=unit)
    viewer = make_user("viewer", Role.VIEWER, region=city)
    plan = plans.import_plan(user=planner, plan_doc=copy.deepcopy(PLAN_DOC), region=city)
    if publish:
        plan = plans.publish_plan(user=planner, plan=plan)
    i1 = plan.indicators.get(key="i1")
    i2 = plan.indicators.get(key="i2")
    (assignment, _) = monitoring.assign(user=planner, plan=plan, unit=unit, indicators=[i1, i2])
    (other_assignment,) = monitoring.assign(
        user=planner, plan=plan, unit=other_unit, indicators=[i1]
    )
    return World(
        province,
        city,
        district,
        unit,
        other_unit,
        admin,
        planner,
        reporter,
        other_reporter,
        reviewer,
        viewer,
        plan,
        assignment,
        other_assignment,
    )
