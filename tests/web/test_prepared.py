"""Prepared querysets: compiled once per connection, they give what the queryset itself gives."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count

from planwatch.web.accounts.models import Role, RoleGrant, Unit
from planwatch.web.monitoring import services
from planwatch.web.monitoring.models import Assignment, Observation, ReportState
from planwatch.web.prepared import Param, Prepared
from tests.web.world import World

pytestmark = pytest.mark.django_db


def test_objects_with_related_rows_attached(world: World, django_assert_num_queries):
    prepared = Prepared(
        Assignment.objects.select_related("plan", "indicator", "unit")
        .defer("plan__source_text")
        .filter(indicator_id=Param("indicator"), unit_id=Param("unit"))
        .order_by()
    )
    i1 = world.indicator("i1")
    (found,) = prepared.fetch(indicator=i1.pk, unit=world.unit.pk)
    assert found.pk == world.assignment.pk
    with django_assert_num_queries(0):  # plan, indicator and unit came with the row
        assert found.plan.title == "示例市数字化发展规划（2021—2025年）"
        assert found.indicator.name == "5G基站数"
        assert found.unit.name == "市工信局"
        assert found.plan.period_end == 2025 and found.plan.is_published
        assert found.frequency == world.assignment.frequency
    # Same SQL, new values: the other unit's assignment, then nothing for a unit without one.
    (other,) = prepared.fetch(indicator=i1.pk, unit=world.other_unit.pk)
    assert other.pk == world.other_assignment.pk and other.unit.name == "龙湖区人民政府"
    assert prepared.fetch(indicator=world.indicator("i2").pk, unit=world.other_unit.pk) == []


def test_one_query_per_fetch(world: World, django_assert_num_queries):
    prepared = Prepared(RoleGrant.objects.filter(user_id=Param("user")))
    prepared.fetch(user=world.reporter.pk)
    with django_assert_num_queries(1):
        grants = prepared.fetch(user=world.reporter.pk)
    assert [(g.role, g.unit_id, g.region_id) for g in grants] == [
        (Role.REPORTER, world.unit.pk, None)
    ]


def test_values_are_converted_as_the_orm_converts_them(world: World):
    obs = services.save_draft(
        user=world.reporter, assignment=world.assignment, period="2023", value=1650.5
    )
    prepared = Prepared(Observation.objects.filter(pk=Param("pk")))
    (found,) = prepared.fetch(pk=obs.pk)
    assert (
        found.value == 1650.5
        and found.period == "2023"
        and found.period_end == dt.date(2023, 12, 31)
    )
    assert found.is_sample is False and found.state == ReportState.DRAFT
    assert isinstance(found.created_at, dt.datetime) and found.created_at.tzinfo is not None
    assert found.created_at == Observation.objects.get(pk=obs.pk).created_at


def test_values_list_rows_and_pages(world: World):
    for year in ("2021", "2022", "2023"):
        services.save_draft(
            user=world.reporter, assignment=world.assignment, period=year, value=int(year) - 900
        )
    queryset = (
        Observation.objects.filter(unit_id=Param("unit"))
        .order_by("id")
        .values_list("period", "value", "unit__name")
    )
    rows = Prepared(queryset).fetch(unit=world.unit.pk)
    assert rows == [
        ("2021", 1121.0, "市工信局"),
        ("2022", 1122.0, "市工信局"),
        ("2023", 1123.0, "市工信局"),
    ]
    paged = Prepared(queryset, paged=True)
    assert paged.fetch(unit=world.unit.pk, limit=2, offset=1) == rows[1:3]
    assert paged.fetch(unit=world.unit.pk, limit=1, offset=0) == rows[:1]
    assert paged.fetch(unit=world.other_unit.pk, limit=10, offset=0) == []
    with pytest.raises(TypeError, match="limit and offset"):
        paged.fetch(unit=world.unit.pk)
    with pytest.raises(ValueError):
        paged.fetch(unit=world.unit.pk, limit="1; DROP TABLE accounts_unit", offset=0)


def test_fixed_values_stay_in_the_query(world: World):
    obs = services.save_draft(
        user=world.reporter, assignment=world.assignment, period="2022", value=1500
    )
    open_reports = Prepared(
        Observation.objects.filter(
            state__in=[ReportState.DRAFT, ReportState.SUBMITTED], unit_id=Param("unit")
        )
    )
    assert [o.pk for o in open_reports.fetch(unit=world.unit.pk)] == [obs.pk]
    services.submit(user=world.reporter, observation=obs, expected_version=obs.version)
    assert [o.pk for o in open_reports.fetch(unit=world.unit.pk)] == [obs.pk]
    approved = Observation.objects.get(pk=obs.pk)
    services.approve(user=world.reviewer, observation=approved, expected_version=approved.version)
    assert open_reports.fetch(unit=world.unit.pk) == []


def test_wrong_values_and_unsupported_querysets_are_refused(world: World):
    prepared = Prepared(Unit.objects.filter(pk=Param("pk")))
    with pytest.raises(TypeError, match="takes"):
        prepared.fetch(id=1)
    with pytest.raises(TypeError, match="takes"):
        prepared.fetch(pk=1, extra=2)
    with pytest.raises(TypeError):
        Prepared(Unit.objects.values_list("name", flat=True))
    with pytest.raises(TypeError):
        Prepared(Unit.objects.all()[:3], paged=True)
    annotated = Prepared(Unit.objects.annotate(n=Count("observations")).filter(pk=Param("pk")))
    with pytest.raises(TypeError, match="annotations"):
        annotated.fetch(pk=world.unit.pk)


def test_django_internals_prepared_builds_on_are_still_there():
    """prepared.py reads Django 5.2's compiler internals; an upgrade must look at it first."""
    import django
    from django.db.models import query

    assert django.VERSION[:2] == (5, 2), (
        "planwatch/web/prepared.py uses compiler.klass_info, get_related_populators and the "
        "queryset's _iterable_class of Django 5.2: check them (and this module's tests) "
        f"before moving to Django {django.get_version()}"
    )
    assert callable(query.get_related_populators)
    assert hasattr(query, "ModelIterable") and hasattr(query, "ValuesListIterable")
