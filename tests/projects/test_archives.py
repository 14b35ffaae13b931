"""After the contract (issue 14, item 4): acceptance, handover, settlement, the final audit and
the maintenance responsibility in their order; every document of a project kept in versions,
checked by content and size; nothing deleted before the retention ends, and a refused
attempt audited; the archive tab with what is missing, in a fixed number of queries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEntry, Role
from portal.scope import Scope
from projects import services
from projects.models import (
    ArchiveKind,
    Checkpoint,
    CheckpointKind,
    DocumentVersion,
    MaintenanceResponsibility,
    Project,
    ProjectDocument,
    ProjectStatus,
)
from tests.portal.factories import member
from tests.projects.factories import CheckpointFactory, ProjectFactory

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def pdf(name="文件.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def owner_scope(world):
    return Scope.for_user(member(world["owner"], Role.EDITOR))


@pytest.fixture
def building(world):
    project = world["project"]
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.UNDER_CONSTRUCTION)
    project.refresh_from_db()
    return project


def contract_signed(project, day):
    if not Checkpoint.objects.filter(project=project, kind=CheckpointKind.CONTRACT).exists():
        CheckpointFactory(project=project, kind=CheckpointKind.CONTRACT, date=day)


def record(scope, project, kind, day, **data):
    return services.checkpoint_record(
        scope=scope, project=project, kind=kind, data={"date": day, "document": pdf(), **data}
    )


def accepted(scope, project, day):
    """Acceptance recorded, after the contract (which acceptance follows)."""
    contract_signed(project, day - datetime.timedelta(days=30))
    record(scope, project, CheckpointKind.ACCEPTANCE, day)
    project.refresh_from_db()
    return project


# --- the order after the contract ----------------------------------------------------------


def test_handover_before_acceptance_is_refused_with_the_reason(owner_scope, building):
    with pytest.raises(ValidationError) as refused:
        record(owner_scope, building, CheckpointKind.HANDOVER, days_ago(5))
    assert "「工程移交」须在「工程验收」之后：请先记录「工程验收」" in refused.value.messages[0]
    assert not Checkpoint.objects.filter(project=building, kind=CheckpointKind.HANDOVER).exists()
    assert not ProjectDocument.objects.filter(project=building, kind=CheckpointKind.HANDOVER)


def test_the_page_says_why_a_checkpoint_out_of_order_is_refused(client, world, building):
    client.force_login(member(world["owner"], Role.EDITOR))
    response = client.post(
        reverse("projects:checkpoint-record", args=[building.code, CheckpointKind.SETTLEMENT]),
        {"date": days_ago(3).isoformat(), "document": pdf()},
    )
    assert response.status_code == 200
    assert "「结算」须在「工程移交」之后" in response.content.decode()


def test_each_checkpoint_follows_the_one_before_by_date_too(owner_scope, building):
    accepted(owner_scope, building, days_ago(30))
    with pytest.raises(ValidationError) as refused:
        record(owner_scope, building, CheckpointKind.HANDOVER, days_ago(31))
    assert refused.value.message_dict["date"] == [
        f"工程移交日期（{days_ago(31):%Y-%m-%d}）不能早于工程验收日期（{days_ago(30):%Y-%m-%d}）。"
    ]
    record(owner_scope, building, CheckpointKind.HANDOVER, days_ago(20))
    with pytest.raises(ValidationError) as moved:  # acceptance re-dated after the handover
        record(owner_scope, building, CheckpointKind.ACCEPTANCE, days_ago(10))
    assert "不能晚于已记录的工程移交日期" in moved.value.message_dict["date"][0]
    with pytest.raises(ValidationError):  # the final audit follows the settlement
        record(owner_scope, building, CheckpointKind.FINAL_AUDIT, days_ago(5))
    record(owner_scope, building, CheckpointKind.SETTLEMENT, days_ago(15))
    record(owner_scope, building, CheckpointKind.FINAL_AUDIT, days_ago(5))
    assert Checkpoint.objects.filter(project=building).count() == 6  # pledge, contract + four


def test_acceptance_comes_after_the_contract(owner_scope, building):
    with pytest.raises(ValidationError) as refused:
        record(owner_scope, building, CheckpointKind.ACCEPTANCE, days_ago(10))
    assert "「工程验收」须在「合同约定用工和报酬」之后" in refused.value.messages[0]
    contract_signed(building, days_ago(5))
    with pytest.raises(ValidationError) as early:
        record(owner_scope, building, CheckpointKind.ACCEPTANCE, days_ago(10))
    assert "不能早于合同约定用工和报酬日期" in early.value.messages[0]


def test_a_re_dated_checkpoint_keeps_its_old_date_in_the_log(owner_scope, building):
    accepted(owner_scope, building, days_ago(30))
    record(owner_scope, building, CheckpointKind.ACCEPTANCE, days_ago(20))
    entry = AuditEntry.objects.filter(action="checkpoint.record").latest("pk")
    assert entry.changes == {"日期": [f"{days_ago(30):%Y-%m-%d}", f"{days_ago(20):%Y-%m-%d}"]}


def test_acceptance_completes_a_project_being_built_and_is_refused_before_works_start(
    owner_scope, world
):
    project = world["project"]  # listed: works not started
    with pytest.raises(ValidationError) as refused:
        record(owner_scope, project, CheckpointKind.ACCEPTANCE, days_ago(1))
    assert "尚未开工建设，不能记录工程验收" in refused.value.messages[0]
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.UNDER_CONSTRUCTION)
    project.refresh_from_db()
    accepted(owner_scope, project, days_ago(1))
    assert project.status == ProjectStatus.COMPLETED
    entry = AuditEntry.objects.filter(action="checkpoint.record").latest("pk")
    assert "工程验收" in entry.summary
    assert "在建 → 已完工" in entry.summary


def test_a_checkpoint_dated_in_the_future_is_refused(owner_scope, building):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        record(owner_scope, building, CheckpointKind.ACCEPTANCE, tomorrow)
    assert "不能晚于今天" in refused.value.message_dict["date"][0]


def test_maintenance_names_who_is_responsible_and_the_planned_workers(
    client, world, owner_scope, building
):
    accepted(owner_scope, building, days_ago(30))
    record(owner_scope, building, CheckpointKind.HANDOVER, days_ago(20))
    with pytest.raises(ValidationError):  # neither a unit nor a collective
        record(owner_scope, building, CheckpointKind.MAINTENANCE, days_ago(10), planned_workers=3)
    record(
        owner_scope,
        building,
        CheckpointKind.MAINTENANCE,
        days_ago(10),
        collective_name="石桥村股份经济合作社",
        planned_workers=4,
    )
    responsibility = MaintenanceResponsibility.objects.get(project=building)
    assert (responsibility.responsible, responsibility.planned_workers) == (
        "石桥村股份经济合作社",
        4,
    )
    assert responsibility.since == days_ago(10)
    client.force_login(member(world["owner"], Role.VIEWER))
    page = client.get(
        reverse("projects:project-detail", args=[building.code]), {"tab": "checkpoints"}
    ).content.decode()
    card = page[page.index('data-testid="maintenance-card"') :]
    assert "石桥村股份经济合作社" in card
    assert "4 人" in card
    assert "此为计划人数，具体人员由用工模块记录" in card


# --- documents: checked, versioned --------------------------------------------------------


def test_an_html_file_named_pdf_is_refused_by_the_service_and_the_page(client, world, owner_scope):
    project = world["project"]
    with pytest.raises(ValidationError) as refused:
        services.document_upload(
            scope=owner_scope,
            project=project,
            kind=ArchiveKind.TENDER,
            title="招标文件",
            upload=pdf("招标文件.pdf", HTML),
        )
    assert "内容不是 PDF 文件" in refused.value.message_dict["file"][0]
    client.force_login(member(world["owner"], Role.EDITOR))
    response = client.post(
        reverse("projects:document-upload", args=[project.code]),
        {"kind": ArchiveKind.TENDER, "title": "招标文件", "file": pdf("招标文件.pdf", HTML)},
    )
    assert "文件「招标文件.pdf」的内容不是 PDF 文件" in response.content.decode()
    assert not ProjectDocument.objects.filter(project=project, kind=ArchiveKind.TENDER).exists()


def test_an_oversize_file_is_refused(world, owner_scope):
    big = pdf("结算书.pdf", PDF + b"0" * services.MAX_DOCUMENT_SIZE)
    with pytest.raises(ValidationError) as refused:
        services.document_upload(
            scope=owner_scope,
            project=world["project"],
            kind=ArchiveKind.FINANCE,
            title="工程结算书",
            upload=big,
        )
    assert "超过 20 MB" in refused.value.message_dict["file"][0]
    assert not DocumentVersion.objects.filter(document__kind=ArchiveKind.FINANCE).exists()


def test_a_replaced_version_is_kept_and_still_downloads(client, world, owner_scope, media_root):
    project = world["project"]
    first = services.document_upload(
        scope=owner_scope,
        project=project,
        kind=ArchiveKind.LABOR_PAY,
        title="劳务报酬发放花名册",
        upload=pdf("花名册.pdf", PDF + b"v1"),
    )
    client.force_login(member(world["owner"], Role.EDITOR))
    response = client.post(
        reverse("projects:document-replace", args=[project.code, first.document.pk]),
        {"file": pdf("花名册.pdf", PDF + b"v2")},
    )
    assert response.status_code == 302
    second = DocumentVersion.objects.get(document=first.document, number=2)
    assert (media_root / first.file.name).exists()
    for version, content in ((first, PDF + b"v1"), (second, PDF + b"v2")):
        served = client.get(reverse("projects:document-version", args=[project.code, version.pk]))
        assert b"".join(served.streaming_content) == content
        assert served["X-Content-Type-Options"] == "nosniff"
    page = client.get(
        reverse("projects:project-detail", args=[project.code]), {"tab": "archive"}
    ).content.decode()
    group = page[page.index(f'data-testid="archive-{ArchiveKind.LABOR_PAY}"') :]
    for text in ("第2版", "当前", "第1版", "已替换"):
        assert text in group


# --- retention ----------------------------------------------------------------------------


@pytest.fixture
def tender(world, owner_scope):
    return services.document_upload(
        scope=owner_scope,
        project=world["project"],
        kind=ArchiveKind.TENDER,
        title="招标文件",
        upload=pdf("招标文件.pdf"),
    ).document


def office(home, role):
    return Scope.for_user(member(home["office"], role))


def test_a_project_never_accepted_keeps_its_documents(home, tender):
    with pytest.raises(ValidationError) as refused:
        services.document_delete(scope=office(home, Role.ADMIN), document=tender, reason="重复")
    assert "尚未记录工程验收" in refused.value.messages[0]


def test_deleting_inside_the_retention_is_refused_with_its_end_and_audited(
    client, home, world, owner_scope, building, tender
):
    accepted(owner_scope, building, days_ago(400))
    ends = days_ago(400).replace(year=days_ago(400).year + 3)
    with pytest.raises(ValidationError) as refused:
        services.document_delete(scope=office(home, Role.ADMIN), document=tender, reason="重复")
    assert f"档案保存期至 {ends:%Y-%m-%d}，期满后方可删除" in refused.value.messages[0]
    tender.refresh_from_db()
    assert tender.deleted_at is None
    # Through the page: refused, said so, and the attempt is on record though nothing changed.
    client.force_login(member(home["office"], Role.ADMIN))
    url = reverse("projects:document-delete", args=[building.code, tender.pk])
    note = client.get(url).content.decode()
    note = note[note.index('data-testid="retention-note"') :]
    assert "档案保存期至" in note[:200]
    assert f"{ends:%Y-%m-%d}" in note[:200]
    response = client.post(url, {"reason": "重复上传"})
    assert response.status_code == 200
    assert "期满后方可删除" in response.content.decode()
    refusals = AuditEntry.objects.filter(action="document.delete_refused")
    assert refusals.count() == 2
    assert "拒绝删除项目档案" in refusals.first().summary


def test_after_the_retention_the_office_admin_alone_deletes_and_the_row_stays(
    client, home, world, owner_scope, building, tender, media_root
):
    accepted(owner_scope, building, days_ago(365 * 3 + 5))
    for scope in (
        office(home, Role.EDITOR),
        owner_scope,
        Scope.for_user(member(home["department"], Role.ADMIN)),
    ):
        with pytest.raises(PermissionDenied):
            services.document_delete(scope=scope, document=tender, reason="到期清理")
    client.force_login(member(home["office"], Role.EDITOR))
    url = reverse("projects:document-delete", args=[building.code, tender.pk])
    assert client.post(url, {"reason": "到期清理"}).status_code == 403

    client.force_login(member(home["office"], Role.ADMIN))
    assert client.post(url, {"reason": "到期清理"}).status_code == 302
    tender.refresh_from_db()
    assert tender.deleted_at is not None
    assert tender.deleted_reason == "到期清理"
    assert (media_root / tender.versions.get().file.name).exists()  # only marked deleted
    assert AuditEntry.objects.filter(action="document.delete").count() == 1
    page = client.get(
        reverse("projects:project-detail", args=[building.code]), {"tab": "archive"}
    ).content.decode()
    assert "招标文件.pdf" not in page


# --- the archive tab ----------------------------------------------------------------------


def test_the_archive_tab_shows_the_missing_kinds_once_completed(
    client, world, owner_scope, building
):
    client.force_login(member(world["owner"], Role.VIEWER))
    url = reverse("projects:project-detail", args=[building.code])
    page = client.get(url, {"tab": "archive"}).content.decode()
    assert 'data-testid="archive-missing"' not in page  # being built: archives not due yet

    accepted(owner_scope, building, days_ago(10))
    services.document_upload(
        scope=owner_scope,
        project=building,
        kind=ArchiveKind.TENDER,
        title="招标文件",
        upload=pdf(),
    )
    Checkpoint.objects.create(project=building, kind=CheckpointKind.HANDOVER, date=days_ago(5))
    page = client.get(url, {"tab": "archive"}).content.decode()
    missing = page[page.index('data-testid="archive-missing"') :]
    missing = missing[: missing.index("</div>")]
    assert "缺6项" in missing  # five archives and the handover's document
    for label in ("施工档案", "监理档案", "财务档案", "验收档案", "劳务报酬发放档案", "工程移交"):
        assert label in missing
    assert "招标档案" not in missing
    assert "缺6" in page[: page.index('data-testid="archive-missing"')]  # the tab's badge


def test_the_archive_tab_runs_a_fixed_number_of_queries(client, world, owner_scope, building):
    client.force_login(member(world["owner"], Role.VIEWER))
    url = reverse("projects:project-detail", args=[building.code])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"tab": "archive"}).status_code == 200
        return len(captured)

    services.document_upload(
        scope=owner_scope, project=building, kind=ArchiveKind.TENDER, title="a", upload=pdf()
    )
    few = queries()
    for number in range(6):
        version = services.document_upload(
            scope=owner_scope,
            project=building,
            kind=ArchiveKind.values[number % 6],
            title=f"文件{number}",
            upload=pdf(),
        )
        services.document_replace(scope=owner_scope, document=version.document, upload=pdf())
    accepted(owner_scope, building, days_ago(3))
    many = queries()
    assert many == few, (few, many)


def test_an_outsider_sees_no_document_version(client, elsewhere, world, tender):
    client.force_login(member(elsewhere["office"], Role.ADMIN))
    version = tender.versions.get()
    url = reverse("projects:document-version", args=[world["project"].code, version.pk])
    assert client.get(url).status_code == 404
    other = ProjectFactory(region=world["project"].region)
    client.force_login(member(world["owner"], Role.ADMIN))
    assert (
        client.get(reverse("projects:document-version", args=[other.code, version.pk])).status_code
        == 404
    )
