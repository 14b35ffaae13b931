"""Pages of attendance (考勤): the monthly summaries and the records behind their numbers, the
grid of a project and month (entered by the contractor, read by the others), the upload of a
monthly grid and its status."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from labor import selectors, services
from labor.forms import (
    AttendanceFilterForm,
    AttendanceGridForm,
    AttendanceSummaryForm,
    AttendanceUploadForm,
    parse_attendance_month,
)
from labor.importers.attendance import attendance_import_perform, attendance_import_start
from labor.models import AttendanceImport, Mark, month_days
from labor.selectors import ATTENDANCE_KINDS, MARK_SYMBOLS, AttendanceSummaryBy
from portal.forms import add_service_errors
from portal.models import CONTRACTOR_KINDS, Role
from portal.permissions import ScopedViewMixin
from portal.views import FilteredListView, FragmentOnHtmxMixin


def _month_from(request) -> datetime.date:
    return parse_attendance_month(request.GET.get("month")) or timezone.localdate().replace(day=1)


def grid_url(project_id: int, month: datetime.date) -> str:
    return reverse("labor:attendance-grid", args=[project_id]) + f"?month={month:%Y-%m}"


def _shift(month: datetime.date, months: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


class AttendanceSummaryView(FilteredListView):
    """Days worked in a month per project, per township or per worker; each number links to
    the records it counts."""

    allowed_kinds = ATTENDANCE_KINDS
    template_name = "labor/attendance_summary.html"
    context_object_name = "lines"

    def get_filter_form(self):
        if not hasattr(self, "_filter_form"):
            self._filter_form = AttendanceSummaryForm(self.request.GET or None)
        return self._filter_form

    def get_queryset(self):
        self.month, self.by = self.get_filter_form().values()
        return selectors.attendance_summary(scope=self.scope, month=self.month, by=self.by)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals = (
            selectors.attendance_list(scope=self.scope, filters={"month": self.month})
            .order_by()
            .aggregate(total_days=Sum("days"), workers=Count("worker", distinct=True))
        )
        context.update(
            month=self.month,
            by=self.by,
            by_project=self.by == AttendanceSummaryBy.PROJECT,
            by_township=self.by == AttendanceSummaryBy.TOWNSHIP,
            totals=totals,
            previous_month=_shift(self.month, -1),
            next_month=_shift(self.month, 1),
            can_upload=self.scope.may_write(CONTRACTOR_KINDS),
        )
        return context


class AttendanceRecordListView(FilteredListView):
    """The months of attendance a summary's number counts (same selector, same filters)."""

    allowed_kinds = ATTENDANCE_KINDS
    template_name = "labor/attendance_records.html"
    context_object_name = "records"
    filter_form_class = AttendanceFilterForm

    def get_queryset(self):
        return selectors.attendance_list(scope=self.scope, filters=self.get_filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = (
            selectors.attendance_list(scope=self.scope, filters=self.get_filters())
            .order_by()
            .aggregate(
                total_days=Sum("days"), count=Count("pk"), workers=Count("worker", distinct=True)
            )
        )
        context["filters"] = self.get_filters()
        return context


class AttendanceGridView(ScopedViewMixin, TemplateView):
    """A project's month: a row per worker on the roster, a column per day. The contractor's
    editors enter their own rows (one short input a cell, Tab and the arrow keys move); the
    others read. Flags (outside the engagement, on two sites) are marked on their cells."""

    allowed_kinds = ATTENDANCE_KINDS
    template_name = "labor/attendance_grid.html"

    def get_context_data(self, **kwargs):
        project = selectors.attendance_project_get(scope=self.scope, pk=kwargs["project_id"])
        month = _month_from(self.request)
        grid = selectors.attendance_grid(
            scope=self.scope, project=project, month=month, page=self.request.GET.get("page")
        )
        return super().get_context_data(
            project=project,
            month=month,
            grid=grid,
            previous_month=_shift(month, -1),
            next_month=_shift(month, 1),
            legend=[
                (symbol, label) for mark, label in Mark.choices if (symbol := MARK_SYMBOLS[mark])
            ],
            **kwargs,
        )


class AttendanceSaveView(ScopedViewMixin, View):
    """POST: save the contractor's rows of the grid (one service call, flags as warnings);
    GET goes back to the grid."""

    allowed_kinds = CONTRACTOR_KINDS
    required_role = Role.EDITOR

    def get(self, request, project_id):
        project = selectors.attendance_project_get(scope=self.scope, pk=project_id)
        return redirect(grid_url(project.pk, _month_from(request)))

    def post(self, request, project_id):
        project = selectors.attendance_project_get(scope=self.scope, pk=project_id)
        month = parse_attendance_month(request.POST.get("month"))
        if month is None:
            messages.error(request, "请选择考勤月份。")
            return redirect(grid_url(project.pk, _month_from(request)))
        page = request.POST.get("page", "")
        back = grid_url(project.pk, month) + (f"&page={page}" if page.isdigit() else "")
        posted = {
            int(parts[1])
            for key in request.POST
            if len(parts := key.split("-")) == 3 and parts[0] == "m" and parts[1].isdigit()
        }
        mine = selectors.attendance_grid_workers(
            scope=self.scope, project=project, month=month, worker_ids=posted
        )
        form = AttendanceGridForm(request.POST, workers=mine, days=month_days(month))
        if not form.is_valid():
            for error in form.non_field_errors():
                messages.error(request, error)
            return redirect(back)
        try:
            result = services.attendance_month_save(
                scope=self.scope,
                project=project,
                contractor=self.scope.organization,
                month=month,
                grid=form.cleaned_data["grid"],
            )
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(back)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(back)
        messages.success(request, f"已保存{month:%Y年%m月}的考勤：{result.summary()}")
        if result.flags:
            messages.warning(
                request,
                "请核实标记的日期："
                + "；".join(
                    f"{mine.get(flag.worker_id, '')}{flag.message}" for flag in result.flags[:20]
                ),
            )
        return redirect(back)


class AttendanceUploadView(ScopedViewMixin, FormView):
    """The contractor uploads a monthly grid of one of its projects; a worker checks and
    writes it; the user is sent to its status page."""

    allowed_kinds = CONTRACTOR_KINDS
    required_role = Role.EDITOR
    form_class = AttendanceUploadForm
    template_name = "labor/attendance_upload.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "scope": self.scope}

    def get_initial(self):
        initial = super().get_initial()
        if project := self.request.GET.get("project", ""):
            initial["project"] = project if project.isdigit() else None
        if month := parse_attendance_month(self.request.GET.get("month")):
            initial["month"] = month
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            recent=selectors.attendance_import_list(scope=self.scope)[:10], **kwargs
        )

    def form_valid(self, form):
        try:
            job = attendance_import_start(
                scope=self.scope,
                project=form.cleaned_data["project"],
                month=form.cleaned_data["month"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        return redirect("labor:attendance-import-status", attendance_import_id=job.pk)


class AttendanceImportStatusView(FragmentOnHtmxMixin, ScopedViewMixin, TemplateView):
    """Where an upload stands; the status block reloads itself (htmx) while it runs."""

    allowed_kinds = CONTRACTOR_KINDS
    template_name = "labor/attendance_import_status.html"
    fragment_template_name = "labor/attendance_import_progress.html"

    def get_context_data(self, **kwargs):
        job = selectors.attendance_import_get(scope=self.scope, pk=kwargs["attendance_import_id"])
        return super().get_context_data(
            job=job,
            progress=job.progress(),
            grid_link=grid_url(job.project_id, job.month),
            **kwargs,
        )


urlpatterns = [
    path("labor/attendance/", AttendanceSummaryView.as_view(), name="attendance-summary"),
    path(
        "labor/attendance/records/",
        AttendanceRecordListView.as_view(),
        name="attendance-records",
    ),
    path("labor/attendance/upload/", AttendanceUploadView.as_view(), name="attendance-upload"),
    path(
        "labor/attendance/imports/<int:attendance_import_id>/",
        AttendanceImportStatusView.as_view(),
        name="attendance-import-status",
    ),
    path(
        "labor/projects/<int:project_id>/attendance/",
        AttendanceGridView.as_view(),
        name="attendance-grid",
    ),
    path(
        "labor/projects/<int:project_id>/attendance/save/",
        AttendanceSaveView.as_view(),
        name="attendance-save",
    ),
]


def ready() -> None:
    from portal.jobs import register_job_work
    from portal.navigation import NavItem, registry

    register_job_work(AttendanceImport, attendance_import_perform)
    registry.add_nav(
        NavItem("考勤", "labor:attendance-summary", order=52, allowed_kinds=ATTENDANCE_KINDS)
    )
