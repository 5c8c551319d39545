"""User administration (系统管理员) and API tokens (every signed-in user, for themselves)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planwatch.web.accounts import services, throttling
from planwatch.web.accounts.admin_forms import GrantForm, NewUserForm, TokenForm, UnitForm
from planwatch.web.accounts.models import ApiToken, RoleGrant, Unit, User
from planwatch.web.accounts.permissions import can_manage_users, require
from planwatch.web.accounts.requests import SignedInRequest
from planwatch.web.errors import InvalidInput, NotFound


@login_required
@require_http_methods(["GET", "POST"])
def users(request: HttpRequest) -> HttpResponse:
    require(can_manage_users(request.user), "只有系统管理员可以管理用户")
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if User.objects.filter(username=d["username"]).exists():
            form.add_error("username", _("用户名已存在"))
        else:
            services.create_user(
                actor=request.user,
                username=d["username"],
                password=d["password"],
                display_name=d["display_name"],
            )
            messages.success(request, _("已创建用户 %(username)s") % {"username": d["username"]})
            return redirect("accounts:users")
    people = list(
        User.objects.prefetch_related("grants__unit", "grants__region").order_by("username")
    )
    locked = throttling.locked_addresses()
    for person in people:
        person.locked_from = locked.get(person.username, [])
    return render(
        request,
        "accounts/users.html",
        {
            "people": people,
            "form": form,
            "grant_form": GrantForm(),
            "unit_form": UnitForm(),
            "units": Unit.objects.select_related("region"),
        },
    )


@login_required
@require_POST
def grant(request: HttpRequest, user_id: int) -> HttpResponse:
    require(can_manage_users(request.user), "只有系统管理员可以授权")
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise NotFound("用户不存在", "user not found")
    form = GrantForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("授权信息有误", details=form.errors.get_json_data())
    services.grant_role(actor=request.user, user=user, **form.cleaned_data)
    messages.success(request, _("已为 %(user)s 授权") % {"user": user})
    return redirect("accounts:users")


@login_required
@require_POST
def unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    require(can_manage_users(request.user), "只有系统管理员可以解除登录锁定")
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise NotFound("用户不存在", "user not found")
    services.unlock_login(actor=request.user, user=user)
    messages.success(request, _("已解除 %(user)s 的登录锁定") % {"user": user})
    return redirect("accounts:users")


@login_required
@require_POST
def revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    require(can_manage_users(request.user), "只有系统管理员可以撤销授权")
    g = RoleGrant.objects.select_related("user").filter(pk=grant_id).first()
    if g is None:
        raise NotFound("授权不存在", "grant not found")
    services.revoke_role(actor=request.user, grant=g)
    messages.success(request, _("已撤销授权"))
    return redirect("accounts:users")


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: SignedInRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        new_key = services.issue_token(
            actor=request.user, user=request.user, name=form.cleaned_data["name"]
        )
        form = TokenForm()
    mine = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(
        request, "accounts/tokens.html", {"form": form, "tokens": mine, "new_key": new_key}
    )


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    services.revoke_token(actor=request.user, token_id=token_id)
    messages.success(request, _("令牌已撤销"))
    return redirect("accounts:tokens")


@login_required
@require_POST
def create_unit(request: HttpRequest) -> HttpResponse:
    require(can_manage_users(request.user), "只有系统管理员可以新建单位")
    form = UnitForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("单位信息有误", details=form.errors.get_json_data())
    unit = services.create_unit(actor=request.user, **form.cleaned_data)
    messages.success(request, _("已新建单位 %(unit)s") % {"unit": unit})
    return redirect("accounts:users")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password.html"
    success_url = reverse_lazy("portal:home")

    def form_valid(self, form):
        messages.success(self.request, _("密码已修改"))
        return super().form_valid(form)
