"""Project progress reports: stage, investment completed and a narrative, under the same
draft → submitted → approved/rejected workflow as indicator observations.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwatch.web.accounts.models import Unit
from planwatch.web.errors import WorkflowError
from planwatch.web.monitoring.models import ReportState
from planwatch.web.plans.models import Project


class ProjectReport(models.Model):
    class Stage(models.TextChoices):
        NOT_STARTED = "not_started", _("未开工")
        PREPARING = "preparing", _("前期")
        BUILDING = "building", _("在建")
        DONE = "done", _("已完工")

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="project_reports")
    period = models.CharField("期间", max_length=10)
    stage = models.CharField("阶段", max_length=16, choices=Stage.choices)
    investment_completed = models.FloatField("累计完成投资", null=True, blank=True)
    progress_note = models.TextField("进展情况", blank=True)
    lag_reason = models.TextField("滞后原因", blank=True)
    next_steps = models.TextField("下一步措施", blank=True)
    evidence = models.FileField("佐证材料", upload_to="project-evidence/%Y/%m/", blank=True)
    state = models.CharField(max_length=16, choices=ReportState.choices, default=ReportState.DRAFT)
    version = models.PositiveIntegerField(default=1)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project_id", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "unit", "period"],
                condition=models.Q(state__in=["draft", "submitted", "rejected"]),
                name="project_report_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.period} {self.get_stage_display()}"

    def delete(self, *args, **kwargs):
        if self.state in (ReportState.APPROVED, ReportState.SUPERSEDED):
            raise WorkflowError(
                "已审核通过的项目进展不能删除", "approved reports cannot be deleted"
            )
        return super().delete(*args, **kwargs)
