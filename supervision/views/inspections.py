"""Pages: the inspection list, recording an inspection with its findings, the inspection's
page, and adding a finding to it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView, View

from portal.forms import add_service_errors
from portal.models import REGION_READER_KINDS, Role
from portal.permissions import ScopedViewMixin
from portal.views import FilteredListView
from supervision import selectors, services
from supervision.forms import (
    FindingForm,
    FindingFormSet,
    InspectionFilterForm,
    InspectionForm,
    ProjectChoiceForm,
)
from supervision.models.inspections import INSPECTING_KINDS, levels_for


class InspectionListView(FilteredListView):
    template_name = "supervision/inspection_list.html"
    filter_form_class = InspectionFilterForm
    context_object_name = "inspections"
    paginate_by = 25

    def get_queryset(self):
        return selectors.inspection_list(scope=self.scope, filters=self.get_filters())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_record=bool(levels_for(self.scope.kind)) and self.scope.may_write(),
            can_observe=self.scope.may_write()
            and selectors.supervised_projects(scope=self.scope).exists(),
            reads_draws=self.scope.kind in REGION_READER_KINDS,
            **kwargs,
        )


class InspectionCreateView(ScopedViewMixin, View):
    """Step one chooses the project (?project=CODE); step two records the inspection with up
    to three findings at once (more are added on the inspection's page)."""

    required_role = Role.EDITOR
    allowed_kinds = INSPECTING_KINDS
    template_name = "supervision/inspection_form.html"

    def get_project(self):
        chooser = ProjectChoiceForm(self.request.GET or None, scope=self.scope)
        if chooser.is_bound and chooser.is_valid():
            return chooser, chooser.cleaned_data["project"]
        return chooser, None

    def forms(self, project, data=None):
        initial = {"draw": self.request.GET.get("draw") or None}
        if level := self.request.GET.get("level"):
            initial["level"] = level
        form = InspectionForm(data, scope=self.scope, initial=initial)
        findings = FindingFormSet(
            data, prefix="findings", form_kwargs={"project": project, "optional": True}
        )
        return form, findings

    def render_page(self, chooser, project, form=None, findings=None):
        return render(
            self.request,
            self.template_name,
            {"chooser": chooser, "project": project, "form": form, "findings": findings},
        )

    def get(self, request):
        chooser, project = self.get_project()
        if project is None:
            if chooser.is_bound:  # a project outside the list the user may inspect
                chooser.full_clean()
            return self.render_page(chooser, None)
        return self.render_page(chooser, project, *self.forms(project))

    def post(self, request):
        chooser, project = self.get_project()
        if project is None:
            return self.render_page(chooser, None)
        form, findings = self.forms(project, request.POST)
        if form.is_valid() and findings.is_valid():
            rows = [row for row in findings.cleaned_data if row.get("description")]
            data = form.cleaned_data
            try:
                inspection = services.inspection_record(
                    scope=self.scope,
                    project=project,
                    level=data["level"],
                    inspected_on=data["inspected_on"],
                    participants=data["participants"],
                    other_participants=data["other_participants"],
                    summary=data["summary"],
                    findings=rows,
                    draw=data["draw"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"已记录{inspection.get_level_display()}，发现问题 {len(rows)} 个。",
                )
                return redirect("supervision:inspection-detail", inspection_id=inspection.pk)
        return self.render_page(chooser, project, form, findings)


class InspectionDetailView(ScopedViewMixin, TemplateView):
    template_name = "supervision/inspection_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inspection = selectors.inspection_get(scope=self.scope, pk=kwargs["inspection_id"])
        findings = selectors.inspection_findings(scope=self.scope, inspection=inspection)
        context.update(
            inspection=inspection,
            participants=inspection.participants.order_by("kind", "name"),
            findings=findings,
            project_visible=selectors.visible_project(scope=self.scope, project=inspection.project),
            can_add=selectors.inspection_can_add_findings(scope=self.scope, inspection=inspection),
            today=timezone.localdate(),
        )
        return context


class FindingAddView(ScopedViewMixin, View):
    """One more finding of an inspection, by the organisation that inspected."""

    required_role = Role.EDITOR
    template_name = "supervision/finding_form.html"

    def dispatch_inspection(self, inspection_id):
        inspection = selectors.inspection_get(scope=self.scope, pk=inspection_id)
        if not selectors.inspection_can_add_findings(scope=self.scope, inspection=inspection):
            raise PermissionDenied("只有检查单位可以为该次检查添加问题。")
        return inspection

    def get(self, request, inspection_id):
        inspection = self.dispatch_inspection(inspection_id)
        form = FindingForm(project=inspection.project)
        return self.render_page(inspection, form)

    def post(self, request, inspection_id):
        inspection = self.dispatch_inspection(inspection_id)
        form = FindingForm(request.POST, project=inspection.project)
        if form.is_valid():
            try:
                services.finding_add(
                    scope=self.scope, inspection=inspection, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "问题已添加，责任单位将在待办中看到。")
                return redirect("supervision:inspection-detail", inspection_id=inspection.pk)
        return self.render_page(inspection, form)

    def render_page(self, inspection, form):
        return render(self.request, self.template_name, {"inspection": inspection, "form": form})


urlpatterns = [
    path("supervision/", InspectionListView.as_view(), name="inspection-list"),
    path("supervision/inspections/new/", InspectionCreateView.as_view(), name="inspection-create"),
    path(
        "supervision/inspections/<int:inspection_id>/",
        InspectionDetailView.as_view(),
        name="inspection-detail",
    ),
    path(
        "supervision/inspections/<int:inspection_id>/findings/new/",
        FindingAddView.as_view(),
        name="finding-add",
    ),
]
