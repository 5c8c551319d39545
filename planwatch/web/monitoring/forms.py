"""The report form: one value for one period of one assignment."""

from typing import cast

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from planwatch.evaluation.numbers import NumberFormatError, parse_number
from planwatch.web.accounts.models import Unit
from planwatch.web.monitoring.models import Frequency
from planwatch.web.plans.models import Plan


class NumberField(forms.CharField):
    """A value as people type it (``1,234.5``, ``50%``, full-width digits), read by the core's
    one number rule; ``12,3`` or ``约50`` is refused with the rule's own reason."""

    def to_python(self, value):
        text = super().to_python(value)
        if text is None or text in self.empty_values:
            return None
        if len(text) > 64:
            raise forms.ValidationError(_("数值过长"), code="max_length")
        try:
            return parse_number(text)
        except NumberFormatError as err:
            reason = err.en if translation.get_language() == "en" else err.zh
            raise forms.ValidationError(reason, code="invalid") from err


class ReportForm(forms.Form):
    value = NumberField(
        label=_("数值"), widget=forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 64})
    )
    series = forms.CharField(label=_("分组（可选，如 城镇/农村）"), required=False, max_length=64)
    source = forms.CharField(label=_("数据来源"), required=False, max_length=255)
    note = forms.CharField(label=_("备注"), required=False, max_length=500)
    lag_reason = forms.CharField(
        label=_("滞后原因"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_steps = forms.CharField(
        label=_("下一步措施"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label=_("佐证材料"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("审核意见"), required=False, max_length=2000)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("填好的 Excel 模板（.xlsx）"))
    submit = forms.BooleanField(label=_("上传后直接提交审核"), required=False)

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 文件（使用下载的模板）"))
        return f


class RunForm(forms.Form):
    """Save an evaluation run: as of which date, by which method."""

    as_of = forms.DateField(
        label=_("评估基准日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    method = forms.ChoiceField(
        label=_("评估方法"),
        choices=[
            ("plan-path", _("规划路径法")),
            ("opensdg", _("Open SDG 增长率法")),
            ("projection", _("趋势外推法")),
        ],
        initial="plan-path",
        required=False,
    )

    def clean_method(self) -> str:
        return self.cleaned_data.get("method") or "plan-path"


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.select_related("region"), label=_("责任单位"))
    cooperating = forms.ModelMultipleChoiceField(
        Unit.objects.all(), required=False, label=_("配合单位")
    )
    frequency = forms.ChoiceField(choices=Frequency.choices, label=_("填报频率"))
    due_days = forms.IntegerField(
        label=_("截止日期（期末后天数）"), initial=30, min_value=0, max_value=365
    )
    section = forms.ChoiceField(required=False, label=_("按章节（该章节的全部指标和任务）"))
    category = forms.ChoiceField(required=False, label=_("按项目类别"))
    indicators = forms.MultipleChoiceField(required=False, label=_("或逐个选择指标"))

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        sections = [(s.pk, str(s)) for s in plan.sections.all()]
        cast(forms.ChoiceField, self.fields["section"]).choices = [("", "—"), *sections]
        categories = sorted({c for p in plan.projects.all() for c in p.category})
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            ("", "—"),
            *((c, c) for c in categories),
        ]
        indicators = [(i.pk, i.name) for i in plan.indicators.all()]
        cast(forms.ChoiceField, self.fields["indicators"]).choices = indicators
