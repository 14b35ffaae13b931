from django.apps import AppConfig


class LaborConfig(AppConfig):
    """Workers, rosters, attendance, surveys and training: for now the real-name registry."""

    name = "labor"
    verbose_name = "务工人员"

    def ready(self) -> None:
        from portal.models import OFFICE_KINDS
        from portal.navigation import NavItem, registry

        registry.add_nav(
            NavItem("务工人员", "labor:worker-list", order=50, allowed_kinds=OFFICE_KINDS)
        )
