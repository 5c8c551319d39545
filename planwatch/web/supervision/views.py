"""督办 screens: list (overdue first), open, detail with replies, close."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planwatch import clock
from planwatch.web.accounts.permissions import require, scope_of
from planwatch.web.errors import InvalidInput
from planwatch.web.plans.permissions import can_import_plan, can_manage_plan, visible_plans
from planwatch.web.supervision import selectors, services
from planwatch.web.supervision.forms import OpenItemForm, ReplyForm
from planwatch.web.supervision.permissions import can_reply_supervision


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    items = list(selectors.item_list(request.user))
    for item in items:
        item.overdue = item.is_overdue(today)
    items.sort(key=lambda i: (i.state == "closed", not i.overdue, i.deadline))
    return render(
        request,
        "supervision/list.html",
        {"items": items, "can_open": can_import_plan(request.user)},
    )


def _managed_plans(user):
    s = scope_of(user)
    plans = visible_plans(user)
    return plans if s.is_admin else plans.filter(region_id__in=s.planner_regions)


@login_required
@require_http_methods(["GET", "POST"])
def open_item(request: HttpRequest) -> HttpResponse:
    require(can_import_plan(request.user), "只有牵头部门可以发起督办")
    initial = {k: request.GET[k] for k in ("plan", "indicator", "unit") if k in request.GET}
    form = OpenItemForm(request.POST or None, plans=_managed_plans(request.user), initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        require(can_manage_plan(request.user, d["plan"]))
        item = services.open_item(
            user=request.user,
            plan=d["plan"],
            unit=d["unit"],
            title=d["title"],
            instruction=d["instruction"],
            deadline=d["deadline"],
            indicator=d["indicator"],
        )
        messages.success(request, _("已发起督办"))
        return redirect("supervision:detail", item_id=item.pk)
    return render(request, "supervision/open.html", {"form": form})


@login_required
def detail(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.get_item(request.user, item_id)
    item.overdue = item.is_overdue()
    ctx = {
        "item": item,
        "replies": item.replies.select_related("author"),
        "reply_form": ReplyForm(),
        "can_reply": can_reply_supervision(request.user, item),
        "can_close": can_manage_plan(request.user, item.plan) and item.state != "closed",
    }
    return render(request, "supervision/detail.html", ctx)


@login_required
@require_POST
def reply(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.get_item(request.user, item_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("回复内容不能为空", "reply text is required")
    services.reply(user=request.user, item=item, text=form.cleaned_data["text"])
    messages.success(request, _("已回复"))
    return redirect("supervision:detail", item_id=item.pk)


@login_required
@require_POST
def close(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.get_item(request.user, item_id)
    services.close(user=request.user, item=item, note=request.POST.get("note", ""))
    messages.success(request, _("已办结"))
    return redirect("supervision:detail", item_id=item.pk)
