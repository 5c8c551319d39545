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

django.setup()

import pytest  # noqa: E402

from tests.web.world import World, build_world  # noqa: E402


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 stays first in real settings (tested in test_settings); tests hash cheaply.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db) -> World:
    return build_world()
