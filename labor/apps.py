from django.apps import AppConfig


class LaborConfig(AppConfig):
    """Workers, rosters, attendance, surveys and training (built by a later issue)."""

    name = "labor"
    verbose_name = "务工人员"
