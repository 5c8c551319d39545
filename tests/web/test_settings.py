"""Settings: security defaults, secrets, the cache, static files served locally."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.web import settings as web_settings


def test_security_settings():
    assert web_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert web_settings.LANGUAGE_CODE == "zh-hans" and web_settings.TIME_ZONE == "Asia/Shanghai"
    assert ("en", "English") in web_settings.LANGUAGES
    assert web_settings.SESSION_COOKIE_HTTPONLY and web_settings.CSRF_COOKIE_HTTPONLY
    assert web_settings.TEMPLATES[0]["OPTIONS"]["autoescape"] is True
    assert "django.middleware.csrf.CsrfViewMiddleware" in web_settings.MIDDLEWARE


def test_placeholder_secret_refused_outside_debug(monkeypatch):
    from planwatch.config import ConfigError

    monkeypatch.setenv("PLANWATCH_SECRET_KEY", "changeme")
    monkeypatch.setattr(web_settings, "DEBUG", False)
    with pytest.raises(ConfigError):
        web_settings._secret_key()


def test_cache_choice(monkeypatch):
    """The evaluation and page cache live in the database when several hosts share it."""
    from planwatch.config import ConfigError

    monkeypatch.setenv("PLANWATCH_CACHE", "database")
    assert web_settings._cache()["BACKEND"].endswith("db.DatabaseCache")
    monkeypatch.setenv("PLANWATCH_CACHE", "file")
    assert web_settings._cache()["BACKEND"].endswith("FileBasedCache")
    monkeypatch.setenv("PLANWATCH_CACHE", "redis")
    with pytest.raises(ConfigError):
        web_settings._cache()


@pytest.mark.django_db
def test_static_files_served_locally(client):
    r = client.get("/static/planwatch/site.css")
    assert r.status_code == 200
    assert b"planwatch" in b"".join(r.streaming_content)
    r.close()
    html = (Path(web_settings.WEB_DIR) / "templates" / "base.html").read_text("utf-8")
    assert "http://" not in html and "https://" not in html  # nothing from the internet


@pytest.mark.django_db
def test_missing_static_file_is_a_404_under_the_demo_server():
    """`planwatch demo` serves /static/ through Django's static handler, which renders the 404
    page without running the middleware (no request.user)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    environ = RequestFactory().get("/static/vendor/echarts/missing.js").environ
    environ["HTTP_HOST"] = "127.0.0.1"
    statuses: list[str] = []
    body = b"".join(StaticFilesHandler(WSGIHandler())(environ, lambda s, h: statuses.append(s)))
    assert statuses == ["404 Not Found"]
    assert "页面不存在" in body.decode()
