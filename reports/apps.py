from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Indicators and the monthly, quarterly and annual reports (built by a later issue)."""

    name = "reports"
    verbose_name = "统计报告"
