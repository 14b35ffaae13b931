import logging
import socket

from celery import shared_task
from django.db import connection

logger = logging.getLogger(__name__)


@shared_task(name="portal.ping", time_limit=30, soft_time_limit=20)
def ping(payload: str) -> dict:
    """A round trip through broker, worker and database, used by health checks and tests."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (database_answer,) = cursor.fetchone()
    return {"echo": payload, "worker": socket.gethostname(), "database": database_answer}


@shared_task(name="portal.build_export", time_limit=20 * 60, soft_time_limit=18 * 60)
def build_export(export_id: int) -> str:
    """Build one export with its registered builder, as the user who asked for it."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from portal import exports, progress
    from portal.models import Export, ExportStatus
    from portal.scope import Scope

    export = Export.objects.select_related("user").get(pk=export_id)
    if export.is_finished:
        return export.status
    export.status = ExportStatus.RUNNING
    export.save(update_fields=["status"])
    try:
        built = exports.BUILDERS[export.kind](
            Scope.for_user(export.user),
            export.params,
            progress.reporter(exports.progress_key(export)),
        )
    except Exception:
        logger.exception("export %s failed", export.pk)
        export.status, export.error = ExportStatus.FAILED, "生成文件时发生系统错误，请稍后重试。"
    else:
        export.file.save(f"{export.token}.xlsx", ContentFile(built.content), save=False)
        export.status, export.filename, export.rows = ExportStatus.DONE, built.filename, built.rows
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "file", "filename", "rows", "error", "finished_at"])
    progress.clear(exports.progress_key(export))
    return export.status
