"""URL map: one include per app; the API lives under /api/ (OpenAPI at /api/openapi.json)."""

from django.urls import include, path, register_converter

from planwatch.web.api.routes import api
from planwatch.web.ids import IdConverter

# Before the apps' URL maps are read: they take ids as <id:…>.
register_converter(IdConverter, "id")

handler500 = "planwatch.web.errors.server_error"

urlpatterns = [
    path("accounts/", include("planwatch.web.accounts.urls")),
    path("plans/", include("planwatch.web.plans.urls")),
    path("reporting/projects/", include("planwatch.web.projects.urls")),
    path("reporting/", include("planwatch.web.monitoring.urls")),
    path("supervision/", include("planwatch.web.supervision.urls")),
    path("audit/", include("planwatch.web.audit.urls")),
    path("jobs/", include("planwatch.web.jobs.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the 中文 | English switch
    path("", include("planwatch.web.portal.urls")),
]
