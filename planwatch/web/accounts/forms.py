"""Login form with throttling: too many failures lock the username and the address."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from planwatch.errors import PermissionDenied
from planwatch.web.accounts import services
from planwatch.web.errors import in_page_language


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request else ""


class ThrottledLoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码错误。"),
        "inactive": _("该账号已停用。"),
    }

    def clean(self):
        username = self.data.get("username", "")
        address = client_address(self.request)
        try:
            services.check_login_allowed(username=username, address=address)
        except PermissionDenied as err:
            raise forms.ValidationError(in_page_language(err), code="throttled") from err
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            services.login_failed(username=username, address=address)
            raise
        services.login_succeeded(username=username, address=address)
        return cleaned
