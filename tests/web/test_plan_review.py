"""Review screen: projects and tasks of a draft plan edited and deleted in place, validated,
audited, and refused once the plan is published or to anyone but its 牵头部门.
"""

from __future__ import annotations

import copy

import pytest

from planwatch.web.audit.models import AuditEntry
from planwatch.web.errors import InvalidInput
from planwatch.web.monitoring import services as monitoring
from planwatch.web.plans import corrections, services
from planwatch.web.plans.models import Plan, Project, Task
from tests.web.world import PLAN_DOC, World

pytestmark = pytest.mark.django_db

SOURCE = "前文。城市数据中心，2021—2024年，总投资12.5亿元。推进政务数据共享。后文"
HX = {"HTTP_HX_REQUEST": "true"}


def draft_plan(world: World) -> Plan:
    doc = copy.deepcopy(PLAN_DOC)
    quote = "城市数据中心，2021—2024年，总投资12.5亿元"
    start = SOURCE.index(quote)
    doc["projects"][0]["evidence"] = [
        {"kind": "table", "quote": quote, "start": start, "end": start + len(quote)}
    ]
    task_quote = "推进政务数据共享"
    t_start = SOURCE.index(task_quote)
    doc["tasks"][0]["evidence"] = [
        {"kind": "text", "quote": task_quote, "start": t_start, "end": t_start + len(task_quote)}
    ]
    return services.import_plan(
        user=world.planner, plan_doc=doc, region=world.city, source_text=SOURCE
    )


def project_form(project: Project, **values) -> dict[str, str]:
    fields = {
        "name": project.name,
        "category": "、".join(project.category),
        "start_year": project.start_year,
        "end_year": project.end_year,
        "total_investment": project.total_investment,
        "responsible_unit_name": project.responsible_unit_name,
        "version": project.version,
        **values,
    }
    return {f"p{project.pk}-{k}": "" if v is None else str(v) for k, v in fields.items()}


def task_form(task: Task, **values) -> dict[str, str]:
    fields = {
        "name": task.name,
        "responsible_unit_name": task.responsible_unit_name,
        "version": task.version,
        **values,
    }
    return {f"t{task.pk}-{k}": str(v) for k, v in fields.items()}


def url(plan: Plan, kind: str, item_id: int, action: str = "") -> str:
    return f"/plans/{plan.pk}/review/{kind}/{item_id}/{action}"


def audits(obj) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).order_by("id")
    )


def test_review_page_shows_projects_and_tasks_beside_their_evidence(world: World):
    plan = draft_plan(world)
    page = world.client(world.planner).get(f"/plans/{plan.pk}/review/").content.decode()
    assert "前文。<mark>城市数据中心，2021—2024年，总投资12.5亿元</mark>。推进" in page
    assert "<mark>推进政务数据共享</mark>。后文" in page
    project, task = plan.projects.get(), plan.tasks.get()
    assert f'name="p{project.pk}-total_investment"' in page
    assert f'name="t{task.pk}-responsible_unit_name"' in page
    assert url(plan, "projects", project.pk, "delete/") in page


def test_planner_edits_a_project_on_a_draft_plan(world: World):
    plan = draft_plan(world)
    project = plan.projects.get()
    form = project_form(
        project,
        name=" 城市数据中心（一期） ",
        category="数字基础设施、数据要素",
        start_year=2022,
        end_year=2025,
        total_investment="15.5",
        responsible_unit_name="市政务服务数据管理局",
    )
    r = world.client(world.planner).post(url(plan, "projects", project.pk), form, **HX)
    assert r.status_code == 200, r.content.decode()[:500]
    assert "已保存 v2" in r.content.decode()
    project.refresh_from_db()
    assert project.name == "城市数据中心（一期）"
    assert project.category == ["数字基础设施", "数据要素"]
    assert (project.start_year, project.end_year) == (2022, 2025)
    assert project.total_investment == 15.5
    assert project.responsible_unit_name == "市政务服务数据管理局"
    assert project.version == 2
    (entry,) = [a for a in audits(project) if a.action == "update"]
    assert entry.actor == world.planner
    assert entry.before == {
        "name": "城市数据中心",
        "category": ["数字基础设施"],
        "start_year": 2021,
        "end_year": 2024,
        "total_investment": 12.5,
        "responsible_unit_name": "市工信局",
    }
    assert entry.after == {
        "name": "城市数据中心（一期）",
        "category": ["数字基础设施", "数据要素"],
        "start_year": 2022,
        "end_year": 2025,
        "total_investment": 15.5,
        "responsible_unit_name": "市政务服务数据管理局",
    }


