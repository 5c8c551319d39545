"""Audit log: every create, change, approval and permission change — who, when, before, after."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The label each action shows in the log.
ACTIONS = {
    "create": _("新建"),
    "update": _("修改"),
    "delete": _("删除"),
    "submit": _("提交"),
    "approve": _("审核通过"),
    "reject": _("退回"),
    "supersede": _("替代"),
    "publish": _("发布"),
    "import": _("导入"),
    "assign": _("分配"),
    "adjust_target": _("调整目标"),
    "grant": _("授权"),
    "revoke": _("撤销授权"),
    "open": _("督办"),
    "reply": _("回复"),
    "close": _("办结"),
    "login_failed": _("登录失败"),
    "token": _("签发令牌"),
}


class AuditEntry(models.Model):
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField("操作", max_length=32)
    object_type = models.CharField("对象类型", max_length=64)
    object_id = models.CharField("对象编号", max_length=64)
    object_repr = models.CharField("对象", max_length=255)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    # The region the object belongs to (a plan's region, a unit's region): planners read the
    # entries of their own region subtree. Users and other global objects have none.
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"

    @property
    def action_label(self) -> str | Promise:
        return ACTIONS.get(self.action, self.action)
