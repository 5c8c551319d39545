"""Forms of the plan screens: import, indicator review, target adjustment, assignment."""

from __future__ import annotations

from django import forms
from django.conf import settings

from planwatch.web.accounts.models import Unit
from planwatch.web.monitoring.models import Frequency
from planwatch.web.plans.models import Indicator, Plan
from planwatch.web.regions.models import Region

PLAN_FILE_TYPES = (".json", ".txt", ".docx", ".pdf", ".html", ".htm")


class ImportForm(forms.Form):
    file = forms.FileField(label="规划文件（JSON 或 .txt/.docx/.pdf/.html）")
    region = forms.ModelChoiceField(Region.objects.filter(valid_to__isnull=True), label="所属地区")
    upper_plan = forms.ModelChoiceField(Plan.objects.all(), required=False, label="上位规划")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(PLAN_FILE_TYPES):
            raise forms.ValidationError("文件类型不支持，请上传 " + "、".join(PLAN_FILE_TYPES))
        limit = settings.MAX_UPLOAD_BYTES * 5
        if f.size > limit:
            raise forms.ValidationError("文件过大")
        return f


class IndicatorReviewForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "nature",
            "direction",
            "aggregation",
            "baseline_year",
            "baseline_value",
        ]


class TargetAdjustForm(forms.Form):
    value = forms.FloatField(label="新目标值")
    year = forms.IntegerField(label="目标年", required=False)
    reason = forms.CharField(label="调整原因", widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.select_related("region"), label="责任单位")
    cooperating = forms.ModelMultipleChoiceField(
        Unit.objects.all(), required=False, label="配合单位"
    )
    frequency = forms.ChoiceField(choices=Frequency.choices, label="填报频率")
    due_days = forms.IntegerField(
        label="截止日期（期末后天数）", initial=30, min_value=0, max_value=365
    )
    section = forms.ChoiceField(required=False, label="按章节（该章节的全部指标和任务）")
    category = forms.ChoiceField(required=False, label="按项目类别")
    indicators = forms.MultipleChoiceField(required=False, label="或逐个选择指标")

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "—")] + [(s.pk, str(s)) for s in plan.sections.all()]
        categories = sorted({c for p in plan.projects.all() for c in p.category})
        self.fields["category"].choices = [("", "—")] + [(c, c) for c in categories]
        self.fields["indicators"].choices = [(i.pk, i.name) for i in plan.indicators.all()]
