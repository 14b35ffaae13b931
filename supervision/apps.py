from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    """Inspections and rectification (监管检查、督促整改), the supervisor's observations and the
    spot-check draws: between the projects and the labour apps."""

    name = "supervision"
    verbose_name = "监督检查"

    def ready(self) -> None:
        from portal.navigation import DashboardCard, NavItem, registry
        from projects.panels import ProjectTab, register_project_tab
        from supervision import cards

        registry.add_nav(NavItem("监督检查", "supervision:inspection-list", order=45))
        registry.add_card(
            DashboardCard("supervision/cards/overdue.html", cards.overdue_card, order=25)
        )
        registry.add_todo(cards.todos)
        register_project_tab(
            ProjectTab(
                key="supervision",
                label="监督检查",
                template="supervision/partials/project_tab.html",
                context=cards.project_tab_context,
                badge=cards.project_tab_badge,
                order=60,
            )
        )
