"""Writes of a project's archive: documents stored in versions, never overwritten, and deleted
(marked deleted) only after their retention ends."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from portal.models import OFFICE_KINDS, Role
from portal.scope import Scope
from portal.services import audit_record
from projects.models import (
    DOCUMENT_KIND_LABELS,
    SINGLE_DOCUMENT_KINDS,
    ArchiveKind,
    DocumentVersion,
    Project,
    ProjectDocument,
    document_kind_label,
)
from projects.selectors import document_retention_end, project_can_edit

DOCUMENT_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".ofd")
MAX_DOCUMENT_SIZE = 20 * 1024 * 1024
DOCUMENT_HELP = "PDF、图片、Word、Excel 或 OFD，不超过 20 MB。"
# How each allowed kind of file begins, and its name for the user. A file must begin as its
# extension says: an HTML page renamed 可研.pdf is refused, whatever the browser would make of
# it. Word and Excel files are OLE2 (.doc, .xls) or zip packages (.docx, .xlsx), as is OFD.
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
DOCUMENT_SIGNATURES = {
    ".pdf": (b"%PDF-", "PDF"),
    ".jpg": (b"\xff\xd8\xff", "JPEG 图片"),
    ".jpeg": (b"\xff\xd8\xff", "JPEG 图片"),
    ".png": (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    ".doc": (OLE2, "Word"),
    ".xls": (OLE2, "Excel"),
    ".docx": (ZIP, "Word"),
    ".xlsx": (ZIP, "Excel"),
    ".ofd": (ZIP, "OFD"),
}


def document_check(upload: UploadedFile, *, field: str = "document") -> None:
    """Refuse a file of a type not kept, over the size limit, or whose content is not what its
    name claims (ValidationError on `field`). Forms call it to answer at once; the services
    call it again, so no caller stores an unchecked file."""
    name = upload.name or ""
    if not name.lower().endswith(DOCUMENT_TYPES):
        raise ValidationError(
            {field: "文件格式不支持，请上传 PDF、图片、Word、Excel 或 OFD 文件。"}
        )
    if upload.size > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            {field: f"文件「{name}」太大：文件不能超过 20 MB，请压缩或拆分后再上传。"}
        )
    extension = "." + name.rsplit(".", 1)[-1].lower()
    signature, kind = DOCUMENT_SIGNATURES[extension]
    upload.seek(0)
    head = upload.read(len(signature))
    upload.seek(0)
    if head != signature:
        raise ValidationError(
            {
                field: f"文件「{name}」的内容不是 {kind} 文件，与扩展名不符。"
                f"请上传真正的 {kind} 文件（不要只修改扩展名）。"
            }
        )


def _digest(upload: UploadedFile) -> str:
    sha = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


def _add_version(*, scope: Scope, document: ProjectDocument, upload: UploadedFile, field: str):
    """Store `upload` as the document's next version. The number is read under the document's
    lock; storage never overwrites a file (a name taken gets a suffix)."""
    document_check(upload, field=field)
    ProjectDocument.objects.select_for_update().filter(pk=document.pk).first()
    newest = document.versions.aggregate(newest=Max("number"))["newest"] or 0
    version = DocumentVersion(
        document=document,
        number=newest + 1,
        original_name=(upload.name or "")[:255],
        size=upload.size,
        sha256=_digest(upload),
        uploaded_by=scope.user,
        uploaded_at=timezone.now(),
    )
    version.file.save(upload.name, upload, save=False)
    version.full_clean()
    version.save()
    return version


def _check_may_keep(scope: Scope, project: Project) -> None:
    if not project_can_edit(scope=scope, project=project, allow_owner=True):
        raise PermissionDenied("您无权上传该项目的档案。")


def document_store(
    *,
    scope: Scope,
    project: Project,
    kind: str,
    upload: UploadedFile,
    title: str = "",
    field: str = "document",
) -> DocumentVersion:
    """Keep `upload` as the newest version of the project's document of a single-document
    kind (a checkpoint's, the evaluation report), creating the document the first time. The
    caller (a checkpoint, an evaluation) writes the audit entry. Earlier versions stay."""
    _check_may_keep(scope, project)
    if kind not in SINGLE_DOCUMENT_KINDS:
        raise ValidationError({field: "请选择档案类别。"})
    document = ProjectDocument.objects.kept().filter(project=project, kind=kind).first()
    if document is None:
        document = ProjectDocument(
            project=project,
            kind=kind,
            title=title or document_kind_label(kind),
            created_by=scope.user,
        )
        document.full_clean()
        document.save()
    return _add_version(scope=scope, document=document, upload=upload, field=field)


@transaction.atomic
def document_upload(
    *, scope: Scope, project: Project, kind: str, title: str, upload: UploadedFile
) -> DocumentVersion:
    """Add a document to one of the project's archives (tender, construction, supervision,
    finance, acceptance, labour-pay records) as its version 1. One audit entry."""
    _check_may_keep(scope, project)
    if kind not in ArchiveKind.values:
        raise ValidationError({"kind": "请选择档案类别。"})
    if not title.strip():
        raise ValidationError({"title": "请填写文件名称。"})
    document = ProjectDocument(
        project=project, kind=kind, title=title.strip(), created_by=scope.user
    )
    document.full_clean()
    document.save()
    version = _add_version(scope=scope, document=document, upload=upload, field="file")
    audit_record(
        scope=scope,
        action="document.upload",
        summary=f"上传项目档案：{project.code} {document.get_kind_display()}「{document.title}」",
        target=project,
        region=project.region,
    )
    return version


@transaction.atomic
def document_replace(
    *, scope: Scope, document: ProjectDocument, upload: UploadedFile
) -> DocumentVersion:
    """Replace a document by a new version; every earlier version is kept in storage and can
    still be opened. One audit entry."""
    project = document.project
    _check_may_keep(scope, project)
    if document.is_deleted:
        raise ValidationError({"file": "该文件已删除，不能再替换。"})
    version = _add_version(scope=scope, document=document, upload=upload, field="file")
    audit_record(
        scope=scope,
        action="document.replace",
        summary=f"替换项目档案：{project.code} {DOCUMENT_KIND_LABELS[document.kind]}"
        f"「{document.title}」第{version.number}版",
        target=project,
        region=project.region,
    )
    return version


def document_can_delete(*, scope: Scope) -> bool:
    """Deleting a document is the office admin's (after the retention)."""
    return scope.kind in OFFICE_KINDS and scope.has_role(Role.ADMIN)


