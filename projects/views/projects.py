"""Pages: the project list (filters, sorting, export), the project page, create and edit."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from portal import exports as portal_exports
from portal import selectors as portal_selectors
from portal.forms import add_service_errors
from portal.models import OFFICE_KINDS, OVERSEEING_KINDS, Role
from portal.permissions import ScopedViewMixin
from portal.views import FilteredListView, ServiceFormView
from projects import selectors, services
from projects.figures import figure_rows, project_figures
from projects.forms import AddToListForm, ProjectFilterForm, ProjectForm
from projects.forms.annual_lists import ProjectWithdrawForm
from projects.models import ProjectStatus, ProjectType
from projects.panels import project_tabs
from projects.selectors import proposals as proposal_selectors
from projects.services import ContractLine

# The button that moves a project to each status of its lifecycle.
STATUS_ACTIONS = {
    ProjectStatus.UNDER_CONSTRUCTION: "标记为开工在建",
    ProjectStatus.COMPLETED: "标记为已完工",
}
FILTER_KEYS = frozenset(ProjectFilterForm.base_fields)


def redirect_to_project(project, tab: str = ""):
    url = reverse("projects:project-detail", kwargs={"project_code": project.code})
    return redirect(f"{url}?tab={tab}" if tab else url)


class ProjectMixin:
    """Loads the project named in the URL through the scope (404 when outside it)."""

    def get_project(self):
        if not hasattr(self, "project"):
            self.project = selectors.project_get(scope=self.scope, code=self.kwargs["project_code"])
        return self.project


class ProjectListView(FilteredListView):
    template_name = "projects/project_list.html"
    context_object_name = "projects"
    paginate_by = 25

    def get_filter_form(self):
        if not hasattr(self, "_filter_form"):
            self._filter_form = ProjectFilterForm(self.request.GET or None, scope=self.scope)
        return self._filter_form

    def get_filters(self) -> dict:
        form = self.get_filter_form()
        return form.cleaned_data if form.is_bound and form.is_valid() else {}

    def get_paginate_by(self, queryset):
        size = self.request.GET.get("page_size", "")
        return int(size) if size.isdigit() and 10 <= int(size) <= 200 else self.paginate_by

    def get_queryset(self):
        return selectors.project_list(scope=self.scope, filters=self.get_filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for project in context["projects"]:
            project.missing = selectors.missing_checkpoints(project)
        context.update(can_create=self.scope.may_write(OVERSEEING_KINDS), project_types=ProjectType)
        return context


class ProjectExportView(ScopedViewMixin, View):
    """POST: the filtered project list as an Excel workbook, built by a worker; the user is
    sent to the export's page. GET goes back to the list with the same filters."""

    def get(self, request):
        query = request.GET.urlencode()
        return redirect(reverse("projects:project-list") + (f"?{query}" if query else ""))

    def post(self, request):
        params = {key: value for key, value in request.POST.items() if key in FILTER_KEYS}
        export = portal_exports.export_start(
            scope=self.scope, kind="projects", title="重点工程项目一览表", params=params
        )
        return redirect("portal:export-status", export_id=export.pk)


