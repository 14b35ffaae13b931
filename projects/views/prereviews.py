"""Pages of the pre-review (预审): the projects whose pre-review is missing or failed, the
review form, and the 以工代赈预审 tab of the project page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path

from portal.models import REGION_READER_KINDS, Role
from portal.views import FilteredListView
from projects.forms.prereviews import PreReviewFilterForm, PreReviewForm
from projects.models import PreReviewStage
from projects.selectors import prereviews as prereview_selectors
from projects.selectors.prereviews import PREREVIEW_KINDS
from projects.services.prereviews import prereview_record
from projects.views.projects import ProjectActionView

TAB = "prereview"


class PreReviewListView(FilteredListView):
    """预审缺失/未通过: projects before construction with a stage not pre-reviewed, and any
    project whose latest review of a stage is 未落实."""

    allowed_kinds = REGION_READER_KINDS
    template_name = "projects/proposals/prereview_list.html"
    filter_form_class = PreReviewFilterForm
    context_object_name = "projects"
    paginate_by = 25

    def get_queryset(self):
        return prereview_selectors.prereview_flagged(scope=self.scope, filters=self.get_filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for project in context["projects"]:
            project.findings = prereview_selectors.finding_rows(project)
        context["stage_labels"] = PreReviewStage.labels
        return context


class PreReviewCreateView(ProjectActionView):
    """Record a pre-review of one stage of the project."""

    required_role = Role.EDITOR
    allowed_kinds = PREREVIEW_KINDS
    form_class = PreReviewForm
    template_name = "projects/proposals/prereview_form.html"
    title = "记录以工代赈预审"
    tab = TAB

    def get_form(self, form_class=None):
        if not prereview_selectors.prereview_can_record(
            scope=self.scope, project=self.get_project()
        ):
            raise PermissionDenied("您所在单位无权预审该项目。")
        return super().get_form(form_class)

    def act(self, form):
        review = prereview_record(
            scope=self.scope,
            project=self.get_project(),
            stage=form.cleaned_data["stage"],
            reviewed_on=form.cleaned_data["reviewed_on"],
            finding=form.cleaned_data["finding"],
            additions=form.cleaned_data["additions"],
        )
        return f"已记录预审：{review.get_stage_display()} {review.get_finding_display()}。"


def prereview_tab_context(scope, project) -> dict:
    latest = prereview_selectors.prereview_latest(scope=scope, project=project)
    for row in latest:
        review = row["review"]
        row["badge"] = prereview_selectors.FINDING_BADGES.get(review.finding) if review else ""
    return {
        "prereview_latest": latest,
        "prereview_history": prereview_selectors.prereview_history(scope=scope, project=project),
        "can_prereview": prereview_selectors.prereview_can_record(scope=scope, project=project),
    }


def prereview_tab_badge(scope, project):
    return prereview_selectors.prereview_badge(scope=scope, project=project)


def register() -> None:
    """The menu entry and the project page's tab (called from ProjectsConfig.ready)."""
    from portal.navigation import NavItem, registry
    from projects.panels import ProjectTab, register_project_tab

    registry.add_nav(
        NavItem(
            "以工代赈预审", "projects:prereview-list", order=25, allowed_kinds=REGION_READER_KINDS
        )
    )
    register_project_tab(
        ProjectTab(
            key=TAB,
            label="以工代赈预审",
            template="projects/proposals/prereview_tab.html",
            context=prereview_tab_context,
            badge=prereview_tab_badge,
            order=20,
        )
    )


urlpatterns = [
    path("prereviews/", PreReviewListView.as_view(), name="prereview-list"),
    path(
        "projects/<str:project_code>/prereviews/new/",
        PreReviewCreateView.as_view(),
        name="prereview-create",
    ),
]
