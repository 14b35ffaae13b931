from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "重点工程项目"

    def ready(self) -> None:
        from portal.exports import register_builder
        from portal.jobs import register_job_work
        from portal.models import REGION_READER_KINDS, TOWNSHIP_KINDS
        from portal.navigation import DashboardCard, NavItem, registry
        from projects import cards
        from projects.exports import build_projects_export
        from projects.importers import list_import_perform
        from projects.models import ListImport

        register_builder("projects", build_projects_export)
        register_job_work(ListImport, list_import_perform)
        registry.add_nav(NavItem("重点项目", "projects:project-list", order=10))
        registry.add_nav(
            NavItem(
                "年度清单",
                "projects:annual-list-index",
                order=20,
                allowed_kinds=REGION_READER_KINDS,
            )
        )
        registry.add_nav(
            NavItem("用工计划收件箱", "projects:inbox", order=30, allowed_kinds=TOWNSHIP_KINDS)
        )
        registry.add_nav(NavItem("协调会议", "projects:meeting-list", order=40))
        registry.add_nav(NavItem("指导目录", "projects:directory", order=50))
        registry.add_card(DashboardCard("projects/cards/jobs.html", cards.jobs_card, order=5))
        registry.add_card(
            DashboardCard("projects/cards/projects.html", cards.project_card, order=10)
        )
        registry.add_card(
            DashboardCard("projects/cards/action_items.html", cards.action_items_card, order=20)
        )
        registry.add_card(
            DashboardCard("projects/cards/directory.html", cards.directory_card, order=50)
        )
        registry.add_todo(cards.todos)
        # Proposals and pre-review (issue 14 items 1, 2 and 6): menu entries, project tabs, cards.
        from projects.views import prereviews, proposals

        proposals.register()
        prereviews.register()
        registry.add_card(
            DashboardCard("projects/cards/proposals.html", cards.proposals_card, order=15)
        )
        registry.add_card(
            DashboardCard("projects/cards/prereviews.html", cards.prereviews_card, order=16)
        )
        # The archive tab (issue 14 item 4): documents by kind in their versions, what is missing.
        from projects.panels import ProjectTab, register_project_tab
        from projects.views.archives import archive_tab_badge, archive_tab_context

        register_project_tab(
            ProjectTab(
                "archive",
                "项目档案",
                "projects/archives/tab.html",
                archive_tab_context,
                badge=archive_tab_badge,
                order=30,
            )
        )
