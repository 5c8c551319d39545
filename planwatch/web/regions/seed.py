"""Seed data: 广东省, its 21 prefecture-level cities and the districts the demo plans need.

Codes are GB/T 2260. 萝岗区 (440116) was merged into 黄埔区 in 2014: it is kept, closed, to show
that a boundary change is recorded as history rather than rewritten.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from planwatch.web.regions.models import Region

PROVINCE = ("440000", "广东省")
CITIES = [
    ("440100", "广州市"),
    ("440200", "韶关市"),
    ("440300", "深圳市"),
    ("440400", "珠海市"),
    ("440500", "汕头市"),
    ("440600", "佛山市"),
    ("440700", "江门市"),
    ("440800", "湛江市"),
    ("440900", "茂名市"),
    ("441200", "肇庆市"),
    ("441300", "惠州市"),
    ("441400", "梅州市"),
    ("441500", "汕尾市"),
    ("441600", "河源市"),
    ("441700", "阳江市"),
    ("441800", "清远市"),
    ("441900", "东莞市"),
    ("442000", "中山市"),
    ("445100", "潮州市"),
    ("445200", "揭阳市"),
    ("445300", "云浮市"),
]
DISTRICTS = {
    "440500": [
        ("440507", "龙湖区"),
        ("440511", "金平区"),
        ("440512", "濠江区"),
        ("440513", "潮阳区"),
        ("440514", "潮南区"),
        ("440515", "澄海区"),
        ("440523", "南澳县"),
    ],
    "440100": [
        ("440103", "荔湾区"),
        ("440104", "越秀区"),
        ("440105", "海珠区"),
        ("440106", "天河区"),
        ("440111", "白云区"),
        ("440112", "黄埔区"),
        ("440113", "番禺区"),
        ("440114", "花都区"),
        ("440115", "南沙区"),
        ("440117", "从化区"),
        ("440118", "增城区"),
    ],
}
MERGED = [("440116", "萝岗区", "440100", dt.date(2014, 2, 12))]  # → 黄埔区


@transaction.atomic
def seed_guangdong() -> Region:
    """Create the Guangdong tree if missing; safe to run twice. Returns the province."""
    province, _ = Region.objects.get_or_create(
        code=PROVINCE[0],
        valid_from=None,
        defaults={"name": PROVINCE[1], "level": Region.Level.PROVINCE},
    )
    cities = {}
    for code, name in CITIES:
        cities[code], _ = Region.objects.get_or_create(
            code=code,
            valid_from=None,
            defaults={"name": name, "level": Region.Level.CITY, "parent": province},
        )
    for city_code, districts in DISTRICTS.items():
        for code, name in districts:
            Region.objects.get_or_create(
                code=code,
                valid_from=None,
                defaults={
                    "name": name,
                    "level": Region.Level.DISTRICT,
                    "parent": cities[city_code],
                },
            )
    for code, name, city_code, closed in MERGED:
        Region.objects.get_or_create(
            code=code,
            valid_from=None,
            defaults={
                "name": name,
                "level": Region.Level.DISTRICT,
                "parent": cities[city_code],
                "valid_to": closed,
            },
        )
    return province
