from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "planwatch.web.monitoring"
    label = "monitoring"
    verbose_name = "监测填报"
