"""Pages of the roster (用工名册) and its contracts: the projects' rosters, one project's
roster with its filters, a person added, an engagement edited, the signed contract recorded
and downloaded, the upload and its status, the export, the 合同预警 list; the project page's
用工名册 tab, the menu entry and the contractor's to-do lines."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.cache import patch_cache_control
from django.views.generic import FormView, TemplateView, View

from labor import selectors, services
from labor.exports.rosters import EXPORT_KIND, FILTER_KEYS
from labor.forms import (
    ContractAlertFilterForm,
    ContractForm,
    EngagementForm,
    RosterFilterForm,
    RosterImportForm,
    RosterPersonForm,
)
from labor.importers.rosters import roster_import_start
from labor.selectors import ROSTER_KINDS, ContractState
from portal import exports as portal_exports
from portal.models import CONTRACTOR_KINDS, Role
from portal.navigation import Todo
from portal.permissions import ScopedViewMixin
from portal.scope import Scope
from portal.views import FilteredListView, FragmentOnHtmxMixin, ServiceFormView


def file_download(field_file, name: str) -> FileResponse:
    """A stored file as a download the browser may not sniff into a page of the portal."""
    extension = field_file.name.rsplit(".", 1)[-1] if "." in field_file.name else ""
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=f"{name}.{extension}" if extension else name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response


class RosterProjectMixin:
    """A view of one project's roster (`project_id`), 404 outside the scope."""

    def get_project(self):
        if not hasattr(self, "project"):
            self.project = selectors.roster_project_get(
                scope=self.scope, pk=self.kwargs["project_id"]
            )
        return self.project

    def can_write(self) -> bool:
        return self.scope.kind in CONTRACTOR_KINDS and services.roster_can_write(
            scope=self.scope, project=self.get_project(), contractor=self.scope.organization
        )

    def require_write(self) -> None:
        if not self.can_write():
            raise PermissionDenied("只有参建该项目的施工单位可以登记其用工名册。")


class RosterIndexView(ScopedViewMixin, TemplateView):
    """用工名册: the projects whose rosters the scope keeps or reads, with their counts."""

    allowed_kinds = ROSTER_KINDS
    template_name = "labor/roster_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            projects=selectors.roster_project_list(scope=self.scope),
            is_contractor=self.scope.kind in CONTRACTOR_KINDS,
            **kwargs,
        )


class RosterView(RosterProjectMixin, FilteredListView):
    """One project's roster as the scope sees it: masked numbers, filters, 375 px cards."""

    allowed_kinds = ROSTER_KINDS
    template_name = "labor/roster_detail.html"
    context_object_name = "engagements"

    def get_filter_form(self):
        if not hasattr(self, "_filter_form"):
            self._filter_form = RosterFilterForm(
                self.request.GET or None, project=self.get_project()
            )
        return self._filter_form

    def get_queryset(self):
        filters = {**self.get_filters(), "project": self.get_project()}
        return selectors.engagement_list(scope=self.scope, filters=filters)

    def get_context_data(self, **kwargs):
        can_write = self.can_write()
        return super().get_context_data(
            project=self.get_project(),
            can_write=can_write,
            show_contractor=self.scope.kind not in CONTRACTOR_KINDS,
            recent_imports=(
                selectors.roster_import_list(scope=self.scope, project=self.get_project())[:5]
                if can_write
                else []
            ),
            **kwargs,
        )


class RosterPersonAddView(RosterProjectMixin, ServiceFormView):
    allowed_kinds = CONTRACTOR_KINDS
    form_class = RosterPersonForm
    template_name = "labor/roster_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.warnings: list[str] = []
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        self.require_write()
        return {**super().get_form_kwargs(), "project": self.get_project()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            project=self.get_project(), title="登记用工人员", submit="登记", **kwargs
        )

    def act(self, form) -> str:
        engagement, self.warnings = services.roster_person_add(
            scope=self.scope,
            project=self.get_project(),
            contractor=self.scope.organization,
            id_number=form.cleaned_data["id_number"],
            name=form.cleaned_data["name"],
            entry_date=form.cleaned_data["entry_date"],
            worker_data=form.worker_data(),
            **{k: v for k, v in form.engagement_data().items() if k != "entry_date"},
        )
        for warning in self.warnings:
            messages.warning(self.request, warning)
        return f"已将{engagement.worker.name}登记到用工名册。"

    def done_url(self) -> str:
        return reverse("labor:roster", args=[self.get_project().pk])


class EngagementMixin(RosterProjectMixin):
    def get_engagement(self):
        if not hasattr(self, "engagement"):
            self.engagement = selectors.engagement_get(
                scope=self.scope, pk=self.kwargs["engagement_id"]
            )
            self.project = self.engagement.project
        return self.engagement

    def get_project(self):
        return self.get_engagement().project


