"""Pages of training (培训): the training ledger (培训台账) per project and per township with
its totals and export, a session with its participants, and the forms to record them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.generic import View

from labor import selectors, services
from labor.exports.training import EXPORT_KIND, build_training_export
from labor.forms import TrainingFilterForm, TrainingParticipantsForm, TrainingSessionForm
from portal import exports as portal_exports
from portal.forms import add_service_errors
from portal.models import (
    CONTRACTOR_KINDS,
    OWNER_KINDS,
    REGION_WIDE_KINDS,
    TOWNSHIP_KINDS,
    OrganizationKind,
    Role,
)
from portal.permissions import ScopedViewMixin
from portal.views import FilteredListView

# Who reads the ledger: its recorders and the departments (the projects they supervise).
LEDGER_KINDS = (
    REGION_WIDE_KINDS
    | TOWNSHIP_KINDS
    | OWNER_KINDS
    | CONTRACTOR_KINDS
    | frozenset({OrganizationKind.DEPARTMENT})
)
FILTER_KEYS = ("project", "township", "kind", "mode", "year", "reserve_only")


class TrainingLedgerView(FilteredListView):
    allowed_kinds = LEDGER_KINDS
    template_name = "labor/training_list.html"
    context_object_name = "sessions"

    def get_filter_form(self):
        if not hasattr(self, "_filter_form"):
            self._filter_form = TrainingFilterForm(self.request.GET or None, scope=self.scope)
        return self._filter_form

    def get_queryset(self):
        return selectors.training_ledger(scope=self.scope, filters=self.get_filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions = self.object_list
        context.update(
            totals=selectors.training_totals(sessions),
            by_project=selectors.training_by_project(sessions),
            by_township=selectors.training_by_township(sessions),
            can_record=selectors.training_can_record(self.scope),
        )
        return context


class TrainingExportView(ScopedViewMixin, View):
    """POST: the filtered ledger as a workbook built by a worker; GET goes back to the list."""

    allowed_kinds = LEDGER_KINDS

    def get(self, request):
        query = request.GET.urlencode()
        return redirect(reverse("labor:training-list") + (f"?{query}" if query else ""))

    def post(self, request):
        params = {key: value for key, value in request.POST.items() if key in FILTER_KEYS}
        export = portal_exports.export_start(
            scope=self.scope, kind=EXPORT_KIND, title="培训台账", params=params
        )
        return redirect("portal:export-status", export_id=export.pk)


class TrainingCreateView(ScopedViewMixin, View):
    required_role = Role.EDITOR
    allowed_kinds = selectors.TRAINING_RECORDER_KINDS
    template_name = "labor/training_form.html"

    def get(self, request):
        initial = {"project": request.GET.get("project")}
        form = TrainingSessionForm(initial=initial, scope=self.scope)
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = TrainingSessionForm(request.POST, scope=self.scope)
        if form.is_valid():
            try:
                session = services.training_session_record(scope=self.scope, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "培训已登记，请登记参训人员。")
                return redirect("labor:training-participants", session.pk)
        return render(request, self.template_name, {"form": form})


class TrainingUpdateView(ScopedViewMixin, View):
    """The organiser corrects a session: the same form, the same checks."""

    required_role = Role.EDITOR
    allowed_kinds = selectors.TRAINING_RECORDER_KINDS
    template_name = "labor/training_form.html"

    def session(self, session_id):
        session = selectors.training_session_get(scope=self.scope, pk=session_id)
        if not selectors.training_session_can_edit(scope=self.scope, session=session):
            raise PermissionDenied("只有组织培训的单位可以修改培训。")
        return session

    def get(self, request, session_id):
        session = self.session(session_id)
        form = TrainingSessionForm(instance=session, scope=self.scope)
        return render(request, self.template_name, {"form": form, "session": session})

    def post(self, request, session_id):
        session = self.session(session_id)
        form = TrainingSessionForm(request.POST, instance=session, scope=self.scope)
        if form.is_valid():
            try:
                changes = services.training_session_update(
                    scope=self.scope, session=session, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "培训已修改。" if changes else "没有修改任何内容。")
                return redirect("labor:training-detail", session.pk)
        return render(request, self.template_name, {"form": form, "session": session})


class TrainingDetailView(ScopedViewMixin, View):
    allowed_kinds = LEDGER_KINDS
    template_name = "labor/training_detail.html"

    def get(self, request, session_id):
        session = selectors.training_session_get(scope=self.scope, pk=session_id)
        participants = list(selectors.training_participants(session=session))
        context = {
            "session": session,
            "participants": participants,
            "passed": sum(1 for p in participants if p.passed),
            "can_edit": selectors.training_session_can_edit(scope=self.scope, session=session),
        }
        return render(request, self.template_name, context)


class TrainingParticipantsView(ScopedViewMixin, View):
    required_role = Role.EDITOR
    allowed_kinds = selectors.TRAINING_RECORDER_KINDS
    template_name = "labor/training_participants.html"

    def session(self, session_id):
        session = selectors.training_session_get(scope=self.scope, pk=session_id)
        if not selectors.training_session_can_edit(scope=self.scope, session=session):
            raise PermissionDenied("只有组织培训的单位可以登记参训人员。")
        return session

    def get(self, request, session_id):
        session = self.session(session_id)
        form = TrainingParticipantsForm(scope=self.scope, session=session)
        return render(request, self.template_name, {"session": session, "form": form})

    def post(self, request, session_id):
        session = self.session(session_id)
        form = TrainingParticipantsForm(request.POST, scope=self.scope, session=session)
        if form.is_valid():
            try:
                result = services.training_participants_set(
                    scope=self.scope,
                    session=session,
                    attendees=form.attendees(),
                    remove=form.removed(),
                )
            except ValidationError as error:
                for messages_ in error.message_dict.values():
                    for message in messages_:
                        form.add_error("id_numbers", message)
            else:
                messages.success(
                    request,
                    f"参训人员已保存：新增{result['added']}人，更新{result['updated']}人，"
                    f"移除{result['removed']}人。",
                )
                return redirect("labor:training-detail", session.pk)
        return render(request, self.template_name, {"session": session, "form": form})


urlpatterns = [
    path("labor/training/", TrainingLedgerView.as_view(), name="training-list"),
    path("labor/training/export/", TrainingExportView.as_view(), name="training-export"),
    path("labor/training/new/", TrainingCreateView.as_view(), name="training-create"),
    path("labor/training/<int:session_id>/", TrainingDetailView.as_view(), name="training-detail"),
    path(
        "labor/training/<int:session_id>/edit/",
        TrainingUpdateView.as_view(),
        name="training-update",
    ),
    path(
        "labor/training/<int:session_id>/participants/",
        TrainingParticipantsView.as_view(),
        name="training-participants",
    ),
]


def ready() -> None:
    from labor.figures import labor_figures
    from portal.navigation import NavItem, registry
    from projects.figures import register_figure_provider

    registry.add_nav(
        NavItem("培训台账", "labor:training-list", order=56, allowed_kinds=LEDGER_KINDS)
    )
    portal_exports.register_builder(EXPORT_KIND, build_training_export)
    register_figure_provider(labor_figures)
