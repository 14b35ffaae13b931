"""Pages of the worker registry: the list (masked), a worker's page, the audited reveal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.views.generic import View

from labor import selectors, services
from labor.forms import WorkerFilterForm
from portal.models import LABOR_ORG_KINDS, OFFICE_KINDS, Role
from portal.permissions import ScopedViewMixin
from portal.views import FilteredListView

WORKER_PAGE_KINDS = OFFICE_KINDS | LABOR_ORG_KINDS


class WorkerListView(FilteredListView):
    allowed_kinds = WORKER_PAGE_KINDS
    template_name = "labor/worker_list.html"
    context_object_name = "workers"

    def get_filter_form(self):
        if not hasattr(self, "_filter_form"):
            self._filter_form = WorkerFilterForm(self.request.GET or None, scope=self.scope)
        return self._filter_form

    def get_queryset(self):
        return selectors.worker_list(scope=self.scope, filters=self.get_filters())


class WorkerDetailView(ScopedViewMixin, View):
    allowed_kinds = WORKER_PAGE_KINDS
    template_name = "labor/worker_detail.html"

    def context(self, worker, revealed=None):
        return {
            "worker": worker,
            "revealed": revealed,
            "can_reveal": selectors.worker_can_reveal(scope=self.scope, worker=worker),
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


urlpatterns = [
    path("labor/workers/", WorkerListView.as_view(), name="worker-list"),
    path("labor/workers/<int:worker_id>/", WorkerDetailView.as_view(), name="worker-detail"),
    path("labor/workers/<int:worker_id>/reveal/", WorkerRevealView.as_view(), name="worker-reveal"),
]


def ready() -> None:
    from portal.navigation import NavItem, registry

    registry.add_nav(
        NavItem("务工人员", "labor:worker-list", order=50, allowed_kinds=WORKER_PAGE_KINDS)
    )
