"""Users, the units (单位/部门) they work for, their roles, and API tokens for machine clients.

Data-entry scope and viewing scope are separate (as in DHIS2): a 填报员 or 审核员 grant names
units; a 牵头部门 or 只读 grant names a region and covers its subtree.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwatch.web.regions.models import Region


class User(AbstractUser):
    display_name = models.CharField("姓名", max_length=64, blank=True)
    locked_from: list[str]  # not a column: the addresses locked out, set by the users page

    def __str__(self) -> str:
        return self.display_name or self.username


class Unit(models.Model):
    """A responsible unit: a department (市工信局) or a lower government (龙湖区人民政府)."""

    name = models.CharField("单位名称", max_length=128)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="units")

    class Meta:
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unit_region_name")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    PLANNER = "planner", _("牵头部门")
    REPORTER = "reporter", _("填报员")
    REVIEWER = "reviewer", _("审核员")
    VIEWER = "viewer", _("只读")


class RoleGrant(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="grant_scope_matches_role",
                condition=(
                    models.Q(role="reporter", unit__isnull=False, region__isnull=True)
                    # a 审核员 reviews for units, or for every unit of a region
                    | models.Q(role="reviewer", unit__isnull=False, region__isnull=True)
                    | models.Q(role="reviewer", unit__isnull=True, region__isnull=False)
                    | models.Q(
                        role__in=["planner", "viewer"], region__isnull=False, unit__isnull=True
                    )
                    | models.Q(role="admin", unit__isnull=True, region__isnull=True)
                ),
            ),
            models.UniqueConstraint(fields=["user", "role", "unit", "region"], name="grant_unique"),
        ]

    def __str__(self) -> str:
        scope = self.unit or self.region or _("全部")
        return _("%(role)s（%(scope)s）") % {"role": self.get_role_display(), "scope": scope}


class ApiToken(models.Model):
    """A bearer token for a machine client; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tokens"
    )
    name = models.CharField("用途", max_length=64)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
