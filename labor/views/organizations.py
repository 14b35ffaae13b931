"""Pages of labour organisations (their profile with the 返薄 flag, members and teams) and of
maintenance jobs (零工变长工: the page, and the project page's tab)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.views.generic import View

from labor import selectors, services
from labor.forms import LaborOrgFilterForm, LaborOrgProfileForm, TeamForm
from portal.forms import add_service_errors
from portal.models import (
    CONTRACTOR_KINDS,
    LABOR_ORG_KINDS,
    OFFICE_KINDS,
    OWNER_KINDS,
    REGION_WIDE_KINDS,
    TOWNSHIP_KINDS,
    OrganizationKind,
    Role,
)
from portal.permissions import ScopedViewMixin
from portal.views import FilteredListView, ScopedListView

LIST_KINDS = REGION_WIDE_KINDS
MAINTENANCE_KINDS = (
    REGION_WIDE_KINDS
    | TOWNSHIP_KINDS
    | OWNER_KINDS
    | CONTRACTOR_KINDS
    | frozenset({OrganizationKind.DEPARTMENT})
)


class LaborOrgListView(FilteredListView):
    allowed_kinds = LIST_KINDS
    template_name = "labor/organization_list.html"
    filter_form_class = LaborOrgFilterForm
    context_object_name = "organizations"

    def get_queryset(self):
        return selectors.labor_org_list(scope=self.scope, filters=self.get_filters())


class MyLaborOrgView(ScopedViewMixin, View):
    allowed_kinds = LABOR_ORG_KINDS

    def get(self, request):
        return redirect("labor:organization-detail", self.scope.organization.code)


class LaborOrgDetailView(ScopedViewMixin, View):
    template_name = "labor/organization_detail.html"

    def get(self, request, labor_org_code):
        organization = selectors.labor_org_get(scope=self.scope, code=labor_org_code)
        own = organization.pk == self.scope.organization.pk
        context = {
            "organization": organization,
            "profile": selectors.labor_org_profile(organization),
            "teams": selectors.team_list(organization=organization),
            "can_edit": selectors.labor_org_can_edit(scope=self.scope, organization=organization),
            "can_keep_teams": own and self.scope.may_write(selectors.TEAM_KEEPER_KINDS),
            "can_see_members": own or self.scope.kind in REGION_WIDE_KINDS,
            "as_contractor": organization.kind in CONTRACTOR_KINDS,
        }
        return render(request, self.template_name, context)


class LaborOrgProfileView(ScopedViewMixin, View):
    required_role = Role.EDITOR
    allowed_kinds = selectors.PROFILE_KEEPER_KINDS | OFFICE_KINDS
    template_name = "labor/organization_form.html"

    def organization(self, code):
        organization = selectors.labor_org_get(scope=self.scope, code=code)
        if not selectors.labor_org_can_edit(scope=self.scope, organization=organization):
            raise PermissionDenied("您无权修改该劳务组织的信息。")
        return organization

    def form(self, organization, data=None):
        return LaborOrgProfileForm(
            data,
            instance=selectors.labor_org_profile(organization),
            organization=organization,
            can_flag=selectors.labor_org_can_flag(scope=self.scope, organization=organization),
        )

    def get(self, request, labor_org_code):
        organization = self.organization(labor_org_code)
        context = {"organization": organization, "form": self.form(organization)}
        return render(request, self.template_name, context)

    def post(self, request, labor_org_code):
        organization = self.organization(labor_org_code)
        form = self.form(organization, request.POST)
        if form.is_valid():
            try:
                services.labor_org_profile_save(
                    scope=self.scope, organization=organization, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "劳务组织信息已保存。")
                return redirect("labor:organization-detail", organization.code)
        return render(request, self.template_name, {"organization": organization, "form": form})


class LaborOrgMembersView(ScopedListView):
    allowed_kinds = selectors.MEMBER_READER_KINDS
    template_name = "labor/organization_members.html"
    context_object_name = "workers"
    paginate_by = 50

    def get_queryset(self):
        self.organization = selectors.labor_org_get(
            scope=self.scope, code=self.kwargs["labor_org_code"]
        )
        return selectors.labor_org_members(scope=self.scope, organization=self.organization)

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=self.organization, **kwargs)


class TeamCreateView(ScopedViewMixin, View):
    required_role = Role.EDITOR
    allowed_kinds = selectors.TEAM_KEEPER_KINDS
    template_name = "labor/team_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": TeamForm()})

    def post(self, request):
        form = TeamForm(request.POST)
        if form.is_valid():
            try:
                team = services.team_create(scope=self.scope, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"施工队伍“{team.name}”已登记。")
                return redirect("labor:organization-mine")
        return render(request, self.template_name, {"form": form})


class TeamMixin:
    def team(self, team_id):
        team = selectors.team_get(scope=self.scope, pk=team_id)
        if not selectors.team_can_edit(scope=self.scope, team=team):
            raise PermissionDenied("只有该劳务组织可以修改它的施工队伍。")
        return team


class TeamUpdateView(TeamMixin, ScopedViewMixin, View):
    required_role = Role.EDITOR
    allowed_kinds = selectors.TEAM_KEEPER_KINDS
    template_name = "labor/team_form.html"

    def get(self, request, team_id):
        team = self.team(team_id)
        return render(request, self.template_name, {"form": TeamForm(instance=team), "team": team})

    def post(self, request, team_id):
        team = self.team(team_id)
        form = TeamForm(request.POST, instance=team)
        if form.is_valid():
            try:
                services.team_update(scope=self.scope, team=team, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "施工队伍已保存。")
                return redirect("labor:organization-mine")
        return render(request, self.template_name, {"form": form, "team": team})


class TeamDeleteView(TeamMixin, ScopedViewMixin, View):
    """POST only (the button on the organisation's page); GET goes back to that page."""

    required_role = Role.EDITOR
    allowed_kinds = selectors.TEAM_KEEPER_KINDS

    def get(self, request, team_id):
        self.team(team_id)
        return redirect("labor:organization-mine")

    def post(self, request, team_id):
        team = self.team(team_id)
        services.team_delete(scope=self.scope, team=team)
        messages.success(request, f"施工队伍“{team.name}”已删除。")
        return redirect("labor:organization-mine")


class MaintenanceListView(ScopedListView):
    allowed_kinds = MAINTENANCE_KINDS
    template_name = "labor/maintenance_list.html"
    context_object_name = "projects"
    paginate_by = 50

    def get_queryset(self):
        return selectors.maintenance_projects(scope=self.scope)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            totals=selectors.maintenance_totals(self.object_list),
            by_township=selectors.maintenance_by_township(scope=self.scope),
            **kwargs,
        )


