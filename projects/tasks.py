"""Celery tasks of the projects app: the Excel import of an annual list."""

import logging

from celery import shared_task
from django.utils import timezone

from portal import progress
from portal.scope import Scope
from projects import importers
from projects.models import ImportStatus, ListImport

logger = logging.getLogger(__name__)
FAILED_MESSAGE = "导入时发生系统错误，未写入任何数据。请稍后重新上传，或联系协调机制办公室。"


def progress_key(list_import: ListImport) -> str:
    return f"list-import-progress:{list_import.token}"


@shared_task(name="projects.import_annual_list", time_limit=20 * 60, soft_time_limit=18 * 60)
def import_annual_list(list_import_id: int) -> str:
    """Check and write one uploaded list. A task delivered again after a crash runs again:
    nothing was committed, and the import is idempotent."""
    list_import = ListImport.objects.select_related("user", "organization").get(pk=list_import_id)
    if list_import.is_finished:
        return list_import.status
    list_import.status = ImportStatus.RUNNING
    list_import.save(update_fields=["status"])

    try:
        with list_import.file.open("rb") as upload:
            content = upload.read()
        result = importers.import_annual_list(
            scope=Scope.for_user(list_import.user),
            year=list_import.year,
            content=content,
            on=list_import.added_on,
            progress=progress.reporter(progress_key(list_import)),
        )
    except importers.ImportRejected as rejected:
        list_import.status, list_import.errors = ImportStatus.REJECTED, rejected.errors
    except Exception:
        logger.exception("list import %s failed", list_import.pk)
        list_import.status, list_import.errors = ImportStatus.FAILED, [FAILED_MESSAGE]
    else:
        list_import.status, list_import.summary = ImportStatus.DONE, result.summary()
    list_import.finished_at = timezone.now()
    list_import.save(update_fields=["status", "errors", "summary", "finished_at"])
    progress.clear(progress_key(list_import))
    return list_import.status
