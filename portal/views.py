from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.generic import FormView, ListView, RedirectView, TemplateView, View

from portal import rules, selectors, services
from portal.forms import (
    AuditFilterForm,
    OrganizationFilterForm,
    OrganizationForm,
    RegionRulesForm,
    add_service_errors,
)
from portal.models import OFFICE_KINDS, REGION_READER_KINDS, ExportStatus, Role
from portal.navigation import registry
from portal.permissions import ScopedViewMixin


class ClampedPaginationMixin:
    """A page number past the end shows the last page (and a malformed one the first) instead
    of a 404: a list that shrank since its link was made still opens."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class ServiceFormView(ScopedViewMixin, FormView):
    """A form whose valid POST calls one service: `act(form)` calls it and returns the message
    to show; a service's ValidationError goes back onto the form's fields; on success the user
    is sent to `done_url()`."""

    required_role = Role.EDITOR

    def act(self, form) -> str:
        raise NotImplementedError

    def done_url(self) -> str:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            message = self.act(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(self.done_url())


class ScopedListView(ClampedPaginationMixin, ScopedViewMixin, ListView):
    """Every paginated list of the portal."""


class FilteredListView(ScopedListView):
    """A paginated list whose filters come from a GET form, read through a scoped selector."""

    filter_form_class = None
    paginate_by = 50

    def get_filter_form(self):
        if not hasattr(self, "_filter_form"):
            self._filter_form = self.filter_form_class(self.request.GET or None)
        return self._filter_form

    def get_filters(self) -> dict:
        form = self.get_filter_form()
        return form.cleaned_data if form.is_bound and form.is_valid() else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter_form=self.get_filter_form(), query_string=query.urlencode())
        return context


class DashboardView(ScopedViewMixin, TemplateView):
    template_name = "portal/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cards = []
        for card in registry.cards:
            card_context = card.build(self.scope)
            if card_context is not None:
                cards.append({"template": card.template, **card_context})
        recent = selectors.audit_entry_list(scope=self.scope)[:8]
        context.update(cards=cards, todos=registry.todos_for(self.scope), recent_entries=recent)
        return context


class OrganizationListView(FilteredListView):
    allowed_kinds = REGION_READER_KINDS
    template_name = "portal/organization_list.html"
    filter_form_class = OrganizationFilterForm
    context_object_name = "organizations"

    def get_queryset(self):
        return selectors.organization_list(scope=self.scope, filters=self.get_filters())


class OrganizationDetailView(ScopedViewMixin, TemplateView):
    template_name = "portal/organization_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = selectors.organization_get(
            scope=self.scope, code=kwargs["organization_code"]
        )
        context.update(
            organization=organization,
            memberships=selectors.membership_list(scope=self.scope, organization=organization),
            can_edit=selectors.organization_can_edit(scope=self.scope, organization=organization),
            entries=selectors.audit_entries_for(scope=self.scope, target=organization)[:20],
        )
        return context


class MyOrganizationView(ScopedViewMixin, View):
    def get(self, request):
        return redirect(
            "portal:organization-detail", organization_code=self.scope.organization.code
        )


class OrganizationUpdateView(ScopedViewMixin, FormView):
    required_role = Role.EDITOR
    template_name = "portal/organization_form.html"
    form_class = OrganizationForm

    def get_organization(self):
        if not hasattr(self, "organization"):
            self.organization = selectors.organization_get(
                scope=self.scope, code=self.kwargs["organization_code"]
            )
            if not selectors.organization_can_edit(
                scope=self.scope, organization=self.organization
            ):
                raise PermissionDenied("您无权修改该单位的信息。")
        return self.organization

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_organization()
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=self.get_organization(), **kwargs)

    def form_valid(self, form):
        organization = self.get_organization()
        organization.refresh_from_db()  # the form mutated the instance; the service compares
        services.organization_update(
            scope=self.scope, organization=organization, data=form.cleaned_data
        )
        messages.success(self.request, "单位信息已保存。")
        return redirect(reverse("portal:organization-detail", args=[organization.code]))


class AuditEntryListView(FilteredListView):
    template_name = "portal/audit_list.html"
    filter_form_class = AuditFilterForm
    context_object_name = "entries"

    def get_queryset(self):
        return selectors.audit_entry_list(scope=self.scope, filters=self.get_filters())


class FragmentOnHtmxMixin:
    """A page whose status block reloads itself: htmx asks again with `HX-Request` and gets
    only `fragment_template_name`."""

    fragment_template_name = ""

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return [self.fragment_template_name]
        return super().get_template_names()


class ExportStatusView(FragmentOnHtmxMixin, ScopedViewMixin, TemplateView):
    """Where an export stands; while the worker builds it, the status block reloads itself
    every second; when it is ready, the file can be downloaded."""

    template_name = "portal/export_status.html"
    fragment_template_name = "portal/partials/export_status.html"

    def get_context_data(self, **kwargs):
        export = selectors.export_get(scope=self.scope, pk=kwargs["export_id"])
        return super().get_context_data(export=export, progress=export.progress(), **kwargs)


class ExportDownloadView(ScopedViewMixin, View):
    def get(self, request, export_id):
        export = selectors.export_get(scope=self.scope, pk=export_id)
        if export.status != ExportStatus.DONE:
            return redirect("portal:export-status", export_id=export.pk)
        return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.filename)


class FaviconView(RedirectView):
    """/favicon.ico, for the pages that name no icon (the admin, JSON answers): the static
    file's name is resolved per request, since it is hashed in production."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("portal/favicon.ico")


class RegionRulesView(ScopedViewMixin, TemplateView):
    """The rules in force in the user's area, where they come from, and their history: every
    member may read them (the minimum daily rate, the pay day and the reporting days concern
    everyone); the office's admin changes them (RegionRulesEditView)."""

    template_name = "portal/region_rules.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area = self.scope.area
        in_force = rules.rules_for(area)
        changes = selectors.audit_entry_list(
            scope=self.scope, filters={"action": "region_rules.update"}
        ).filter(region=area)
        context.update(
            area=area,
            rules=in_force,
            rows=rules.rule_rows(in_force),
            min_worker_age=rules.MIN_WORKER_AGE,
            can_edit=self.scope.is_office and self.scope.has_role(Role.ADMIN),
            entries=changes[:20],
        )
        return context


class RegionRulesEditView(ScopedViewMixin, FormView):
    """The office's admin sets the rules of its area; each change goes to the audit log."""

    required_role = Role.ADMIN
    allowed_kinds = OFFICE_KINDS
    template_name = "portal/region_rules_form.html"
    form_class = RegionRulesForm

    def get_initial(self):
        return rules.rules_for(self.scope.area).values()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.scope.area}

    def get_context_data(self, **kwargs):
        area = self.scope.area
        in_force = rules.rules_for(area)
        return super().get_context_data(area=area, rules=in_force, **kwargs)

    def form_valid(self, form):
        try:
            rules.region_rules_update(scope=self.scope, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{self.scope.area.name}的以工代赈规则已保存。")
        return redirect("portal:rules")
