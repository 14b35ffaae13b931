from django.apps import AppConfig


class WagesConfig(AppConfig):
    """Wage ledgers and their import, review and filing (built by a later issue)."""

    name = "wages"
    verbose_name = "劳务报酬"