class EngagementEditView(EngagementMixin, ServiceFormView):
    allowed_kinds = CONTRACTOR_KINDS
    form_class = EngagementForm
    template_name = "labor/roster_form.html"

    def get_form_kwargs(self):
        self.require_write()
        return {
            **super().get_form_kwargs(),
            "instance": self.get_engagement(),
            "project": self.get_project(),
        }

    def get_context_data(self, **kwargs):
        engagement = self.get_engagement()
        return super().get_context_data(
            project=self.get_project(),
            engagement=engagement,
            title=f"修改用工信息：{engagement.worker.name}",
            submit="保存",
            **kwargs,
        )

    def act(self, form) -> str:
        engagement = services.engagement_update(
            scope=self.scope, engagement=self.get_engagement(), data=form.cleaned_data
        )
        return f"已保存{engagement.worker.name}的用工信息。"

    def done_url(self) -> str:
        return reverse("labor:roster", args=[self.get_project().pk])


class EngagementContractView(EngagementMixin, ServiceFormView):
    allowed_kinds = CONTRACTOR_KINDS
    form_class = ContractForm
    template_name = "labor/contract_form.html"

    def get_form_kwargs(self):
        self.require_write()
        return super().get_form_kwargs()

    def get_initial(self):
        return {"contract_signed_on": self.get_engagement().contract_signed_on}

    def get_context_data(self, **kwargs):
        return super().get_context_data(engagement=self.get_engagement(), **kwargs)

    def act(self, form) -> str:
        engagement = services.engagement_contract_record(
            scope=self.scope,
            engagement=self.get_engagement(),
            signed_on=form.cleaned_data["contract_signed_on"],
            scan=form.cleaned_data.get("contract_scan"),
        )
        return f"已登记{engagement.worker.name}的劳动合同。"

    def done_url(self) -> str:
        return reverse("labor:roster", args=[self.get_project().pk])


class EngagementContractFileView(ScopedViewMixin, View):
    """The signed contract's scan, to whoever sees the engagement (named `scanned_…`: the
    route walker's engagement of this route carries a scan)."""

    allowed_kinds = ROSTER_KINDS

    def get(self, request, scanned_engagement_id):
        engagement = selectors.engagement_get(scope=self.scope, pk=scanned_engagement_id)
        if not engagement.contract_scan:
            raise Http404("该人员还没有上传劳动合同扫描件。")
        return file_download(
            engagement.contract_scan, f"{engagement.project.code}-劳动合同-{engagement.pk}"
        )


class RosterImportView(RosterProjectMixin, ScopedViewMixin, FormView):
    """The contractor uploads its roster; a worker checks and writes it; the user is sent
    to its status page."""

    allowed_kinds = CONTRACTOR_KINDS
    required_role = Role.EDITOR
    form_class = RosterImportForm
    template_name = "labor/roster_import.html"

    def get_form_kwargs(self):
        self.require_write()
        return super().get_form_kwargs()

    def get_context_data(self, **kwargs):
        project = self.get_project()
        return super().get_context_data(
            project=project,
            recent=selectors.roster_import_list(scope=self.scope, project=project)[:10],
            **kwargs,
        )

    def form_valid(self, form):
        job = roster_import_start(
            scope=self.scope,
            project=self.get_project(),
            upload=form.cleaned_data["file"],
            entry_date=form.cleaned_data["entry_date"],
        )
        return redirect("labor:roster-import-status", roster_import_id=job.pk)


class RosterImportStatusView(FragmentOnHtmxMixin, ScopedViewMixin, TemplateView):
    """Where an upload stands; while it runs, the status block reloads itself every second."""

    allowed_kinds = CONTRACTOR_KINDS
    template_name = "labor/roster_import_status.html"
    fragment_template_name = "labor/roster_import_status_block.html"

    def get_context_data(self, **kwargs):
        job = selectors.roster_import_get(scope=self.scope, pk=kwargs["roster_import_id"])
        return super().get_context_data(
            roster_import=job, job=job, progress=job.progress(), **kwargs
        )


class RosterExportView(RosterProjectMixin, ScopedViewMixin, View):
    """POST: the filtered roster as Excel, built by a worker (numbers masked); GET goes back
    to the roster with the same filters."""

    allowed_kinds = ROSTER_KINDS

    def get(self, request, project_id):
        project = self.get_project()
        query = request.GET.urlencode()
        return redirect(reverse("labor:roster", args=[project.pk]) + (f"?{query}" if query else ""))

    def post(self, request, project_id):
        project = self.get_project()
        params = {key: value for key, value in request.POST.items() if key in FILTER_KEYS}
        export = portal_exports.export_start(
            scope=self.scope,
            kind=EXPORT_KIND,
            title=f"{project.name} 用工名册",
            params={**params, "project": project.pk},
        )
        return redirect("portal:export-status", export_id=export.pk)


