"""The public face: the home page lists every plan the visitor may see."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from planwatch.web.errors import error_body
from planwatch.web.plans.selectors import plan_list


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
