"""Login form: Django's, with the platform's messages and the lock's reason when axes refuses."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from planwatch.web.accounts.throttling import LOCKED_MESSAGE


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码错误。"),
        "inactive": _("该账号已停用。"),
        "locked": LOCKED_MESSAGE,
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            # axes flags the request when this failure reached the limit or the account and
            # address were locked already (then the password was not even checked).
            if getattr(self.request, "axes_locked_out", False):
                raise forms.ValidationError(self.error_messages["locked"], code="locked") from None
            raise