class ContractAlertListView(FilteredListView):
    """合同预警: who works today without a signed contract, and who past his contract's end."""

    allowed_kinds = ROSTER_KINDS
    template_name = "labor/contract_alerts.html"
    context_object_name = "engagements"

    def get_filter_form(self):
        if not hasattr(self, "_filter_form"):
            self._filter_form = ContractAlertFilterForm(
                self.request.GET or None, projects=selectors.roster_projects(self.scope)
            )
        return self._filter_form

    def get_filters(self) -> dict:
        filters = {key: value for key, value in super().get_filters().items() if value}
        filters.setdefault("contract", ContractState.ALERT)
        return filters

    def get_queryset(self):
        return selectors.engagement_list(scope=self.scope, filters=self.get_filters())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            state=self.get_filters()["contract"],
            states=ContractState,
            can_write=self.scope.may_write(CONTRACTOR_KINDS),
            **kwargs,
        )


urlpatterns = [
    path("labor/rosters/", RosterIndexView.as_view(), name="roster-index"),
    path("labor/projects/<int:project_id>/roster/", RosterView.as_view(), name="roster"),
    path(
        "labor/projects/<int:project_id>/roster/add/",
        RosterPersonAddView.as_view(),
        name="roster-add",
    ),
    path(
        "labor/projects/<int:project_id>/roster/import/",
        RosterImportView.as_view(),
        name="roster-import",
    ),
    path(
        "labor/projects/<int:project_id>/roster/export/",
        RosterExportView.as_view(),
        name="roster-export",
    ),
    path(
        "labor/roster-imports/<int:roster_import_id>/",
        RosterImportStatusView.as_view(),
        name="roster-import-status",
    ),
    path(
        "labor/engagements/<int:engagement_id>/edit/",
        EngagementEditView.as_view(),
        name="engagement-edit",
    ),
    path(
        "labor/engagements/<int:engagement_id>/contract/",
        EngagementContractView.as_view(),
        name="engagement-contract",
    ),
    path(
        "labor/engagements/<int:scanned_engagement_id>/contract/file/",
        EngagementContractFileView.as_view(),
        name="engagement-contract-file",
    ),
    path("labor/contract-alerts/", ContractAlertListView.as_view(), name="contract-alerts"),
]


# --- what this topic puts on other pages ---------------------------------------------------


def contract_alerts_url(state: str) -> str:
    return reverse("labor:contract-alerts") + "?" + urlencode({"contract": state})


def contract_todos(scope: Scope) -> list[Todo]:
    """The contractor's to-do lines: people working without a signed contract, and past
    their contract's end (urgent), each counted by the list its link opens."""
    if scope.kind not in CONTRACTOR_KINDS:
        return []
    return [
        Todo(
            "在岗但劳动合同已到期的人员",
            selectors.contract_alert_count(scope=scope, state=ContractState.EXPIRED),
            contract_alerts_url(ContractState.EXPIRED),
            urgent=True,
        ),
        Todo(
            "在岗未签劳动合同的人员",
            selectors.contract_alert_count(scope=scope, state=ContractState.UNSIGNED),
            contract_alerts_url(ContractState.UNSIGNED),
        ),
    ]


def roster_tab_allowed(scope: Scope, project) -> bool:
    return scope.kind in ROSTER_KINDS


def roster_tab_badge(scope: Scope, project) -> tuple[str, bool] | None:
    count = selectors.roster_count(scope=scope, project=project)
    return (str(count), False) if count else None


TAB_ROWS = 20


def roster_tab_context(scope: Scope, project) -> dict:
    engagements = selectors.engagement_list(scope=scope, filters={"project": project})
    return {
        "tab_engagements": list(engagements[:TAB_ROWS]),
        "tab_roster_count": engagements.count(),
        "tab_rows": TAB_ROWS,
        "tab_can_write": scope.kind in CONTRACTOR_KINDS
        and services.roster_can_write(scope=scope, project=project, contractor=scope.organization),
    }


def ready() -> None:
    """Menu entry, the contractor's to-dos, the project tab, the upload's work, the export."""
    from labor.exports.rosters import build_roster_export
    from labor.importers.rosters import roster_import_perform
    from labor.models import RosterImport
    from portal.exports import register_builder
    from portal.jobs import register_job_work
    from portal.navigation import NavItem, registry
    from projects.panels import ProjectTab, register_project_tab

    registry.add_nav(
        NavItem("用工名册", "labor:roster-index", order=52, allowed_kinds=ROSTER_KINDS)
    )
    registry.add_todo(contract_todos)
    register_job_work(RosterImport, roster_import_perform)
    register_builder(EXPORT_KIND, build_roster_export)
    register_project_tab(
        ProjectTab(
            "roster",
            "用工名册",
            "labor/roster_tab.html",
            roster_tab_context,
            badge=roster_tab_badge,
            allowed=roster_tab_allowed,
            order=40,
        )
    )
