"""Reporting screens: 我的填报任务, the report form, Excel template/upload, the review queue."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planwatch import clock
from planwatch.web.accounts.permissions import require
from planwatch.web.errors import InvalidInput, NotFound, in_page_language
from planwatch.web.ids import posted_version
from planwatch.web.jobs.models import Job
from planwatch.web.jobs.services import start_job
from planwatch.web.monitoring import excel, runs, selectors, services, shares
from planwatch.web.monitoring.forms import AssignForm, ReportForm, ReviewForm, RunForm, UploadForm
from planwatch.web.monitoring.models import Observation, ReportState
from planwatch.web.monitoring.permissions import can_edit_observation
from planwatch.web.plans import selectors as plan_selectors
from planwatch.web.plans.permissions import can_manage_plan
from planwatch.web.projects import selectors as project_selectors
from planwatch.web.regions.models import Region


@login_required
def tasks(request: HttpRequest) -> HttpResponse:
    items = selectors.reporting_tasks(request.user)
    ctx = {
        "tasks": items,
        "upload_form": UploadForm(),
        "project_tasks": project_selectors.project_tasks(request.user),
    }
    return render(request, "monitoring/tasks.html", ctx)


def _current(assignment, period: str, series: str = "") -> Observation | None:
    return Observation.objects.filter(
        indicator_id=assignment.indicator_id,
        unit_id=assignment.unit_id,
        period=period,
        series=series,
        state__in=[ReportState.DRAFT, ReportState.SUBMITTED, ReportState.REJECTED],
    ).first()


def after_save(
    request: HttpRequest, submit: Callable[[], object], back: HttpResponse
) -> HttpResponse:
    """After a report (value or project progress) was saved as a draft: submit it if the user
    pressed 提交 — back to the form with the reason if it cannot go yet — else stay on it."""
    if request.POST.get("action") != "submit":
        messages.success(request, _("草稿已保存"))
        return back
    try:
        submit()
    except InvalidInput as err:
        messages.error(request, in_page_language(err))
        return back
    messages.success(request, _("已提交，等待审核"))
    return redirect("monitoring:tasks")


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, assignment_id: int, period: str) -> HttpResponse:
    assignment = selectors.get_assignment(request.user, assignment_id)
    services.check_period(assignment, period)  # a URL period the assignment has not: 400 now
    current = _current(assignment, period)
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            obs = services.save_draft(
                user=request.user,
                assignment=assignment,
                period=period,
                value=data["value"],
                series=data["series"],
                source=data["source"],
                note=data["note"],
                lag_reason=data["lag_reason"],
                next_steps=data["next_steps"],
                evidence=data["evidence"],
                expected_version=data["version"],
            )
            return after_save(
                request,
                lambda: services.submit(
                    user=request.user, observation=obs, expected_version=obs.version
                ),
                redirect("monitoring:report", assignment_id=assignment.pk, period=period),
            )
    else:
        initial = {}
        if current is not None:
            initial = {
                f: getattr(current, f)
                for f in (
                    "value",
                    "series",
                    "source",
                    "note",
                    "lag_reason",
                    "next_steps",
                    "version",
                )
            }
        form = ReportForm(initial=initial)
    ctx = {
        "assignment": assignment,
        "period": period,
        "form": form,
        "current": current,
        "due": assignment.due_date(period),
    }
    return render(request, "monitoring/report.html", ctx)


@login_required
def template_xlsx(request: HttpRequest) -> HttpResponse:
    data = excel.build_template(request.user)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''tianbao-template.xlsx"
    return response


@login_required
@require_POST
def upload_xlsx(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("monitoring:tasks")
    try:
        result = excel.upload(
            user=request.user,
            data=form.cleaned_data["file"].read(),
            submit=form.cleaned_data["submit"],
        )
    except InvalidInput as err:
        ctx = {"message": in_page_language(err), "errors": err.details or [], "upload_form": form}
        return render(request, "monitoring/upload_errors.html", ctx, status=400)
    counts = {"saved": result.saved, "submitted": result.submitted}
    if result.submitted:
        messages.success(
            request, _("已保存 %(saved)s 条数据，其中 %(submitted)s 条已提交审核") % counts
        )
    else:
        messages.success(request, _("已保存 %(saved)s 条数据") % counts)
    for w in result.warnings[:20]:
        messages.warning(request, _("第 %(row)s 行：%(message)s") % w)
    return redirect("monitoring:tasks")


@login_required
@require_POST
def submit(request: HttpRequest, observation_id: int) -> HttpResponse:
    obs = selectors.get_observation(request.user, observation_id)
    services.submit(
        user=request.user,
        observation=obs,
        expected_version=posted_version(request.POST.get("version")),
    )
    messages.success(request, _("已提交，等待审核"))
    return redirect("monitoring:tasks")


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    queue = list(selectors.review_queue(request.user))
    for obs in queue:
        obs.behind = services.needs_explanation(obs)
    projects = list(project_selectors.review_queue(request.user))
    return render(request, "monitoring/review.html", {"queue": queue, "projects": projects})


@login_required
@require_POST
def decide(request: HttpRequest, observation_id: int, decision: str) -> HttpResponse:
    obs = selectors.get_observation(request.user, observation_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("请求缺少版本号", "missing version")
    version, comment = form.cleaned_data["version"], form.cleaned_data["comment"]
    if decision == "approve":
        services.approve(
            user=request.user, observation=obs, expected_version=version, comment=comment
        )
    else:
        services.reject(
            user=request.user, observation=obs, expected_version=version, comment=comment
        )
    if request.headers.get("HX-Request"):
        return render(request, "monitoring/_decided.html", {"obs": obs})
    messages.success(request, _("已审核通过") if decision == "approve" else _("已退回"))
    return redirect("monitoring:review_queue")


@login_required
def evidence(request: HttpRequest, observation_id: int) -> FileResponse:
    obs = selectors.get_observation(request.user, observation_id)
    if not obs.evidence:
        raise NotFound("没有佐证材料", "no evidence attached")
    require(obs.state != ReportState.DRAFT or can_edit_observation(request.user, obs))
    return FileResponse(
        obs.evidence.open("rb"), as_attachment=True, filename=obs.evidence.name.rsplit("/", 1)[-1]
    )


# --- frozen evaluation runs ------------------------------------------------------------------


@login_required
@require_POST
def run_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_selectors.get_plan(request.user, plan_id)
    form = RunForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(
            "；".join(str(e) for errs in form.errors.values() for e in errs), "invalid run request"
        )
    run = runs.freeze(
        user=request.user,
        plan=plan,
        as_of=form.cleaned_data["as_of"],
        method=form.cleaned_data["method"],
    )
    messages.success(request, _("已保存评估结果（基准日 %(as_of)s）") % {"as_of": run.as_of})
    return redirect("monitoring:run", run_id=run.pk)


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = runs.get_run(request.user, run_id)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "id": run.pk,
                "plan": run.plan_id,
                "as_of": run.as_of.isoformat(),
                "method": run.method,
                "plan_version": run.plan_version,
                "fingerprint": run.fingerprint,
                "created_at": run.created_at.isoformat(),
                "created_by": str(run.created_by or ""),
                "summary": run.summary,
                "inputs": run.inputs,
                "result": run.result,
            },
            json_dumps_params={"ensure_ascii": False},
        )
    others = run.plan.evaluation_runs.exclude(pk=run.pk).only("pk", "as_of", "created_at")[:50]
    ctx = {
        "run": run,
        "indicators": run.result.get("indicators", []),
        "projects": run.result.get("projects", []),
        "others": others,
        "observation_count": len(run.inputs.get("observations", [])),
    }
    return render(request, "monitoring/run.html", ctx)


@login_required
def run_compare(request: HttpRequest, run_id: int) -> HttpResponse:
    new = runs.get_run(request.user, run_id)
    try:
        other_id = int(request.GET.get("with", ""))
    except ValueError as err:
        raise InvalidInput("请选择要比较的评估结果", "choose a run to compare with") from err
    old = runs.get_run(request.user, other_id)
    if old.plan_id != new.plan_id:
        raise InvalidInput("只能比较同一规划的评估结果", "runs of different plans")
    if old.as_of > new.as_of or (old.as_of == new.as_of and old.pk > new.pk):
        old, new = new, old
    rows = runs.compare(old, new)
    ctx = {"old": old, "new": new, "rows": rows, "changed": sum(r["changed"] for r in rows)}
    return render(request, "monitoring/run_compare.html", ctx)


@login_required
@require_POST
def shares_save(request: HttpRequest, indicator_id: int) -> HttpResponse:
    """Save the decomposition of an indicator's target over the lower regions."""
    indicator = plan_selectors.get_indicator(request.user, indicator_id)
    values: dict[int, tuple[str, str]] = {}
    for key in request.POST:
        if key.startswith("target_") and key[7:].isdigit():
            region_id = int(key[7:])
            values[region_id] = (
                request.POST.get(f"baseline_{region_id}", "").strip(),
                request.POST.get(key, "").strip(),
            )
    count = shares.decompose(user=request.user, indicator=indicator, values=values)
    messages.success(request, _("已保存 %(count)s 个地区的分解目标") % {"count": count})
    return redirect("portal:indicator", indicator_id=indicator.pk)