urlpatterns = [
    path("labor/organizations/", LaborOrgListView.as_view(), name="organization-list"),
    path("labor/organizations/mine/", MyLaborOrgView.as_view(), name="organization-mine"),
    path(
        "labor/organizations/<str:labor_org_code>/",
        LaborOrgDetailView.as_view(),
        name="organization-detail",
    ),
    path(
        "labor/organizations/<str:labor_org_code>/profile/",
        LaborOrgProfileView.as_view(),
        name="organization-profile",
    ),
    path(
        "labor/organizations/<str:labor_org_code>/members/",
        LaborOrgMembersView.as_view(),
        name="organization-members",
    ),
    path("labor/teams/new/", TeamCreateView.as_view(), name="team-create"),
    path("labor/teams/<int:team_id>/edit/", TeamUpdateView.as_view(), name="team-update"),
    path("labor/teams/<int:team_id>/delete/", TeamDeleteView.as_view(), name="team-delete"),
    path("labor/maintenance/", MaintenanceListView.as_view(), name="maintenance-list"),
]


def _maintenance_tab_context(scope, project) -> dict:
    return {"maintenance": selectors.maintenance_of_project(scope=scope, project=project)}


def ready() -> None:
    from portal.navigation import NavItem, registry
    from projects.panels import ProjectTab, register_project_tab

    registry.add_nav(
        NavItem("劳务组织", "labor:organization-list", order=57, allowed_kinds=LIST_KINDS)
    )
    registry.add_nav(
        NavItem("劳务组织", "labor:organization-mine", order=57, allowed_kinds=LABOR_ORG_KINDS)
    )
    registry.add_nav(
        NavItem("后期管护用工", "labor:maintenance-list", order=58, allowed_kinds=MAINTENANCE_KINDS)
    )
    register_project_tab(
        ProjectTab(
            key="maintenance",
            label="后期管护用工",
            template="labor/maintenance_tab.html",
            context=_maintenance_tab_context,
            badge=selectors.maintenance_badge,
            order=75,
        )
    )
