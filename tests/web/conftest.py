"""Django for the web tests only: settings are chosen here, so `pytest tests/documents` and the
other core suites never load Django. DATABASE_URL (if set) points the suite at PostgreSQL.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.web.settings")
os.environ.setdefault("PLANWATCH_SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnop")
if "PLANWATCH_DATA_DIR" not in os.environ:  # uploads and the file cache of this run
    _data_dir = tempfile.mkdtemp(prefix="planwatch-test-")
    atexit.register(shutil.rmtree, _data_dir, ignore_errors=True)
    os.environ["PLANWATCH_DATA_DIR"] = _data_dir
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

import django

from planwatch.web.locale_build import compile_catalogs

compile_catalogs()  # the English .mo, as `make assets` builds it, so plain pytest works too
django.setup()

import pytest  # noqa: E402

from tests.web.world import World, build_world  # noqa: E402


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 stays first in real settings (tested in test_settings); tests hash cheaply.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _close_stray_sessions(django_db_setup, django_db_blocker):
    """Playwright's sync API runs test code in greenlets, and Django keeps one connection per
    context: a connection opened there is never closed by the test teardown, and PostgreSQL
    would refuse to drop the test database while it is open. End such sessions at the close."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _clear_cache(django_db_setup, django_db_blocker):
    # Every test starts with an empty cache. With PostgreSQL the cache is a table of the test
    # database (PLANWATCH_CACHE=database), cleared before the test's own transaction begins.
    from django.core.cache import cache

    with django_db_blocker.unblock():
        cache.clear()


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def draft_world(db) -> World:
    """The same world with its plan still in review (not published)."""
    return build_world(publish=False)
