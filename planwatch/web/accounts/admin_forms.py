"""Forms of the user administration screens (系统管理员 only)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from planwatch.web.accounts.models import Role, Unit
from planwatch.web.regions.models import Region


class NewUserForm(forms.Form):
    username = forms.SlugField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=64)
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput)

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


class GrantForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    unit = forms.ModelChoiceField(
        Unit.objects.select_related("region"), required=False, label=_("单位（填报员、审核员）")
    )
    region = forms.ModelChoiceField(
        Region.objects.filter(valid_to__isnull=True),
        required=False,
        label=_("地区（牵头部门、只读、审核员）"),
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("用途"), max_length=64)


class UnitForm(forms.Form):
    name = forms.CharField(label=_("单位名称"), max_length=128)
    region = forms.ModelChoiceField(
        Region.objects.filter(valid_to__isnull=True), label=_("所属地区")
    )
