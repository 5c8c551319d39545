# Project and task review on the plan review screen: optimistic locking, and task evidence.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_ordering_by_column"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="task",
            name="evidence",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="task",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
    ]
