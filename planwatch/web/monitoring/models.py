"""Assignments (who reports what, how often), observations with their review workflow, and frozen
evaluation runs.

Workflow: draft → submitted → approved | rejected; an approved value is never edited or deleted —
a correction is a new observation that supersedes it once approved.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwatch import clock
from planwatch.web.accounts.models import Unit
from planwatch.web.errors import WorkflowError
from planwatch.web.monitoring import periods
from planwatch.web.plans.models import Indicator, Plan, Project, Task


class Frequency(models.TextChoices):
    ANNUAL = "annual", _("年度")
    QUARTERLY = "quarterly", _("季度")
    MONTHLY = "monthly", _("月度")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("已退回")
    SUPERSEDED = "superseded", _("已替代")


OPEN_STATES = [ReportState.DRAFT, ReportState.SUBMITTED, ReportState.REJECTED]


class Assignment(models.Model):
    """A responsible unit for one indicator, project or task, with its reporting rhythm."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments")
    cooperating_units = models.ManyToManyField(Unit, blank=True, related_name="cooperations")
    frequency = models.CharField(
        "填报频率", max_length=16, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    due_days = models.PositiveSmallIntegerField("截止（期末后天数）", default=30)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan_id", "id"]
        constraints = [
            models.CheckConstraint(
                name="assignment_one_item",
                condition=(
                    models.Q(indicator__isnull=False, project__isnull=True, task__isnull=True)
                    | models.Q(indicator__isnull=True, project__isnull=False, task__isnull=True)
                    | models.Q(indicator__isnull=True, project__isnull=True, task__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["indicator", "unit"],
                condition=models.Q(indicator__isnull=False),
                name="assignment_indicator_unit",
            ),
            models.UniqueConstraint(
                fields=["project", "unit"],
                condition=models.Q(project__isnull=False),
                name="assignment_project_unit",
            ),
            models.UniqueConstraint(
                fields=["task", "unit"],
                condition=models.Q(task__isnull=False),
                name="assignment_task_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} → {self.unit}"

    @property
    def item(self) -> Indicator | Project | Task:
        return self.indicator or self.project or self.task  # type: ignore[return-value]

    def due_date(self, period: str) -> dt.date | None:
        p = periods.parse(period)
        return None if p is None else p.end + dt.timedelta(days=self.due_days)

    def periods(self) -> list[str]:
        first = self.plan.period_start or self.plan.base_year or clock.today().year
        last = self.plan.period_end or first
        return periods.periods_between(self.frequency, first, last)


class Observation(models.Model):
    # Every index is one more write on each of the tens of millions of inserted rows: none for
    # indicator and unit (the composite indexes below lead with them), and partial ones for the
    # links that most rows leave empty (see Meta.indexes).
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="observations", db_index=False
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="observations", db_index=False
    )
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="observations"
    )
    period = models.CharField("期间", max_length=10)
    period_end = models.DateField()
    series = models.CharField("分组", max_length=64, blank=True, default="")
    value = models.FloatField("数值")
    source = models.CharField("数据来源", max_length=255, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)
    is_sample = models.BooleanField("示例数据", default=False)
    lag_reason = models.TextField("滞后原因", blank=True)
    next_steps = models.TextField("下一步措施", blank=True)
    evidence = models.FileField("佐证材料", upload_to="evidence/%Y/%m/", blank=True)
    state = models.CharField(
        "状态", max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    version = models.PositiveIntegerField("版本", default=1)
    supersedes = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        db_index=False,
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    behind: bool  # not a column: set by the review queue (the value needs an explanation)

    class Meta:
        ordering = ["indicator_id", "period_end", "series"]
        indexes = [
            models.Index(fields=["indicator", "state", "period_end"]),
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["indicator", "id"], name="observation_indicator_id"),  # API pages
            models.Index(
                fields=["supersedes"],
                condition=models.Q(supersedes__isnull=False),
                name="observation_supersedes",
            ),
            models.Index(
                fields=["reviewed_by"],
                condition=models.Q(reviewed_by__isnull=False),
                name="observation_reviewed_by",
            ),
        ]
        constraints = [
            # One official value and at most one open report per indicator/unit/period/series.
            models.UniqueConstraint(
                fields=["indicator", "unit", "period", "series"],
                condition=models.Q(state="approved"),
                name="observation_one_approved",
            ),
            models.UniqueConstraint(
                fields=["indicator", "unit", "period", "series"],
                condition=models.Q(state__in=["draft", "submitted", "rejected"]),
                name="observation_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period} = {self.value:g}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def delete(self, *args, **kwargs):
        # Official values are never deleted: a correction supersedes them, with history.
        if self.state in (ReportState.APPROVED, ReportState.SUPERSEDED):
            raise WorkflowError(
                "已审核通过的数据不能删除，只能更正", "approved data cannot be deleted"
            )
        return super().delete(*args, **kwargs)


class TargetShare(models.Model):
    """A lower region's share of an indicator's target (细化分解): 金平区 1,800 of 汕头市 9,700.
    Values its units report are judged against this share, not against the whole."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="shares")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("目标年")
    baseline = models.FloatField("基期值", null=True, blank=True)
    target = models.FloatField("分解目标值")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator_id", "region_id"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region", "year"], name="share_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.region} {self.target}"

    def document(self) -> dict:
        return {"year": self.year, "target": self.target, "baseline": self.baseline}


class EvaluationRun(models.Model):
    """A frozen evaluation (``planwatch.evaluation/1``): the plan as it stood (indicators and
    targets), the approved observations with their versions, the method, the as-of date and the
    config, who and when, and the engine's complete result. Written once, never changed: a later
    correction of data makes a new run, and re-evaluating ``inputs`` gives ``result`` again."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="evaluation_runs")
    as_of = models.DateField("评估基准日")
    method = models.CharField(max_length=32, default="plan-path")
    result = models.JSONField()
    engine = models.CharField(max_length=32, default="planwatch.evaluation")
    plan_version = models.PositiveIntegerField(default=0)
    data_version = models.PositiveIntegerField(default=0)
    inputs = models.JSONField(default=dict)  # {"plan": plan document, "observations": [rows]}
    config = models.JSONField(default=dict)
    fingerprint = models.CharField(max_length=64, blank=True)  # sha256 of inputs + method + as_of
    summary = models.JSONField(default=dict)  # counts by status, grade, final verdict
    job = models.ForeignKey(  # the queued evaluation that made it, for runs over many plans
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.plan} @ {self.as_of} ({self.method})"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise WorkflowError("评估结果已冻结，不能修改", "an evaluation run is frozen")
        super().save(*args, **kwargs)
