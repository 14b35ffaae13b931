"""Pages of a project's archive: the archive tab, a document's versions as downloads, adding a
document, replacing it by a new version, and deleting it once its retention has ended."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.cache import patch_cache_control
from django.views.generic import View

from portal.forms import add_service_errors
from portal.models import OFFICE_KINDS, Role
from portal.permissions import ScopedViewMixin
from projects import selectors, services
from projects.forms import DocumentDeleteForm, DocumentReplaceForm, DocumentUploadForm
from projects.views.projects import ProjectActionView, ProjectMixin

TAB = "archive"


def version_download(version, name: str) -> FileResponse:
    """A document version as a download the browser may not sniff into another type: it never
    opens as a page of the portal's origin, whatever it holds."""
    extension = version.extension
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=f"{name}.{extension}" if extension else name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response


def archive_tab_context(scope, project) -> dict:
    """The archive tab's context (projects.panels): the documents by kind with their versions,
    what is missing, the retention, the maintenance responsibility."""
    return {
        **selectors.archive_groups(scope=scope, project=project),
        "maintenance": selectors.maintenance_get(scope=scope, project=project),
        "can_keep_documents": selectors.project_can_edit(
            scope=scope, project=project, allow_owner=True
        ),
        "can_delete_documents": services.document_can_delete(scope=scope),
    }


def archive_tab_badge(scope, project) -> tuple[str, bool] | None:
    missing = selectors.archive_missing_count(scope=scope, project=project)
    return (f"缺{missing}", True) if missing else None


class DocumentVersionView(ProjectMixin, ScopedViewMixin, View):
    """One version of a document (the newest or an earlier one), to those who may see the
    project; named after the project, the document and the version."""

    def get(self, request, project_code, version_id):
        project = self.get_project()
        version = selectors.document_version_get(scope=self.scope, project=project, pk=version_id)
        name = f"{project.code}-{version.document.title}-第{version.number}版"
        return version_download(version, name)


class DocumentFormView(ProjectActionView):
    """Shared by the archive's forms: files are posted, and the page goes back to the tab."""

    multipart = True
    tab = TAB

    def get_document(self):
        if not hasattr(self, "document"):
            self.document = selectors.document_get(
                scope=self.scope, project=self.get_project(), pk=self.kwargs["document_id"]
            )
        return self.document

    def check_may_keep(self):
        if not selectors.project_can_edit(
            scope=self.scope, project=self.get_project(), allow_owner=True
        ):
            raise PermissionDenied("您无权上传该项目的档案。")


class DocumentUploadView(DocumentFormView):
    form_class = DocumentUploadForm
    title = "上传项目档案"
    submit_label = "上传"

    def get_form_kwargs(self):
        self.check_may_keep()
        return {**super().get_form_kwargs(), "kind": self.request.GET.get("kind", "")}

    def act(self, form):
        version = services.document_upload(
            scope=self.scope,
            project=self.get_project(),
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )
        return f"已上传「{version.document.title}」（{version.document.get_kind_display()}）。"


class DocumentReplaceView(DocumentFormView):
    form_class = DocumentReplaceForm
    submit_label = "上传新版本"

    @property
    def title(self):
        return f"替换文件：{self.get_document().title}"

    def get_form_kwargs(self):
        self.check_may_keep()
        self.get_document()
        return super().get_form_kwargs()

    def act(self, form):
        version = services.document_replace(
            scope=self.scope, document=self.get_document(), upload=form.cleaned_data["file"]
        )
        return f"「{version.document.title}」已更新为第{version.number}版，原版本已保留，仍可查看。"


class DocumentDeleteView(DocumentFormView):
    """The office's admin deletes a document whose retention has ended (it is only marked
    deleted). Inside the retention the page says until when, and an attempt is refused and
    recorded in the audit log."""

    allowed_kinds = OFFICE_KINDS
    required_role = Role.ADMIN
    multipart = False
    form_class = DocumentDeleteForm
    submit_label = "删除"
    template_name = "projects/archives/document_delete.html"

    @property
    def title(self):
        return f"删除文件：{self.get_document().title}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            document=self.get_document(),
            retention_end=selectors.document_retention_end(self.get_project()),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.document_delete(
                scope=self.scope, document=self.get_document(), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已删除「{self.get_document().title}」（记录保留）。")
        url = reverse("projects:project-detail", kwargs={"project_code": self.get_project().code})
        return redirect(f"{url}?tab={TAB}")


urlpatterns = [
    path(
        "projects/<str:project_code>/documents/new/",
        DocumentUploadView.as_view(),
        name="document-upload",
    ),
    path(
        "projects/<str:project_code>/documents/<int:document_id>/replace/",
        DocumentReplaceView.as_view(),
        name="document-replace",
    ),
    path(
        "projects/<str:project_code>/documents/<int:document_id>/delete/",
        DocumentDeleteView.as_view(),
        name="document-delete",
    ),
    path(
        "projects/<str:project_code>/documents/versions/<int:version_id>/",
        DocumentVersionView.as_view(),
        name="document-version",
    ),
]
