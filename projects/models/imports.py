"""Excel imports of annual lists, checked and written by a Celery worker (a `portal` job)."""

from django.db import models

from portal.models import Job, JobStatus


class ImportStatus(models.TextChoices):
    PENDING = JobStatus.PENDING.value, "排队中"
    RUNNING = JobStatus.RUNNING.value, "正在导入"
    DONE = JobStatus.DONE.value, "已导入"
    REJECTED = JobStatus.REJECTED.value, "未导入（表中有错误）"
    FAILED = JobStatus.FAILED.value, "导入失败"


def list_import_upload_to(instance: "ListImport", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "xlsx"
    return f"imports/lists/{instance.token}.{extension}"


class ListImport(Job):
    """One upload of an annual list in Excel. The file is kept, so what was imported can be
    read again; the organisation that uploaded it alone sees it."""

    status = models.CharField(
        "状态", max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    year = models.PositiveSmallIntegerField("清单年度")
    added_on = models.DateField("列入日期")
    file = models.FileField("文件", upload_to=list_import_upload_to, max_length=200)
    filename = models.CharField("文件名", max_length=200)

    failed_message = "导入时发生系统错误，未写入任何数据。请稍后重新上传，或联系协调机制办公室。"

    class Meta(Job.Meta):
        verbose_name = "清单导入"
        verbose_name_plural = "清单导入"

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"
