"""Pages: the annual lists (on any date), their dynamic changes, Excel import and export."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from portal.forms import add_service_errors
from portal.models import OFFICE_KINDS, OVERSEEING_KINDS, REGION_READER_KINDS, Role
from portal.permissions import ScopedViewMixin
from portal.views import FragmentOnHtmxMixin
from projects import exports, importers, selectors, services
from projects.forms import ImportForm, WithdrawForm
from projects.forms.annual_lists import AnnualListExportForm
from projects.models import AnnualListEntry, Project, ProjectType


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _on_date(request, annual_list) -> datetime.date:
    """The `?on=` date of the list view; when absent or malformed, today, or the last day of
    the list's year once that year is over."""
    try:
        return datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return min(timezone.localdate(), datetime.date(annual_list.year, 12, 31))


class AnnualListIndexView(ScopedViewMixin, TemplateView):
    allowed_kinds = REGION_READER_KINDS
    template_name = "projects/annual_list_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lists=selectors.annual_list_list(scope=self.scope),
            reserve_count=selectors.reserve_list(scope=self.scope).count(),
            can_import=self.scope.may_write(OVERSEEING_KINDS),
            is_office=self.scope.is_office,
            **kwargs,
        )


class AnnualListMixin:
    def get_list(self):
        if not hasattr(self, "annual_list"):
            self.annual_list = selectors.annual_list_get(
                scope=self.scope, pk=self.kwargs["list_id"]
            )
        return self.annual_list


class AnnualListDetailView(AnnualListMixin, ScopedViewMixin, TemplateView):
    allowed_kinds = REGION_READER_KINDS
    template_name = "projects/annual_list_detail.html"

    def get_context_data(self, **kwargs):
        annual_list = self.get_list()
        on = _on_date(self.request, annual_list)
        entries = selectors.annual_list_entries(scope=self.scope, annual_list=annual_list, on=on)
        totals = selectors.investment_totals(
            Project.objects.filter(pk__in=entries.values("project"))
        )
        return super().get_context_data(
            annual_list=annual_list,
            on=on,
            entries=entries,
            totals=totals,
            history=selectors.annual_list_events(scope=self.scope, annual_list=annual_list),
            export_form=AnnualListExportForm(),
            project_types=ProjectType,
            is_past=on < timezone.localdate(),
            # Taking a project off is done on today's list, not on a past day's.
            can_withdraw=self.scope.may_write(OFFICE_KINDS) and on >= timezone.localdate(),
            **kwargs,
        )


class AnnualListExportView(AnnualListMixin, ScopedViewMixin, View):
    """The list as it stood on `?on=`, as it is sent upward, with the user as the person who
    filled it in and `?phone=` as the number to call; a malformed phone goes back to the list
    with the reason."""

    allowed_kinds = REGION_READER_KINDS

    def get(self, request, list_id):
        annual_list = self.get_list()
        on = _on_date(request, annual_list)
        form = AnnualListExportForm(request.GET)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, "；".join(errors))
            return redirect(
                reverse("projects:annual-list-detail", args=[annual_list.pk]) + f"?on={on}"
            )
        entries = selectors.annual_list_entries(scope=self.scope, annual_list=annual_list, on=on)
        content = exports.annual_list_workbook(
            annual_list, entries, scope=self.scope, on=on, phone=form.cleaned_data["phone"]
        )
        return _xlsx(
            content, f"annual-list-{annual_list.year}-{annual_list.level}-{on:%Y%m%d}.xlsx"
        )


class EntryWithdrawView(ScopedViewMixin, FormView):
    """Take a project off a list during the year, with a date and a reason."""

    allowed_kinds = OFFICE_KINDS
    required_role = Role.EDITOR
    form_class = WithdrawForm
    template_name = "projects/entry_withdraw.html"

    def get_entry(self) -> AnnualListEntry:
        if not hasattr(self, "entry"):
            self.entry = selectors.annual_list_entry_get(
                scope=self.scope, pk=self.kwargs["entry_id"]
            )
        return self.entry

    def get_context_data(self, **kwargs):
        return super().get_context_data(entry=self.get_entry(), **kwargs)

    def form_valid(self, form):
        entry = self.get_entry()
        try:
            services.annual_list_withdraw(
                scope=self.scope,
                entry=entry,
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已将「{entry.project.name}」调出{entry.annual_list}。")
        return redirect("projects:annual-list-detail", list_id=entry.annual_list_id)


class AnnualListImportView(ScopedViewMixin, FormView):
    """The office imports a department's list onto the year's list; a department's import
    registers its proposals in the reserve for the office to accept. The file is checked and
    written by a Celery worker; the user is sent to its status page."""

    allowed_kinds = OVERSEEING_KINDS
    required_role = Role.EDITOR
    form_class = ImportForm
    template_name = "projects/annual_list_import.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            is_office=self.scope.is_office,
            recent=selectors.list_import_list(scope=self.scope)[:10],
            **kwargs,
        )

    def form_valid(self, form):
        list_import = importers.list_import_start(
            scope=self.scope,
            year=form.cleaned_data["year"],
            added_on=form.cleaned_data["added_on"],
            upload=form.cleaned_data["file"],
        )
        return redirect("projects:annual-list-import-status", import_id=list_import.pk)


class ImportStatusView(FragmentOnHtmxMixin, ScopedViewMixin, TemplateView):
    """Where an upload stands: queued, its progress, then its result or every error found.
    While it runs, the status block reloads itself (htmx) every second."""

    allowed_kinds = OVERSEEING_KINDS
    template_name = "projects/annual_list_import_status.html"
    fragment_template_name = "projects/partials/import_status.html"

    def get_context_data(self, **kwargs):
        list_import = selectors.list_import_get(scope=self.scope, pk=kwargs["import_id"])
        return super().get_context_data(
            list_import=list_import,
            job=list_import,
            progress=list_import.progress(),
            **kwargs,
        )


class AnnualListTemplateView(ScopedViewMixin, View):
    allowed_kinds = OVERSEEING_KINDS

    def get(self, request):
        year = timezone.localdate().year
        content = exports.annual_list_template(year=year, scope=self.scope)
        return _xlsx(content, f"annual-list-template-{year}.xlsx")


urlpatterns = [
    path("annual-lists/", AnnualListIndexView.as_view(), name="annual-list-index"),
    path("annual-lists/import/", AnnualListImportView.as_view(), name="annual-list-import"),
    path(
        "annual-lists/imports/<int:import_id>/",
        ImportStatusView.as_view(),
        name="annual-list-import-status",
    ),
    path("annual-lists/template/", AnnualListTemplateView.as_view(), name="annual-list-template"),
    path("annual-lists/<int:list_id>/", AnnualListDetailView.as_view(), name="annual-list-detail"),
    path(
        "annual-lists/<int:list_id>/export/",
        AnnualListExportView.as_view(),
        name="annual-list-export",
    ),
    path(
        "annual-lists/entries/<int:entry_id>/withdraw/",
        EntryWithdrawView.as_view(),
        name="annual-list-entry-withdraw",
    ),
]
