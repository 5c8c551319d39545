"""The shared cache table (``PLANWATCH_CACHE=database``, the default with PostgreSQL).

``createcachetable`` makes the tables of every database-backed cache in ``CACHES`` and skips the
ones that exist, so this is a no-op with the file cache and safe to run again.
"""

from typing import ClassVar

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    initial = True
    dependencies: ClassVar[list[tuple[str, str]]] = []
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
