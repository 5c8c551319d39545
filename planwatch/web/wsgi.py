"""WSGI entry point for production servers (gunicorn planwatch.web.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.web.settings")
application = get_wsgi_application()
