"""Administrative regions (GB/T 2260) with validity periods, so a boundary change keeps history."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("地级")
        DISTRICT = "district", _("县级")

    code = models.CharField("区划代码", max_length=6, db_index=True)
    name = models.CharField("名称", max_length=64)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # A merged or renamed region is closed (valid_to) and a new row opened, never rewritten.
    valid_from = models.DateField("生效日期", null=True, blank=True)
    valid_to = models.DateField("失效日期", null=True, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="region_code_valid_from"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def code_prefix(self) -> str:
        """GB/T 2260 codes nest: 44 province, 4405 city, 440507 district."""
        return {"province": self.code[:2], "city": self.code[:4]}.get(self.level, self.code)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None
