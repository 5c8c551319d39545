from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "planwatch.web.portal"
    label = "portal"
    verbose_name = "门户"