def document_delete(*, scope: Scope, document: ProjectDocument, reason: str) -> ProjectDocument:
    """Mark a document deleted (its row and files stay), once its project's retention has
    ended: the office's admin only. Inside the retention, or for a project never accepted,
    the attempt is refused with the date the retention ends, and the refusal is audited."""
    project = document.project
    if not document_can_delete(scope=scope):
        raise PermissionDenied("只有协调机制办公室的管理员可以删除项目档案。")
    if document.is_deleted:
        raise ValidationError({"reason": "该文件已删除。"})
    ends = document_retention_end(project)
    today = timezone.localdate()
    if ends is None or today < ends:
        why = (
            "项目尚未记录工程验收，档案保存期尚未开始计算"
            if ends is None
            else f"档案保存期至 {ends:%Y-%m-%d}，期满后方可删除"
        )
        # Written outside any transaction the refusal rolls back: the attempt stays on record.
        audit_record(
            scope=scope,
            action="document.delete_refused",
            summary=f"拒绝删除项目档案：{project.code} {document.get_kind_display()}"
            f"「{document.title}」（{why}）",
            target=project,
            region=project.region,
        )
        raise ValidationError(f"不能删除「{document.title}」：{why}。")
    if not reason.strip():
        raise ValidationError({"reason": "请填写删除原因。"})
    with transaction.atomic():
        document.deleted_at = timezone.now()
        document.deleted_by = scope.user
        document.deleted_reason = reason.strip()
        document.save(update_fields=["deleted_at", "deleted_by", "deleted_reason"])
        audit_record(
            scope=scope,
            action="document.delete",
            summary=f"删除项目档案（保存期已满）：{project.code} {document.get_kind_display()}"
            f"「{document.title}」，原因：{document.deleted_reason}",
            target=project,
            region=project.region,
        )
    return document
