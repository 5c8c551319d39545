"""The production web server's settings: ``planwatch serve`` runs gunicorn with them, and so does
``gunicorn -c python:planwatch.web.gunicorn_conf planwatch.web.wsgi``.

Processes, not threads, carry the load (the GIL makes threads of one process take turns), and
every worker listens on a socket of its own so the kernel spreads connections evenly: with one
shared socket a single worker can accept most keep-alive clients and keep them queued behind it.
"""

from __future__ import annotations

import gc
import os
from typing import Any

from planwatch.config import get as setting  # not `config`: gunicorn reads that name as a setting

bind = [setting("PLANWATCH_BIND")]
workers = setting("PLANWATCH_WEB_WORKERS") or 2 * (os.cpu_count() or 1)
threads = setting("PLANWATCH_WEB_THREADS")
worker_class = "gthread"  # a thread or two per worker: keep-alive, and I/O overlapped with work
reuse_port = True  # a listening socket per worker (SO_REUSEPORT)
preload_app = True  # Django and its imports loaded once, shared by the workers copy-on-write
keepalive = 5
timeout = 120  # plan imports and Excel uploads are the longest requests
graceful_timeout = 30
max_requests = 20_000  # recycle workers now and then; jitter keeps them from recycling at once
max_requests_jitter = 2_000
loglevel = "warning"


def when_ready(server: Any) -> None:
    # The app's objects, loaded before the fork, never become garbage: move them out of the
    # collector's view so a full collection in a worker does not walk (and copy) all of them.
    gc.freeze()
