from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "planwatch.web.projects"
    label = "projects"
    verbose_name = "重点项目"
