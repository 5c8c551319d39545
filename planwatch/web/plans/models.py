"""A plan and its anatomy: outline, indicators with targets (and their history), programmes,
projects and tasks — the store for a ``planwatch.plan/1`` document once reviewed.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from planwatch.web.regions.models import Region


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    title = models.CharField("规划名称", max_length=255)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="plans")
    period_start = models.PositiveSmallIntegerField("起始年", null=True, blank=True)
    period_end = models.PositiveSmallIntegerField("终止年", null=True, blank=True)
    base_year = models.PositiveSmallIntegerField("基期年", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    upper_plan = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="lower_plans"
    )
    source = models.JSONField("来源", default=dict, blank=True)
    source_text = models.TextField("原文", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    # Bumped whenever official data or targets change: the key of the cached evaluation.
    data_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["region__code", "-period_end", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def touch_data(self) -> None:
        """Invalidate cached evaluations of this plan (call inside the writing transaction)."""
        Plan.objects.filter(pk=self.pk).update(data_version=models.F("data_version") + 1)


class Section(models.Model):
    """One heading of the outline (一、 /（一）/ 1. / (1))."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=64)
    number = models.CharField(max_length=32, blank=True)
    title = models.CharField(max_length=255)
    level = models.PositiveSmallIntegerField(default=1)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan_id", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="section_key")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Indicator(models.Model):
    class Direction(models.TextChoices):
        INCREASE = "increase", _("越大越好")
        DECREASE = "decrease", _("越小越好")

    class Nature(models.TextChoices):
        EXPECTED = "预期性", _("预期性")
        BINDING = "约束性", _("约束性")  # binding target: stricter warning thresholds

    class Aggregation(models.TextChoices):
        SUM = "sum", _("求和")  # additive stocks, e.g. 5G基站数
        RATIO = "ratio", _("分子分母重算")  # shares: never an average of percentages
        NONE = "none", _("不汇总")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    key = models.CharField(_("编号"), max_length=64)
    name = models.CharField(_("指标名称"), max_length=255)
    unit = models.CharField(_("计量单位"), max_length=32, blank=True)
    direction = models.CharField(_("方向"), max_length=16, choices=Direction.choices, blank=True)
    nature = models.CharField(_("属性"), max_length=8, choices=Nature.choices, blank=True)
    aggregation = models.CharField(
        _("汇总规则"), max_length=8, choices=Aggregation.choices, default=Aggregation.NONE
    )
    numerator = models.CharField(_("分子"), max_length=128, blank=True)
    denominator = models.CharField(_("分母"), max_length=128, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("基期年"), null=True, blank=True)
    baseline_value = models.FloatField(_("基期值"), null=True, blank=True)
    limit = models.FloatField(null=True, blank=True)
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    evidence = models.JSONField(default=list, blank=True)
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["plan_id", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="indicator_key")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """What a reviewed indicator must satisfy (the form and the service both check it)."""
        errors: dict[str, str | Promise] = {}
        if not (self.name or "").strip():
            errors["name"] = _("指标名称不能为空")
        if self.baseline_value is not None and not math.isfinite(self.baseline_value):
            errors["baseline_value"] = _("基期值应为有限数值")
        if self.aggregation == self.Aggregation.RATIO:
            # A share is rolled up from two other indicators of the plan (分子分母重算).
            others = Indicator.objects.filter(plan_id=self.plan_id).exclude(pk=self.pk)
            known = {v for pair in others.values_list("key", "name") for v in pair}
            for field in ("numerator", "denominator"):
                if (getattr(self, field) or "").strip() not in known:
                    errors[field] = _("比率指标须填写本规划中另一指标的编号或名称")
        if errors:
            raise ValidationError(errors)

    def current_targets(self):
        return self.targets.filter(superseded_at__isnull=True).order_by("year")


class Target(models.Model):
    """A target value; a mid-term adjustment supersedes it (who, when, why) instead of editing it."""

    COMPARATORS = [(c, c) for c in (">=", "<=", "=", ">", "<")]

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField("目标年", null=True, blank=True)
    value = models.FloatField("目标值")
    comparator = models.CharField(max_length=2, choices=COMPARATORS, default=">=")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField("调整原因", max_length=500, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaces"
    )

    class Meta:
        ordering = ["indicator_id", "year", "created_at"]

    def __str__(self) -> str:
        return f"{self.year}年 {self.comparator} {self.value:g}"


class Programme(models.Model):
    """专栏 / 重点专项 / 重点工程."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="programmes")
    key = models.CharField(max_length=64)
    name = models.CharField(max_length=255)
    items = models.JSONField(default=list, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan_id", "order"]

    def __str__(self) -> str:
        return self.name


# Project years outside this range are extraction errors, not plans.
YEAR_RANGE = (1950, 2100)


class Project(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="projects")
    key = models.CharField("编号", max_length=64)
    name = models.CharField("项目名称", max_length=255)
    category = models.JSONField("类别", default=list, blank=True)
    content = models.TextField("建设内容", blank=True)
    stage = models.CharField("阶段", max_length=32, blank=True)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    total_investment = models.FloatField("总投资", null=True, blank=True)
    period_investment = models.FloatField("期间投资", null=True, blank=True)
    investment_unit = models.CharField(max_length=16, blank=True)
    builder = models.CharField("建设单位", max_length=255, blank=True)
    responsible_unit_name = models.CharField("管理责任单位（原文）", max_length=255, blank=True)
    evidence = models.JSONField(default=list, blank=True)
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["plan_id", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="project_key")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """What a reviewed project must satisfy (extraction may get any of it wrong)."""
        errors: dict[str, str | Promise] = {}
        if not (self.name or "").strip():
            errors["name"] = _("项目名称不能为空")
        low, high = YEAR_RANGE
        for field in ("start_year", "end_year"):
            year = getattr(self, field)
            if year is not None and not low <= year <= high:
                errors[field] = _("年份应在 %(low)s–%(high)s 之间") % {"low": low, "high": high}
        start, end = self.start_year, self.end_year
        if not errors.keys() & {"start_year", "end_year"} and start and end and start > end:
            errors["end_year"] = _("结束年不能早于起始年")
        money = self.total_investment
        if money is not None and not (math.isfinite(money) and money >= 0):
            errors["total_investment"] = _("总投资应为不小于 0 的有限数值")
        if errors:
            raise ValidationError(errors)


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    key = models.CharField(max_length=64)
    name = models.TextField("任务")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL)
    responsible_unit_name = models.CharField("责任单位（原文）", max_length=255, blank=True)
    due_year = models.PositiveSmallIntegerField(null=True, blank=True)
    done = models.BooleanField("已完成", default=False)
    evidence = models.JSONField(default=list, blank=True)
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["plan_id", "order"]

    def __str__(self) -> str:
        return self.name[:60]

    def clean(self) -> None:
        if not (self.name or "").strip():
            raise ValidationError({"name": _("任务内容不能为空")})
