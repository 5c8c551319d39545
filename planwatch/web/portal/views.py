"""The public face: the home page, and the plan and indicator pages (cached for the public)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from planwatch.web.errors import error_body
from planwatch.web.ids import parse_id
from planwatch.web.plans.forms import TargetAdjustForm
from planwatch.web.plans.selectors import plan_list
from planwatch.web.portal import pages
from planwatch.web.portal.cache import public_page


def home(request: HttpRequest) -> HttpResponse:
    plans = list(plan_list(request.user))
    if request.GET.get("format") == "json":
        data = [
            {"id": p.pk, "title": p.title, "region": p.region.name, "status": p.status}
            for p in plans
        ]
        return JsonResponse({"plans": data}, json_dumps_params={"ensure_ascii": False})
    return render(request, "portal/home.html", {"plans": plans})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if request.path.startswith("/api/"):
        body = error_body("csrf_failed", "CSRF 校验失败，请刷新页面后重试", reason)
        return JsonResponse(body, status=403, json_dumps_params={"ensure_ascii": False})
    return render(request, "403_csrf.html", status=403)


@public_page
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    ctx = pages.plan_context(request.user, plan_id)
    if request.GET.get("format") == "json":
        return JsonResponse(pages.plan_json(ctx), json_dumps_params={"ensure_ascii": False})
    return render(request, "plans/plan.html", ctx)


@public_page
def indicator_detail(request: HttpRequest, indicator_id: int) -> HttpResponse:
    unit_id = parse_id(request.GET.get("unit"))
    ctx = pages.indicator_context(request.user, indicator_id, unit_id=unit_id)
    if request.GET.get("format") == "json":
        return JsonResponse(pages.indicator_json(ctx), json_dumps_params={"ensure_ascii": False})
    ctx["adjust_form"] = TargetAdjustForm()
    return render(request, "plans/indicator.html", ctx)
