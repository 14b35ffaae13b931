"""Pages of the worker registry: the list (masked, filtered), registering and editing a
worker, a worker's page and the audited reveal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.views.generic import View

from labor import selectors, services
from labor.forms import WorkerFilterForm, WorkerForm
from labor.selectors.workers import TOWNSHIP_MISSING
from portal.forms import add_service_errors
from portal.models import (
    CONTRACTOR_KINDS,
    LABOR_ORG_KINDS,
    OVERSEEING_KINDS,
    OWNER_KINDS,
    REGION_WIDE_KINDS,
    SUPERVISOR_KINDS,
    TOWNSHIP_KINDS,
    Role,
)
from portal.permissions import ScopedViewMixin
from portal.views import FilteredListView

# Every kind whose `Worker.objects.visible_to` returns people: the office and the member
# units, departments, townships, owners, contractors, supervisors and labour organisations.
WORKER_READER_KINDS = (
    REGION_WIDE_KINDS
    | OVERSEEING_KINDS
    | TOWNSHIP_KINDS
    | OWNER_KINDS
    | CONTRACTOR_KINDS
    | SUPERVISOR_KINDS
    | LABOR_ORG_KINDS
)


class WorkerListView(FilteredListView):
    allowed_kinds = WORKER_READER_KINDS
    template_name = "labor/worker_list.html"
    context_object_name = "workers"

    def get_filter_form(self):
        if not hasattr(self, "_filter_form"):
            self._filter_form = WorkerFilterForm(self.request.GET or None, scope=self.scope)
        return self._filter_form

    def get_queryset(self):
        return selectors.worker_list(scope=self.scope, filters=self.get_filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            can_register=self.scope.may_write(services.REGISTRAR_KINDS),
            township_missing=selectors.worker_township_missing_count(scope=self.scope),
            township_missing_filter=TOWNSHIP_MISSING,
        )
        return context


class WorkerDetailView(ScopedViewMixin, View):
    allowed_kinds = WORKER_READER_KINDS
    template_name = "labor/worker_detail.html"

    def context(self, worker, revealed=None):
        return {
            "worker": worker,
            "revealed": revealed,
            "can_reveal": selectors.worker_can_reveal(scope=self.scope, worker=worker),
            "can_edit": services.worker_can_edit(scope=self.scope, worker=worker),
            "history": selectors.worker_history(scope=self.scope, worker=worker),
        }

    def get(self, request, worker_id):
        worker = selectors.worker_get(scope=self.scope, pk=worker_id)
        return render(request, self.template_name, self.context(worker))


class WorkerRevealView(WorkerDetailView):
    """POST only: the whole numbers are shown on this one answer, never in a URL, and the
    reveal is in the audit log."""

    required_role = Role.EDITOR

    def get(self, request, worker_id):
        return redirect("labor:worker-detail", worker_id)

    def post(self, request, worker_id):
        worker = selectors.worker_get(scope=self.scope, pk=worker_id)
        try:
            revealed = services.worker_reveal(scope=self.scope, worker=worker)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect("labor:worker-detail", worker_id)
        response = render(request, self.template_name, self.context(worker, revealed))
        response["Cache-Control"] = "no-store"
        return response


def _saved(request, result, message: str):
    """Back to the worker's page, saying what was saved and what to look at."""
    messages.success(request, message)
    for warning in result.warnings:
        messages.warning(request, warning)
    return redirect("labor:worker-detail", result.worker.pk)


class WorkerCreateView(ScopedViewMixin, View):
    """The office and the labour organisations register a person; the warnings (a card that
    fails the Luhn check, an age past the region's limit) are shown after saving."""

    required_role = Role.EDITOR
    allowed_kinds = services.REGISTRAR_KINDS
    template_name = "labor/worker_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": WorkerForm(scope=self.scope)})

    def post(self, request):
        form = WorkerForm(request.POST, scope=self.scope)
        if form.is_valid():
            try:
                result = services.worker_register(
                    scope=self.scope,
                    id_number=form.cleaned_data["id_number"],
                    priority_groups=form.cleaned_data["priority_groups"],
                    **form.service_data(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _saved(request, result, f"已登记务工人员{result.worker.name}。")
        return render(request, self.template_name, {"form": form})


class WorkerUpdateView(ScopedViewMixin, View):
    required_role = Role.EDITOR
    allowed_kinds = services.REGISTRAR_KINDS
    template_name = "labor/worker_form.html"

    def get_worker(self, worker_id):
        worker = selectors.worker_get(scope=self.scope, pk=worker_id)
        if not services.worker_can_edit(scope=self.scope, worker=worker):
            raise PermissionDenied("您无权修改该务工人员的信息。")
        return worker

    def get(self, request, worker_id):
        worker = self.get_worker(worker_id)
        form = WorkerForm(scope=self.scope, worker=worker)
        return render(request, self.template_name, {"form": form, "worker": worker})

    def post(self, request, worker_id):
        worker = self.get_worker(worker_id)
        form = WorkerForm(request.POST, scope=self.scope, worker=worker)
        if form.is_valid():
            try:
                result = services.worker_update(
                    scope=self.scope,
                    worker=worker,
                    data=form.service_data(),
                    priority_groups=form.cleaned_data["priority_groups"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _saved(request, result, f"已保存务工人员{result.worker.name}的信息。")
        return render(request, self.template_name, {"form": form, "worker": worker})


urlpatterns = [
    path("labor/workers/", WorkerListView.as_view(), name="worker-list"),
    path("labor/workers/new/", WorkerCreateView.as_view(), name="worker-create"),
    path("labor/workers/<int:worker_id>/", WorkerDetailView.as_view(), name="worker-detail"),
    path("labor/workers/<int:worker_id>/edit/", WorkerUpdateView.as_view(), name="worker-update"),
    path("labor/workers/<int:worker_id>/reveal/", WorkerRevealView.as_view(), name="worker-reveal"),
]


def ready() -> None:
    from portal.navigation import NavItem, registry

    registry.add_nav(
        NavItem("务工人员", "labor:worker-list", order=50, allowed_kinds=WORKER_READER_KINDS)
    )
