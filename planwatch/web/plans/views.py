"""Plan screens: import → review → publish, targets, the link to an upper plan.

Views parse input, call one service or page-context function, and render.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planwatch.web.accounts.permissions import require
from planwatch.web.errors import Conflict, InvalidInput, NotFound, WorkflowError, in_page_language
from planwatch.web.ids import parse_id, posted_version
from planwatch.web.jobs.models import Job
from planwatch.web.jobs.services import start_job
from planwatch.web.plans import corrections, selectors, services
from planwatch.web.plans.forms import (
    ImportForm,
    IndicatorReviewForm,
    IndicatorRollupForm,
    ProjectReviewForm,
    TargetAdjustForm,
    TaskReviewForm,
)
from planwatch.web.plans.models import YEAR_RANGE, Target
from planwatch.web.plans.permissions import can_import_plan, can_manage_plan
from planwatch.web.plans.tasks import import_plan_job


@login_required
@require_http_methods(["GET", "POST"])
def import_plan(request: HttpRequest) -> HttpResponse:
    require(can_import_plan(request.user), "只有牵头部门可以导入规划")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # Reading and extracting a large document takes minutes: the worker does it, and the
        # answer is the job's page, which follows its progress and links the draft when done.
        upload, upper = form.cleaned_data["file"], form.cleaned_data["upper_plan"]
        require(
            can_import_plan(request.user, form.cleaned_data["region"]), "您不能为该地区导入规划"
        )
        job = start_job(
            user=request.user,
            kind=Job.Kind.PLAN_IMPORT,
            task=import_plan_job,
            subject=upload.name,
            upload=upload,
            filename=upload.name,
            region_id=form.cleaned_data["region"].pk,
            upper_plan_id=upper.pk if upper else None,
        )
        return redirect("jobs:detail", job_id=job.pk)
    return render(request, "plans/import.html", {"form": form})


def _managed_plan(request: HttpRequest, plan_id: int):
    plan = selectors.get_plan(request.user, plan_id)
    require(can_manage_plan(request.user, plan), "只有牵头部门可以管理该规划")
    return plan


@login_required
def review(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _managed_plan(request, plan_id)
    ctx = {
        "plan": plan,
        "rows": [_item_row(i, plan) for i in selectors.plan_indicators(plan)],
        "projects": [_item_row(p, plan) for p in plan.projects.all()],
        "tasks": [_item_row(t, plan) for t in plan.tasks.all()],
    }
    return render(request, "plans/review.html", ctx)


@login_required
@require_POST
def review_indicator(request: HttpRequest, plan_id: int, indicator_id: int) -> HttpResponse:
    return _edit_item(request, plan_id, "indicator", indicator_id)


def _posted_targets(request: HttpRequest, indicator) -> dict[int, tuple[float, int | None]]:
    """Targets corrected on a draft plan's review row (fields target-<id>-value / -year)."""
    out = {}
    for target in indicator.current_targets():
        raw_value = request.POST.get(f"target-{target.pk}-value")
        raw_year = request.POST.get(f"target-{target.pk}-year")
        if raw_value is None:
            continue
        try:
            year = int(raw_year) if raw_year else None
            if year is not None and not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
                raise ValueError(raw_year)
            out[target.pk] = (float(raw_value), year)
        except ValueError as err:
            raise InvalidInput(
                f"目标值或目标年无效：{raw_value} / {raw_year}",
                f"invalid target value or year: {raw_value} / {raw_year}",
            ) from err
    return out


def _with_context(indicator, source_text: str):
    """Each evidence quote with ±60 characters of the source around it, to check it in place."""
    out = []
    for ev in indicator.evidence or []:
        start, end = ev.get("start"), ev.get("end")
        if (
            source_text
            and isinstance(start, int)
            and isinstance(end, int)
            and end <= len(source_text)
        ):
            out.append(
                {
                    "before": source_text[max(0, start - 60) : start],
                    "quote": source_text[start:end],
                    "after": source_text[end : end + 60],
                }
            )
        else:
            out.append({"before": "", "quote": ev.get("quote", ""), "after": ""})
    indicator.evidence_context = out
    return indicator


# --- projects and tasks on the review screen (HTMX rows; without JavaScript, whole pages) ----

_KINDS = {model: kind for kind, model in corrections.KINDS.items()}
# An error on an HTMX row comes back as the row itself, with the message and the input kept.
_ROW_ERRORS = (InvalidInput, Conflict, WorkflowError)


def _review_form(kind: str, plan, item, data=None):
    form_class: type[forms.ModelForm[Any]]
    if kind == "indicator":
        form_class = IndicatorRollupForm if plan.is_published else IndicatorReviewForm
    else:
        form_class = ProjectReviewForm if kind == "project" else TaskReviewForm
    return form_class(
        data, instance=item, initial={"version": item.version}, prefix=f"{kind[0]}{item.pk}"
    )


def _item_row(item, plan, *, form=None, saved: bool = False, error: str = "") -> dict:
    kind = _KINDS[type(item)]
    if kind == "indicator" and not hasattr(item, "current"):
        item.current = list(item.current_targets())
    _with_context(item, plan.source_text)
    form = form or _review_form(kind, plan, item)
    return {"kind": kind, "item": item, "form": form, "saved": saved, "error": error}