def test_planner_edits_a_task_on_a_draft_plan(world: World):
    plan = draft_plan(world)
    task = plan.tasks.get()
    form = task_form(task, name="推进政务数据共享开放", responsible_unit_name="市政数局, 市工信局")
    r = world.client(world.planner).post(url(plan, "tasks", task.pk), form, **HX)
    assert r.status_code == 200, r.content.decode()[:500]
    task.refresh_from_db()
    assert task.name == "推进政务数据共享开放"
    assert task.responsible_unit_name == "市政数局、市工信局"
    (entry,) = audits(task)
    assert entry.action == "update" and entry.actor == world.planner
    assert entry.before == {
        "name": "推进政务数据共享",
        "responsible_unit_name": "市政务服务数据管理局",
    }
    assert entry.after == {
        "name": "推进政务数据共享开放",
        "responsible_unit_name": "市政数局、市工信局",
    }


def test_saving_unchanged_values_writes_no_audit_entry(world: World):
    plan = draft_plan(world)
    task = plan.tasks.get()
    r = world.client(world.planner).post(url(plan, "tasks", task.pk), task_form(task), **HX)
    assert r.status_code == 200
    task.refresh_from_db()
    assert task.version == 1 and audits(task) == []


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"start_year": 2025, "end_year": 2021}, "结束年不能早于起始年"),
        ({"start_year": 1800}, "年份应在 1950–2100 之间"),
        ({"end_year": 3000}, "年份应在 1950–2100 之间"),
        ({"total_investment": "-3"}, "总投资应为不小于 0 的有限数值"),
        ({"total_investment": "inf"}, "输入有误"),
        ({"total_investment": "NaN"}, "输入有误"),
        ({"total_investment": "十亿"}, "输入有误"),
        ({"name": "   "}, "输入有误"),
        ({"start_year": "二〇二一"}, "输入有误"),
    ],
)
def test_bad_project_input_is_refused_and_changes_nothing(world: World, values, message):
    plan = draft_plan(world)
    project = plan.projects.get()
    c = world.client(world.planner)
    for headers in (HX, {}):  # the HTMX row and the plain form post
        r = c.post(url(plan, "projects", project.pk), project_form(project, **values), **headers)
        assert r.status_code == 400
        assert message in r.content.decode()
    project.refresh_from_db()
    assert (project.name, project.start_year, project.end_year) == ("城市数据中心", 2021, 2024)
    assert project.total_investment == 12.5 and project.version == 1
    assert audits(project) == []


def test_bad_task_input_is_refused(world: World):
    plan = draft_plan(world)
    task = plan.tasks.get()
    r = world.client(world.planner).post(
        url(plan, "tasks", task.pk), task_form(task, name=""), **HX
    )
    assert r.status_code == 400 and "输入有误" in r.content.decode()
    task.refresh_from_db()
    assert task.name == "推进政务数据共享" and audits(task) == []


def test_service_applies_the_same_rules_without_the_form(world: World):
    project = draft_plan(world).projects.get()
    for changes in (
        {"total_investment": float("nan")},
        {"total_investment": float("inf")},
        {"start_year": 2030, "end_year": 2029},
        {"name": ""},
    ):
        with pytest.raises(InvalidInput):
            corrections.update_project(
                user=world.planner, project=project, expected_version=1, changes=changes
            )
    with pytest.raises(InvalidInput):
        corrections.update_project(
            user=world.planner, project=project, expected_version=1, changes={"key": "x"}
        )
    project.refresh_from_db()
    assert project.version == 1 and project.total_investment == 12.5


def test_stale_version_is_a_conflict(world: World):
    plan = draft_plan(world)
    project = plan.projects.get()
    c = world.client(world.planner)
    stale = project_form(project, name="第一次修改")
    assert c.post(url(plan, "projects", project.pk), stale, **HX).status_code == 200
    stale[f"p{project.pk}-name"] = "第二次修改（基于旧版本）"
    r = c.post(url(plan, "projects", project.pk), stale, **HX)
    assert r.status_code == 409 and "已被他人修改" in r.content.decode()
    project.refresh_from_db()
    assert project.name == "第一次修改"


