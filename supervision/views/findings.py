"""Pages: the finding list (the dashboard's to-do lines open it), a finding with its history,
the rectification report, the decision (close or reopen) and the evidence download."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.generic import TemplateView, View

from portal.forms import add_service_errors
from portal.models import REGION_READER_KINDS, Role
from portal.permissions import ScopedViewMixin
from portal.views import FilteredListView
from supervision import selectors, services
from supervision.forms import CloseForm, FindingFilterForm, RectificationForm, ReopenForm
from supervision.models import FindingStatus


class FindingListView(FilteredListView):
    template_name = "supervision/finding_list.html"
    filter_form_class = FindingFilterForm
    context_object_name = "findings"
    paginate_by = 50

    def toggles(self) -> dict[str, bool]:
        return {key: self.request.GET.get(key) == "1" for key in selectors.FINDING_FILTERS}

    def get_filters(self) -> dict:
        return {**super().get_filters(), **self.toggles()}

    def get_queryset(self):
        return selectors.finding_list(scope=self.scope, filters=self.get_filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        toggles = self.toggles()
        selects = {
            key: value for key, value in self.request.GET.items() if key in ("topic", "level")
        }
        context.update(
            filter_links=[
                (key, label, toggles[key], _toggle(toggles, key, selects))
                for key, label in selectors.FINDING_FILTERS.items()
                if key != "review" or selectors.scope_decides(self.scope) or toggles[key]
            ],
            toggles={key: 1 for key, on in toggles.items() if on},
            reads_draws=self.scope.kind in REGION_READER_KINDS,
            today=timezone.localdate(),
        )
        return context


def _toggle(toggles: dict, key: str, selects: dict) -> str:
    wanted = {name: "1" for name, on in toggles.items() if name != key and on}
    if not toggles[key]:
        wanted[key] = "1"
    wanted.update({name: value for name, value in selects.items() if value})
    return "&".join(f"{name}={value}" for name, value in wanted.items())


class FindingDetailView(ScopedViewMixin, TemplateView):
    template_name = "supervision/finding_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        finding = selectors.finding_get(scope=self.scope, pk=kwargs["finding_id"])
        can_decide = selectors.finding_can_decide(scope=self.scope, finding=finding)
        context.update(
            finding=finding,
            inspection=finding.inspection,
            history=selectors.finding_history(finding),
            can_rectify=selectors.finding_can_rectify(scope=self.scope, finding=finding),
            can_close=can_decide and finding.status == FindingStatus.REPORTED,
            can_reopen=can_decide and finding.status != FindingStatus.OPEN,
            project_visible=selectors.visible_project(
                scope=self.scope, project=finding.inspection.project
            ),
            today=timezone.localdate(),
        )
        return context


class FindingActionView(ScopedViewMixin, View):
    """A form about one finding; on success, back to the finding's page with a message."""

    required_role = Role.EDITOR
    template_name = ""
    form_class = None

    def get_finding(self):
        return selectors.finding_get(scope=self.scope, pk=self.kwargs["finding_id"])

    def allowed(self, finding) -> bool:
        raise NotImplementedError

    def refusal(self, finding):
        """Where a user is sent who may not (or no longer need) act: 403, or back to the page."""
        raise PermissionDenied("您无权办理该问题。")

    def get(self, request, finding_id):
        finding = self.get_finding()
        if not self.allowed(finding):
            return self.refusal(finding)
        return self.render_page(finding, self.form_class())

    def post(self, request, finding_id):
        finding = self.get_finding()
        if not self.allowed(finding):
            return self.refusal(finding)
        form = self.form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                message = self.act(finding, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, message)
                return redirect("supervision:finding-detail", finding_id=finding.pk)
        return self.render_page(finding, form)

    def render_page(self, finding, form):
        return render(
            self.request,
            self.template_name,
            {"finding": finding, "inspection": finding.inspection, "form": form},
        )


class RectificationReportView(FindingActionView):
    template_name = "supervision/rectification_form.html"
    form_class = RectificationForm

    def allowed(self, finding) -> bool:
        return selectors.finding_can_rectify(scope=self.scope, finding=finding)

    def refusal(self, finding):
        if self.scope.organization == finding.responsible:  # already reported, or closed
            messages.info(
                self.request, f"该问题目前为「{finding.get_status_display()}」，无需上报整改。"
            )
            return redirect("supervision:finding-detail", finding_id=finding.pk)
        return super().refusal(finding)

    def act(self, finding, data) -> str:
        services.rectification_report(scope=self.scope, finding=finding, **data)
        return "整改情况已上报，等待协调机制办公室审核销号。"


class FindingCloseView(FindingActionView):
    template_name = "supervision/finding_decision.html"
    form_class = CloseForm
    closing = True

    def allowed(self, finding) -> bool:
        return selectors.finding_can_decide(scope=self.scope, finding=finding)

    def act(self, finding, data) -> str:
        services.finding_close(scope=self.scope, finding=finding, reason=data["reason"])
        return "整改审核通过，问题已销号。"

    def render_page(self, finding, form):
        finding.history = selectors.finding_history(finding)
        return render(
            self.request,
            self.template_name,
            {
                "finding": finding,
                "inspection": finding.inspection,
                "form": form,
                "closing": self.closing,
            },
        )


class FindingReopenView(FindingCloseView):
    form_class = ReopenForm
    closing = False

    def act(self, finding, data) -> str:
        services.finding_reopen(scope=self.scope, finding=finding, reason=data["reason"])
        return "已退回责任单位重新整改。"


class EvidenceDownloadView(ScopedViewMixin, View):
    """A rectification's evidence, to those who may see the finding; always a download the
    browser may not sniff into a page of the portal's origin."""

    def get(self, request, rectification_id):
        rectification = selectors.rectification_get(scope=self.scope, pk=rectification_id)
        return file_download(
            rectification.evidence,
            f"{rectification.finding.inspection.project.code}-整改佐证-{rectification.pk}",
        )


def file_download(field_file, name: str) -> FileResponse:
    extension = field_file.name.rsplit(".", 1)[-1] if "." in field_file.name else ""
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=f"{name}.{extension}" if extension else name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response


urlpatterns = [
    path("supervision/findings/", FindingListView.as_view(), name="finding-list"),
    path(
        "supervision/findings/<int:finding_id>/",
        FindingDetailView.as_view(),
        name="finding-detail",
    ),
    path(
        "supervision/findings/<int:finding_id>/rectify/",
        RectificationReportView.as_view(),
        name="finding-rectify",
    ),
    path(
        "supervision/findings/<int:finding_id>/close/",
        FindingCloseView.as_view(),
        name="finding-close",
    ),
    path(
        "supervision/findings/<int:finding_id>/reopen/",
        FindingReopenView.as_view(),
        name="finding-reopen",
    ),
    path(
        "supervision/rectifications/<int:rectification_id>/evidence/",
        EvidenceDownloadView.as_view(),
        name="rectification-evidence",
    ),
]
