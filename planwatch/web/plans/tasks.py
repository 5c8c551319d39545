"""Plan import as queued work: the upload is read and extracted in the worker's child process,
then stored with the job's "done" in one transaction, so a failed import leaves no plan."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from planwatch.web.jobs.models import Job
from planwatch.web.jobs.services import finish_job, report_progress
from planwatch.web.plans import importing, services
from planwatch.web.plans.models import Plan
from planwatch.web.regions.models import Region


def import_plan_job(job: Job, *, filename: str, region_id: int, upper_plan_id: int | None) -> None:
    """``job.upload`` (plan JSON, or a plan text for the extractor) → a draft plan to review."""
    report_progress(job, 5, gettext_noop("读取上传的文件"))
    with job.upload.open("rb") as f:
        data = f.read()
    report_progress(job, 15, gettext_noop("读取文档并抽取指标、项目和任务"))
    doc, text = importing.plan_from_upload(filename, data)
    del data
    report_progress(job, 70, gettext_noop("保存规划"))
    region = Region.objects.get(pk=region_id)
    upper = Plan.objects.filter(pk=upper_plan_id).first() if upper_plan_id else None
    with transaction.atomic():
        plan = services.import_plan(
            user=job.user, plan_doc=doc, region=region, upper_plan=upper, source_text=text
        )
        finish_job(job, result=plan, url=reverse("plans:review", args=[plan.pk]))
