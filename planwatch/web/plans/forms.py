"""Forms of the plan screens: import, indicator/project/task review, target adjustment,
assignment."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from planwatch.web.plans.corrections import (
    INDICATOR_FIELDS,
    PROJECT_FIELDS,
    ROLLUP_FIELDS,
    TASK_FIELDS,
)
from planwatch.web.plans.models import YEAR_RANGE, Indicator, Plan, Project, Target, Task
from planwatch.web.regions.models import Region

PLAN_FILE_TYPES = (".json", ".txt", ".docx", ".pdf", ".html", ".htm")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("规划文件（JSON 或 .txt/.docx/.pdf/.html）"))
    region = forms.ModelChoiceField(
        Region.objects.filter(valid_to__isnull=True), label=_("所属地区")
    )
    upper_plan = forms.ModelChoiceField(Plan.objects.all(), required=False, label=_("上位规划"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(PLAN_FILE_TYPES):
            types = "、".join(PLAN_FILE_TYPES)
            raise forms.ValidationError(_("文件类型不支持，请上传 %(types)s") % {"types": types})
        limit = settings.MAX_UPLOAD_BYTES * 5
        if f.size > limit:
            raise forms.ValidationError(_("文件过大"))
        return f


class IndicatorReviewForm(forms.ModelForm):
    """One extracted indicator of a draft plan; the rules are ``Indicator.clean``."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Indicator
        fields = list(INDICATOR_FIELDS)
        help_texts = {
            "numerator": _("比率指标：分子指标的编号或名称"),
            "denominator": _("比率指标：分母指标的编号或名称"),
        }


class IndicatorRollupForm(IndicatorReviewForm):
    """A published plan's indicator: only the platform's roll-up rule can still change."""

    class Meta(IndicatorReviewForm.Meta):
        fields = list(ROLLUP_FIELDS)


class TargetAdjustForm(forms.Form):
    value = forms.FloatField(label=_("新目标值"))
    year = forms.IntegerField(
        label=_("目标年"), required=False, min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1]
    )
    reason = forms.CharField(
        label=_("调整原因"),
        max_length=Target._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ListField(forms.CharField):
    """A short list typed on one line, items separated by 、 , ， ; ； or line breaks."""

    SEPARATORS = re.compile(r"[、,，;；\n]+")

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "、".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""  # empty_value may be None
        return [part.strip() for part in self.SEPARATORS.split(text) if part.strip()]


class ProjectReviewForm(forms.ModelForm):
    """One extracted project on the review screen; the rules are ``Project.clean``."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    category = ListField(label=_("类别"), required=False, help_text=_("多个类别用“、”分隔"))

    class Meta:
        model = Project
        fields = list(PROJECT_FIELDS)
        labels = {
            "name": _("项目名称"),
            "start_year": _("起始年"),
            "end_year": _("结束年"),
            "total_investment": _("总投资"),
            "responsible_unit_name": _("责任单位"),
        }
        widgets = {
            "start_year": forms.NumberInput(attrs={"min": YEAR_RANGE[0], "max": YEAR_RANGE[1]}),
            "end_year": forms.NumberInput(attrs={"min": YEAR_RANGE[0], "max": YEAR_RANGE[1]}),
            "total_investment": forms.NumberInput(attrs={"min": 0, "step": "any"}),
        }


class TaskReviewForm(forms.ModelForm):
    """One extracted task on the review screen: its text and the units the text names."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Task
        fields = list(TASK_FIELDS)
        labels = {"name": _("任务"), "responsible_unit_name": _("责任单位")}
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}

    def clean_responsible_unit_name(self) -> str:
        units = ListField(required=False).clean(self.cleaned_data["responsible_unit_name"])
        return "、".join(units)