@login_required
def runs_index(request: HttpRequest) -> HttpResponse:
    """Saved runs the user may see (those of one queued batch with ``?job=``), and the form
    that evaluates every published plan of a region in the background."""
    qs = runs.visible_runs(request.user)
    job_id = request.GET.get("job", "")
    if job_id.isascii() and job_id.isdigit():
        qs = qs.filter(job_id=int(job_id))
    ctx = {
        "runs": list(qs[:200]),
        "regions": runs.regions_to_evaluate(request.user),
        "form": RunForm(),
        "as_of": clock.today().isoformat(),
    }
    return render(request, "monitoring/runs.html", ctx)


@login_required
@require_POST
def runs_batch(request: HttpRequest) -> HttpResponse:
    form = RunForm(request.POST)
    region_id = request.POST.get("region", "")
    if not form.is_valid() or not (region_id.isascii() and region_id.isdigit()):
        raise InvalidInput("请选择地区并填写有效的评估基准日", "choose a region and a valid date")
    region_id_int = int(region_id)
    plans = runs.managed_plans(request.user, region_id_int)  # permission and emptiness, now
    if not plans:
        raise InvalidInput("该地区没有已发布的规划", "no published plans in that region")
    as_of = form.cleaned_data["as_of"] or clock.today()
    job = start_job(
        user=request.user,
        kind=Job.Kind.EVALUATION,
        task=runs.evaluate_region_job,
        subject=f"{Region.objects.get(pk=region_id_int).name} · {len(plans)} 部规划 · {as_of}",
        region_id=region_id_int,
        as_of=as_of.isoformat(),
        method=form.cleaned_data["method"],
    )
    return redirect("jobs:detail", job_id=job.pk)


# --- assignments -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_selectors.get_plan(request.user, plan_id)
    require(can_manage_plan(request.user, plan), "只有牵头部门可以管理该规划")
    form = AssignForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        indicators = plan.indicators.filter(pk__in=data["indicators"] or [])
        if data["section"]:
            indicators = indicators | plan.indicators.filter(section_id=data["section"])
        projects = [p for p in plan.projects.all() if data["category"] in p.category]
        tasks = plan.tasks.filter(section_id=data["section"]) if data["section"] else []
        assigned = services.assign(
            user=request.user,
            plan=plan,
            unit=data["unit"],
            indicators=indicators.distinct(),
            projects=projects if data["category"] else [],
            tasks=tasks,
            frequency=data["frequency"],
            due_days=data["due_days"],
            cooperating=data["cooperating"],
        )
        done = {"unit": data["unit"], "n": len(assigned)}
        messages.success(request, _("已为「%(unit)s」分配 %(n)s 项") % done)
        return redirect("monitoring:assign", plan_id=plan.pk)
    assignments = plan.assignments.select_related("indicator", "project", "task", "unit")
    return render(
        request, "monitoring/assign.html", {"plan": plan, "form": form, "assignments": assignments}
    )
