"""A Job: one piece of long work (an import, an evaluation over many plans, a report), who asked
for it, where it stands, and what it made or why it failed."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Kind(models.TextChoices):
        PLAN_IMPORT = "plan_import", _("导入规划")
        EVALUATION = "evaluation", _("评估运行")
        REPORT = "report", _("生成报告")
        REMINDER = "reminder", _("催报提醒")

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(max_length=32, choices=Kind.choices)
    subject = models.CharField(max_length=255, blank=True)  # e.g. the uploaded file's name
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent, 0–100
    # A fixed Chinese phrase (the msgid), translated when shown.
    message = models.CharField(max_length=200, blank=True)
    # The work: a function's dotted path, its keyword arguments (plain JSON) and its limits.
    task_path = models.CharField(max_length=255)
    arguments = models.JSONField(default=dict, blank=True)
    upload = models.FileField(upload_to="jobs/%Y/%m/", blank=True, max_length=255)
    time_limit = models.PositiveIntegerField()  # seconds
    memory_limit_mb = models.PositiveIntegerField()
    task_id = models.CharField(max_length=64, blank=True)  # the queue's own id of the task
    # What the work made.
    result_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result_id = models.PositiveBigIntegerField(null=True, blank=True)
    result = GenericForeignKey("result_type", "result_id")
    result_url = models.CharField(max_length=255, blank=True)
    # Why it failed: one line in each language, and where (e.g. a plan document's paths).
    error_zh = models.CharField(max_length=500, blank=True)
    error_en = models.CharField(max_length=500, blank=True)
    error_details = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
