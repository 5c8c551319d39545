from django import forms
from django.utils.translation import gettext_lazy as _

from planwatch.web.projects.models import ProjectReport


class ProjectReportForm(forms.Form):
    stage = forms.ChoiceField(label=_("建设阶段"), choices=ProjectReport.Stage.choices)
    investment_completed = forms.FloatField(
        label=_("累计完成投资（亿元）"), required=False, min_value=0
    )
    progress_note = forms.CharField(
        label=_("进展情况"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lag_reason = forms.CharField(
        label=_("滞后原因"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_steps = forms.CharField(
        label=_("下一步措施"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label=_("佐证材料"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