@pytest.mark.parametrize("role", ["reporter", "viewer", "reviewer", "other_reporter"])
def test_only_the_planner_may_edit_or_delete(world: World, role: str):
    plan = draft_plan(world)
    project, task = plan.projects.get(), plan.tasks.get()
    c = world.client(getattr(world, role))
    # a draft plan is invisible to them: not found, as the review page itself
    for path, data in (
        (url(plan, "projects", project.pk), project_form(project, name="x")),
        (url(plan, "tasks", task.pk), task_form(task, name="x")),
        (url(plan, "projects", project.pk, "delete/"), {"version": 1}),
        (url(plan, "tasks", task.pk, "delete/"), {"version": 1}),
    ):
        assert c.post(path, data, **HX).status_code == 404
    # on a published plan they can see, editing is forbidden
    published = world.plan.projects.get()
    r = c.post(url(world.plan, "projects", published.pk), project_form(published, name="x"))
    assert r.status_code == 403
    r = c.post(url(world.plan, "projects", published.pk, "delete/"), {"version": 1})
    assert r.status_code == 403
    project.refresh_from_db()
    task.refresh_from_db()
    assert project.name == "城市数据中心" and task.name == "推进政务数据共享"
    assert Project.objects.filter(pk=published.pk).exists()


def test_anonymous_is_sent_to_login(world: World):
    plan = draft_plan(world)
    project = plan.projects.get()
    anon = world.client(None)
    r = anon.post(url(plan, "projects", project.pk), project_form(project, name="x"))
    assert r.status_code == 302 and "/login" in r["Location"]
    r = anon.post(url(plan, "projects", project.pk, "delete/"), {"version": 1})
    assert r.status_code == 302
    assert Project.objects.filter(pk=project.pk, name="城市数据中心").exists()


def test_published_plan_projects_and_tasks_are_fixed(world: World):
    project, task = world.plan.projects.get(), world.plan.tasks.get()
    c = world.client(world.planner)
    r = c.post(url(world.plan, "projects", project.pk), project_form(project, name="改名"), **HX)
    assert r.status_code == 400 and "规划已发布" in r.content.decode()
    r = c.post(url(world.plan, "tasks", task.pk), task_form(task, name="改名"))
    assert r.status_code == 400 and "规划已发布" in r.content.decode()
    for kind, item in (("projects", project), ("tasks", task)):
        r = c.post(url(world.plan, kind, item.pk, "delete/"), {"version": item.version})
        assert r.status_code == 400
    project.refresh_from_db()
    task.refresh_from_db()
    assert project.name == "城市数据中心" and task.name == "推进政务数据共享"
    assert audits(project) == [] and audits(task) == []
    page = c.get(f"/plans/{world.plan.pk}/review/").content.decode()
    assert f'name="p{project.pk}-name"' not in page  # shown, not editable
    assert "城市数据中心" in page


def test_planner_deletes_wrongly_extracted_project_and_task(world: World):
    plan = draft_plan(world)
    project, task = plan.projects.get(), plan.tasks.get()
    monitoring.assign(user=world.planner, plan=plan, unit=world.unit, projects=[project])
    c = world.client(world.planner)
    data_version = plan.data_version
    r = c.post(url(plan, "projects", project.pk, "delete/"), {"version": 1}, **HX)
    assert r.status_code == 200 and r.content == b""
    r = c.post(url(plan, "tasks", task.pk, "delete/"), {"version": 1})
    assert r.status_code == 302
    assert not plan.projects.exists() and not plan.tasks.exists()
    assert not plan.assignments.filter(project__isnull=False).exists()
    (gone_project,) = AuditEntry.objects.filter(action="delete", object_type="plans.project")
    assert gone_project.actor == world.planner and gone_project.object_id == str(project.pk)
    assert gone_project.before["name"] == "城市数据中心" and gone_project.before["assignments"] == 1
    (gone_task,) = AuditEntry.objects.filter(action="delete", object_type="plans.task")
    assert gone_task.before["name"] == "推进政务数据共享"
    plan.refresh_from_db()
    assert plan.data_version > data_version


def test_delete_with_stale_version_is_refused(world: World):
    plan = draft_plan(world)
    project = plan.projects.get()
    c = world.client(world.planner)
    r = c.post(url(plan, "projects", project.pk), project_form(project, name="新名"))
    assert r.status_code == 302  # saved without HTMX: back to the review page
    r = c.post(url(plan, "projects", project.pk, "delete/"), {"version": 1}, **HX)
    assert r.status_code == 409
    r = c.post(url(plan, "projects", project.pk, "delete/"), {"version": "abc"})
    assert r.status_code == 400
    assert Project.objects.filter(pk=project.pk).exists()


# --- indicator rows: the same row behaviour as projects and tasks -----------------------------