class ProjectDetailView(ProjectMixin, ScopedViewMixin, TemplateView):
    template_name = "projects/project_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.get_project()
        scope = self.scope
        can_edit = selectors.project_can_edit(scope=scope, project=project)
        # A project being proposed reaches the list through the office's review, not directly.
        open_to_lists = scope.may_write(OFFICE_KINDS) and (
            project.status not in (*services.CLOSED_STATUSES, ProjectStatus.PROPOSED)
        )
        checkpoint_rows = selectors.checkpoint_rows(scope=scope, project=project)
        list_entries = list(selectors.project_list_entries(scope=scope, project=project))
        this_year = timezone.localdate().year
        on_this_years_list = any(
            entry.annual_list.year == this_year and entry.withdrawn_on is None
            for entry in list_entries
        )
        context.update(
            project=project,
            tab=self.request.GET.get("tab", "overview"),
            contracts=selectors.project_contracts(scope=scope, project=project),
            townships=selectors.project_townships(scope=scope, project=project),
            forecasts=selectors.project_forecasts(scope=scope, project=project),
            list_entries=list_entries,
            supports=selectors.project_supports(scope=scope, project=project),
            supported_by=selectors.project_supported_by(scope=scope, project=project),
            project_types=ProjectType,
            plans=selectors.labor_plan_list(scope=scope, project=project),
            checkpoint_rows=checkpoint_rows,
            missing=[
                row["label"] for row in checkpoint_rows if row["required"] and not row["record"]
            ],
            entries=portal_selectors.audit_entries_for(scope=scope, target=project)[:50],
            can_edit=can_edit,
            can_record_checkpoints=selectors.project_can_edit(
                scope=scope, project=project, allow_owner=True
            ),
            can_manage_plans=selectors.project_can_manage_plans(scope=scope, project=project),
            # Offered once a year: a project already on this year's list is not offered again.
            can_add_to_list=open_to_lists and not on_this_years_list,
            can_withdraw=open_to_lists,
            can_evaluate=can_edit and project.status == ProjectStatus.COMPLETED,
            is_withdrawn=project.status == ProjectStatus.WITHDRAWN,
            next_status=[
                (status, STATUS_ACTIONS[status])
                for status in services.STATUS_MOVES.get(project.status, ())
            ],
            evaluations=selectors.evaluation_versions(scope=scope, project=project),
            figures=figure_rows(project_figures(project))
            if self.request.GET.get("tab") == "evaluation"
            else None,
            plan_refusal=selectors.labor_plan_refusal(project=project),
        )
        context.update(self.registered_tabs(project, context["tab"]))
        context["edit_url"] = self.edit_url(project, can_edit)
        return context

    def edit_url(self, project, can_edit: bool) -> str | None:
        """Where 编辑 leads: a project being proposed is edited as its proposal (by its
        proposer, while a draft or returned); any other project on the project form."""
        if project.status == ProjectStatus.PROPOSED:
            proposal = proposal_selectors.proposal_for_project(scope=self.scope, project=project)
            if proposal and proposal_selectors.proposal_can_edit(
                scope=self.scope, proposal=proposal
            ):
                return reverse("projects:proposal-edit", args=[proposal.pk])
            return None
        if can_edit and self.scope.kind in OVERSEEING_KINDS:
            return reverse("projects:project-edit", args=[project.code])
        return None

    def registered_tabs(self, project, open_key: str) -> dict:
        """The tabs other topics and apps registered (`projects.panels`): their labels and
        badges, and the open one's template and context."""
        extra_tabs, open_tab, extra_context = [], None, {}
        for tab in project_tabs(self.scope, project):
            badge = tab.badge(self.scope, project) if tab.badge else None
            extra_tabs.append(
                {
                    "key": tab.key,
                    "label": tab.label,
                    "badge": badge[0] if badge else "",
                    "danger": bool(badge and badge[1]),
                }
            )
            if tab.key == open_key:
                open_tab = tab
                extra_context = tab.context(self.scope, project)
        return {"extra_tabs": extra_tabs, "open_tab": open_tab, **extra_context}


class ProjectFormMixin:
    template_name = "projects/project_form.html"
    form_class = ProjectForm
    required_role = Role.EDITOR

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "scope": self.scope}

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        contracts = [
            ContractLine(contractor, form.cleaned_data.get("contract_date"))
            for contractor in form.cleaned_data["contractors"]
        ]
        try:
            project = self.save(form, contracts)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"项目「{project.name}」已保存。")
        return redirect("projects:project-detail", project_code=project.code)


class ProjectCreateView(ProjectFormMixin, ScopedViewMixin, FormView):
    allowed_kinds = OVERSEEING_KINDS

    def save(self, form, contracts):
        return services.project_create(
            scope=self.scope,
            data=form.project_data,
            contracts=contracts,
            townships=list(form.cleaned_data["townships"]),
            forecasts=form.forecasts,
            supports=list(form.cleaned_data["supports"]),
        )


