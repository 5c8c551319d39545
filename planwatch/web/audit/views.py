"""The audit log page, for administrators and 牵头部门."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from planwatch.web.accounts.permissions import require
from planwatch.web.audit.permissions import can_view_audit, visible_audit


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    require(can_view_audit(request.user), "只有系统管理员和牵头部门可以查看审计日志")
    qs = visible_audit(request.user).select_related("actor")
    if request.GET.get("type"):
        qs = qs.filter(object_type=request.GET["type"])
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"page": page})