def indicator_form(ind, **values) -> dict[str, str]:
    fields = {
        "name": ind.name,
        "unit": ind.unit,
        "nature": ind.nature,
        "direction": ind.direction,
        "aggregation": ind.aggregation,
        "numerator": ind.numerator,
        "denominator": ind.denominator,
        "baseline_year": ind.baseline_year,
        "baseline_value": ind.baseline_value,
        "version": ind.version,
        **values,
    }
    return {f"i{ind.pk}-{k}": "" if v is None else str(v) for k, v in fields.items()}


@pytest.mark.parametrize(
    ("values", "targets", "message"),
    [
        ({"name": "  "}, {}, "输入有误"),
        ({"baseline_value": "很多"}, {}, "输入有误"),
        ({"aggregation": "ratio", "numerator": "没有这个指标"}, {}, "比率指标须填写"),
        ({}, {"value": "两千"}, "目标值或目标年无效"),
        ({}, {"year": "明年"}, "目标值或目标年无效"),
    ],
)
def test_bad_indicator_input_comes_back_in_its_row(world: World, values, targets, message):
    plan = draft_plan(world)
    ind = plan.indicators.get(key="i1")
    target = ind.current_targets().get()
    form = indicator_form(ind, **values)
    form[f"target-{target.pk}-value"] = targets.get("value", "2000")
    form[f"target-{target.pk}-year"] = targets.get("year", "2025")
    r = world.client(world.planner).post(f"/plans/{plan.pk}/review/{ind.pk}/", form, **HX)
    body = r.content.decode()
    assert r.status_code == 400 and message in body
    # The answer is the row (swapped in place of the old one), not an error page.
    assert body.lstrip().startswith(f'<tr id="indicator-{ind.pk}"') and "<html" not in body
    ind.refresh_from_db()
    target.refresh_from_db()
    assert (ind.name, ind.baseline_value, ind.version) == ("5G基站数", 1000, 1)
    assert (target.value, target.year) == (2000, 2025)
    assert audits(ind) == []


def test_draft_indicator_row_saves_terms_and_targets_together(world: World):
    plan = draft_plan(world)
    ind = plan.indicators.get(key="i1")
    target = ind.current_targets().get()
    form = indicator_form(ind, name="5G基站累计数", baseline_value="1100")
    form[f"target-{target.pk}-value"] = "2500"
    form[f"target-{target.pk}-year"] = "2025"
    r = world.client(world.planner).post(f"/plans/{plan.pk}/review/{ind.pk}/", form, **HX)
    assert r.status_code == 200 and "已保存 v2" in r.content.decode()
    (entry,) = audits(ind)
    assert entry.before == {
        "name": "5G基站数",
        "baseline_value": 1000,
        "targets": [{"year": 2025, "value": 2000}],
    }
    assert entry.after == {
        "name": "5G基站累计数",
        "baseline_value": 1100,
        "targets": [{"year": 2025, "value": 2500}],
    }


def test_published_indicator_row_offers_only_the_rollup_rule(world: World):
    ind = world.indicator("i2")
    c = world.client(world.planner)
    page = c.get(f"/plans/{world.plan.pk}/review/").content.decode()
    assert f'name="i{ind.pk}-aggregation"' in page
    assert f'name="i{ind.pk}-name"' not in page and f'name="i{ind.pk}-baseline_value"' not in page
    assert "规模以上工业企业数字化转型比例" in page  # shown, not editable
    rollup = {
        f"i{ind.pk}-aggregation": "ratio",
        f"i{ind.pk}-numerator": "i1",
        f"i{ind.pk}-denominator": "5G基站数",
        f"i{ind.pk}-version": "1",
    }
    r = c.post(f"/plans/{world.plan.pk}/review/{ind.pk}/", rollup, **HX)
    assert r.status_code == 200 and "已保存 v2" in r.content.decode()
    ind.refresh_from_db()
    assert (ind.aggregation, ind.numerator, ind.denominator) == ("ratio", "i1", "5G基站数")
    assert (ind.name, ind.unit, ind.baseline_value) == ("规模以上工业企业数字化转型比例", "%", 40)
    # A forged post of the plan's own terms is refused, and changes nothing.
    forged = {**rollup, f"i{ind.pk}-version": "2", f"i{ind.pk}-name": "改名"}
    r = c.post(f"/plans/{world.plan.pk}/review/{ind.pk}/", forged, **HX)
    ind.refresh_from_db()
    assert ind.name == "规模以上工业企业数字化转型比例" and ind.version == 2