class ProjectUpdateView(ProjectMixin, ProjectFormMixin, ScopedViewMixin, FormView):
    allowed_kinds = OVERSEEING_KINDS

    def get_form_kwargs(self):
        project = self.get_project()
        if not selectors.project_can_edit(scope=self.scope, project=project):
            raise PermissionDenied("您无权修改该项目。")
        return {**super().get_form_kwargs(), "instance": project}

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.get_project(), **kwargs)

    def save(self, form, contracts):
        project = self.get_project()
        project.refresh_from_db()
        return services.project_update(
            scope=self.scope,
            project=project,
            data={k: v for k, v in form.project_data.items() if k != "code"},
            contracts=contracts,
            townships=list(form.cleaned_data["townships"]),
            forecasts=form.forecasts,
            supports=list(form.cleaned_data["supports"]),
        )


class ProjectActionView(ProjectMixin, ServiceFormView):
    """A small form on its own page (GET) that changes the project on POST."""

    template_name = "projects/project_action.html"
    title = ""
    tab = ""  # the tab of the project page to go back to

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.get_project(), title=self.title, **kwargs)

    def done_url(self) -> str:
        return redirect_to_project(self.get_project(), self.tab).url


class ProjectAddToListView(ProjectActionView):
    allowed_kinds = OFFICE_KINDS
    form_class = AddToListForm
    title = "列入年度项目清单"

    def act(self, form):
        entry = services.annual_list_add(
            scope=self.scope,
            project=self.get_project(),
            year=form.cleaned_data["year"],
            on=form.cleaned_data["added_on"],
            reason=form.cleaned_data["reason"],
        )
        return f"已列入{entry.annual_list}。"


class ProjectWithdrawView(ProjectActionView):
    """The office withdraws a project from work relief. The dialog says what that means for
    a project of its status (the lists it leaves, the plans kept as records) and offers the
    reasons that fit that status."""

    allowed_kinds = OFFICE_KINDS
    form_class = ProjectWithdrawForm
    template_name = "projects/project_withdraw.html"
    title = "项目退出以工代赈"
    submit_label = "确定退出"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.get_project()}

    def open_entries(self):
        entries = selectors.project_list_entries(scope=self.scope, project=self.get_project())
        return [entry for entry in entries if entry.withdrawn_on is None]

    def get_context_data(self, **kwargs):
        project = self.get_project()
        plans = list(selectors.labor_plan_list(scope=self.scope, project=project))
        return super().get_context_data(
            open_entries=self.open_entries(),
            plans_total=len(plans),
            plans_published=sum(plan.is_published for plan in plans),
            statuses=ProjectStatus,
            **kwargs,
        )

    def act(self, form):
        project = self.get_project()
        lists = "、".join(str(entry.annual_list) for entry in self.open_entries())
        services.project_withdraw(
            scope=self.scope,
            project=project,
            reason=form.cleaned_data["reason"],
            on=form.cleaned_data["on"],
        )
        where = f"，并已从{lists}调出" if lists else ""
        return f"「{project.name}」已退出以工代赈{where}。"


class ProjectStatusView(ProjectMixin, ScopedViewMixin, View):
    """POST: move the project to its next lifecycle status."""

    required_role = Role.EDITOR
    allowed_kinds = OVERSEEING_KINDS

    def get(self, request, project_code):
        return redirect("projects:project-detail", project_code=self.get_project().code)

    def post(self, request, project_code):
        project = self.get_project()
        try:
            services.project_set_status(
                scope=self.scope, project=project, status=request.POST.get("status", "")
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"项目状态已改为「{project.get_status_display()}」。")
        return redirect("projects:project-detail", project_code=project.code)


urlpatterns = [
    path("projects/", ProjectListView.as_view(), name="project-list"),
    path("projects/export/", ProjectExportView.as_view(), name="project-export"),
    path("projects/new/", ProjectCreateView.as_view(), name="project-create"),
    path("projects/<str:project_code>/", ProjectDetailView.as_view(), name="project-detail"),
    path("projects/<str:project_code>/edit/", ProjectUpdateView.as_view(), name="project-edit"),
    path("projects/<str:project_code>/status/", ProjectStatusView.as_view(), name="project-status"),
    path(
        "projects/<str:project_code>/add-to-list/",
        ProjectAddToListView.as_view(),
        name="project-add-to-list",
    ),
    path(
        "projects/<str:project_code>/withdraw/",
        ProjectWithdrawView.as_view(),
        name="project-withdraw",
    ),
]
