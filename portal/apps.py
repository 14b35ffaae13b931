from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "平台基础"

    def ready(self) -> None:
        from django.db.models import fields

        # Django's blank choice ("- Select an option -") has no Chinese translation yet.
        fields.BLANK_CHOICE_LABEL = "请选择"
        from portal.pii import check_configuration

        # At start-up, not on the first worker saved: a bad personal-data key stops the server.
        check_configuration()
        from portal.exports import export_perform
        from portal.jobs import register_job_work
        from portal.models import OFFICE_KINDS, REGION_READER_KINDS, Export, Role
        from portal.navigation import DashboardCard, NavItem, registry
        from portal.selectors import shell_counts

        register_job_work(Export, export_perform)

        registry.add_nav(NavItem("工作台", "portal:dashboard", order=0))
        registry.add_nav(
            NavItem(
                "单位与成员",
                "portal:organization-list",
                order=80,
                allowed_kinds=REGION_READER_KINDS,
            )
        )
        registry.add_nav(
            NavItem(
                "本区规则",
                "portal:rules",
                order=85,
                required_role=Role.ADMIN,
                allowed_kinds=OFFICE_KINDS,
            )
        )
        registry.add_nav(
            NavItem("操作日志", "portal:audit-list", order=90, required_role=Role.VIEWER)
        )
        registry.add_card(
            DashboardCard(
                "portal/cards/shell.html",
                lambda scope: {"counts": shell_counts(scope=scope)},
                order=90,
            )
        )
