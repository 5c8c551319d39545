"""督查督办: a lagging indicator or an overdue task sent to a unit with a deadline, its replies
and its closing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwatch import clock
from planwatch.web.accounts.models import Unit
from planwatch.web.plans.models import Indicator, Plan, Project, Task


class SupervisionItem(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("办理中")
        REPLIED = "replied", _("已回复")
        CLOSED = "closed", _("已办结")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="supervision_items")
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.CASCADE)
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE)
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="supervision_items")
    title = models.CharField("督办事项", max_length=255)
    instruction = models.TextField("督办要求")
    deadline = models.DateField("办理时限")
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField("办结意见", blank=True)
    overdue: bool  # not a column: set by the views for the templates (is_overdue on a day)

    class Meta:
        ordering = ["state", "deadline"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or clock.today()
        return self.state != self.State.CLOSED and self.deadline < today


class SupervisionReply(models.Model):
    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField("办理情况")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]
