"""`planwatch serve`: the production server as a real process on a migrated data directory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO

PLANWATCH = [sys.executable, "-m", "planwatch.cli"]


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # its own SQLite
    env.update(
        PLANWATCH_DATA_DIR=str(data_dir),
        PLANWATCH_SECRET_KEY="serve-test-secret-key-0123456789abcdefghijkl",
    )
    return env


def _get(url: str) -> tuple[int, str, str]:
    """Status, content type and body of a GET; an HTTP error status is an answer too."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.headers["Content-Type"], err.read().decode()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_refuses_an_unmigrated_database(tmp_path):
    run = subprocess.run(
        [*PLANWATCH, "serve"], env=_env(tmp_path), cwd=REPO, capture_output=True, text=True
    )
    assert run.returncode != 0
    assert "planwatch manage migrate" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.slow
def test_serve_answers_pages_and_static_files(tmp_path):
    env = _env(tmp_path)
    migrate = subprocess.run(
        [*PLANWATCH, "manage", "migrate", "-v", "0"], env=env, cwd=REPO, capture_output=True
    )
    assert migrate.returncode == 0, migrate.stderr
    port = _free_port()
    server = subprocess.Popen(
        [*PLANWATCH, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _, home = _get(base + "/")
                break
            except urllib.error.URLError:
                assert server.poll() is None, "server exited"
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert status == 200 and "规划" in home
        status, kind, _ = _get(base + "/static/planwatch/site.css")
        assert status == 200 and kind.startswith("text/css")
        status, kind, body = _get(base + "/api/observations?limit=0")  # below the minimum
        assert status == 422 and kind.startswith("application/json") and '"error"' in body
    finally:
        server.terminate()
        server.wait(timeout=30)