def _render_row(request: HttpRequest, plan, row: dict, status: int = 200) -> HttpResponse:
    template = f"plans/_review_{row['kind']}.html"
    return render(request, template, {"row": row, "plan": plan}, status=status)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _reviewed_item(plan, kind: str, item_id: int):
    items = {"indicator": plan.indicators, "project": plan.projects, "task": plan.tasks}[kind]
    item = items.filter(pk=item_id).first()
    if item is None:
        zh, en = corrections.WHAT[corrections.KINDS[kind]]
        raise NotFound(f"{zh}不存在或已被删除", f"{en} not found")
    return item


def _update(request: HttpRequest, kind: str, item, form):
    """The review service of ``kind`` with the form's values (and a draft indicator's targets)."""
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        raise InvalidInput(
            f"输入有误：{first}", f"Invalid input: {first}", details=form.errors.get_json_data()
        )
    args = {
        "user": request.user,
        "expected_version": form.cleaned_data["version"],
        "changes": {f: form.cleaned_data[f] for f in form.Meta.fields},
        kind: item,
    }
    if kind == "indicator":
        return corrections.update_indicator(**args, targets=_posted_targets(request, item))
    return (corrections.update_project if kind == "project" else corrections.update_task)(**args)


def _edit_item(request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
    plan = _managed_plan(request, plan_id)
    item = _reviewed_item(plan, kind, item_id)
    form = _review_form(kind, plan, item, request.POST)
    try:
        item = _update(request, kind, item, form)
    except _ROW_ERRORS as err:
        if not _is_htmx(request):
            raise
        row = _item_row(item, plan, form=form, error=in_page_language(err))
        return _render_row(request, plan, row, status=err.status)
    if not _is_htmx(request):
        messages.success(request, _("已保存：%(item)s") % {"item": item})
        return redirect("plans:review", plan_id=plan.pk)
    return _render_row(request, plan, _item_row(item, plan, saved=True))


def _delete_item(request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
    plan = _managed_plan(request, plan_id)
    item = _reviewed_item(plan, kind, item_id)
    delete = corrections.delete_project if kind == "project" else corrections.delete_task
    try:
        version = posted_version(request.POST.get("version"))
        delete(user=request.user, expected_version=version, **{kind: item})
    except _ROW_ERRORS as err:
        if not _is_htmx(request):
            raise
        row = _item_row(item, plan, error=in_page_language(err))
        return _render_row(request, plan, row, status=err.status)
    if not _is_htmx(request):
        messages.success(request, _("已删除：%(item)s") % {"item": item})
        return redirect("plans:review", plan_id=plan.pk)
    return HttpResponse("")  # the row's outerHTML swap removes it


@login_required
@require_POST
def review_project(request: HttpRequest, plan_id: int, project_id: int) -> HttpResponse:
    return _edit_item(request, plan_id, "project", project_id)


@login_required
@require_POST
def delete_project(request: HttpRequest, plan_id: int, project_id: int) -> HttpResponse:
    return _delete_item(request, plan_id, "project", project_id)


@login_required
@require_POST
def review_task(request: HttpRequest, plan_id: int, task_id: int) -> HttpResponse:
    return _edit_item(request, plan_id, "task", task_id)


@login_required
@require_POST
def delete_task(request: HttpRequest, plan_id: int, task_id: int) -> HttpResponse:
    return _delete_item(request, plan_id, "task", task_id)


@login_required
@require_POST
def publish(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _managed_plan(request, plan_id)
    raw = request.POST.get("version")
    version = posted_version(raw) if raw else plan.version
    services.publish_plan(user=request.user, plan=plan, expected_version=version)
    messages.success(request, _("规划已发布"))
    return redirect("portal:plan", plan_id=plan.pk)


@login_required
@require_POST
def adjust_target(request: HttpRequest, target_id: int) -> HttpResponse:
    target = Target.objects.select_related("indicator__plan").filter(pk=target_id).first()
    if target is None:
        raise NotFound("目标值不存在", "target not found")
    selectors.get_indicator(request.user, target.indicator_id)
    form = TargetAdjustForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("请填写新目标值和调整原因", details=form.errors.get_json_data())
    services.adjust_target(user=request.user, target=target, **form.cleaned_data)
    messages.success(request, _("目标值已调整，原目标保留在历史中"))
    return redirect("portal:indicator", indicator_id=target.indicator_id)


@login_required
@require_POST
def link_upper(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _managed_plan(request, plan_id)
    raw = request.POST.get("upper_plan", "").strip()
    upper_id = parse_id(raw)
    if raw and upper_id is None:
        raise InvalidInput(f"上位规划编号无效：{raw}", f"invalid upper plan id: {raw}")
    upper = selectors.get_plan(request.user, upper_id) if upper_id else None
    services.link_upper_plan(user=request.user, plan=plan, upper_plan=upper)
    messages.success(request, _("已更新上位规划"))
    return redirect("portal:plan", plan_id=plan.pk)
