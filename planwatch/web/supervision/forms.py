from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from planwatch.web.accounts.models import Unit
from planwatch.web.plans.models import Indicator, Plan


class OpenItemForm(forms.Form):
    plan = forms.ModelChoiceField(Plan.objects.all(), label=_("规划"))
    indicator = forms.ModelChoiceField(Indicator.objects.all(), required=False, label=_("滞后指标"))
    unit = forms.ModelChoiceField(Unit.objects.all(), label=_("督办单位"))
    title = forms.CharField(label=_("督办事项"), max_length=255)
    instruction = forms.CharField(label=_("督办要求"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("办理时限"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["plan"]).queryset = plans
        indicators = Indicator.objects.filter(plan__in=plans)
        cast(forms.ModelChoiceField, self.fields["indicator"]).queryset = indicators


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("办理情况"), widget=forms.Textarea(attrs={"rows": 3}))
