"""A checkpoint's document (issue 8, item 13): served only through the view that checks the
user's scope, as a download the browser may not sniff, in the demo as in production; its
content checked against the type its name claims; a replaced file deleted once committed."""

import importlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import clear_url_caches, reverse

from portal.models import OrganizationKind, Role
from projects import services
from projects.models import Checkpoint, CheckpointKind
from tests.portal.factories import OrganizationFactory, member

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\0" * 40

# Each allowed extension with the first bytes of a genuine file of that kind.
GENUINE = {
    "可研报告.pdf": PDF,
    "现场照片.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\0" * 20,
    "现场照片.JPEG": b"\xff\xd8\xff\xe1\x00\x10Exif\x00" + b"\0" * 20,
    "批复扫描件.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\0" * 20,
    "合同.doc": OLE2,
    "合同.docx": ZIP,
    "账户信息.xls": OLE2,
    "账户信息.xlsx": ZIP,
    "电子公文.ofd": ZIP,
}


def record_url(project, kind="feasibility"):
    return reverse("projects:checkpoint-record", args=[project.code, kind])


def document_url(project, kind="feasibility"):
    return reverse("projects:checkpoint-document", args=[project.code, kind])


def upload(client, project, name, content, kind="feasibility"):
    return client.post(
        record_url(project, kind),
        {"date": "2026-01-10", "document": SimpleUploadedFile(name, content)},
    )


@pytest.fixture
def owner_editor(world):
    return member(world["owner"], Role.EDITOR)


def test_the_document_is_a_download_the_browser_may_not_sniff(client, home, world):
    project, pledge = world["project"], world["pay_pledge"]
    client.force_login(member(home["township"], Role.VIEWER))  # sees the project's ground

    response = client.get(document_url(project, pledge.kind))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    response.close()


def test_an_outsider_gets_no_document_and_learns_nothing(client, home, world, elsewhere):
    project, pledge = world["project"], world["pay_pledge"]
    client.force_login(member(elsewhere["office"], Role.ADMIN))
    assert client.get(document_url(project, pledge.kind)).status_code == 404
    assert client.get(document_url(project, "approval")).status_code == 404
    client.logout()
    response = client.get(document_url(project, pledge.kind))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.fixture
def demo_urls(settings):
    """The URLconf as the demo (DEBUG) builds it at start-up."""
    import portal.urls

    settings.DEBUG = True
    importlib.reload(portal.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(portal.urls)
    clear_url_caches()


def test_the_media_folder_is_served_by_no_url_not_even_in_the_demo(
    client, home, world, demo_urls, media_root
):
    pledge = world["pay_pledge"]
    assert (media_root / pledge.document.name).exists()
    client.force_login(member(home["office"], Role.ADMIN))

    guessed = "/media/" + pledge.document.name
    assert client.get(guessed).status_code == 404
    assert client.get("/media/").status_code == 404
    # The scoped view still serves it.
    served = client.get(document_url(world["project"], pledge.kind))
    assert served.status_code == 200
    served.close()


@pytest.mark.parametrize(("name", "content"), GENUINE.items(), ids=GENUINE.keys())
def test_each_allowed_type_is_accepted_when_its_content_is_of_that_type(
    client, world, owner_editor, name, content
):
    client.force_login(owner_editor)

    response = upload(client, world["project"], name, content)

    assert response.status_code == 302, response.content.decode()[:2000]
    checkpoint = Checkpoint.objects.get(project=world["project"], kind="feasibility")
    with checkpoint.document.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("可研报告.PDF", HTML, "PDF"),
        ("可研报告.pdf", b"%PD", "PDF"),
        ("现场照片.jpg", PDF, "JPEG 图片"),
        ("批复扫描件.png", b"\xff\xd8\xff\xe0 a jpeg named png", "PNG 图片"),
        ("合同.doc", ZIP, "Word"),
        ("合同.docx", OLE2, "Word"),
        ("账户信息.xlsx", b"name,account\n", "Excel"),
        ("电子公文.ofd", b"<?xml version='1.0'?><ofd/>", "OFD"),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_claims_is_refused_by_name(
    client, world, owner_editor, name, content, kind
):
    client.force_login(owner_editor)

    response = upload(client, world["project"], name, content)

    assert response.status_code == 200
    page = response.content.decode()
    assert f"文件「{name}」的内容不是 {kind} 文件" in page
    assert not Checkpoint.objects.filter(project=world["project"], kind="feasibility").exists()
    assert not default_storage.exists(f"checkpoints/{world['project'].code}/feasibility/{name}")


def test_a_replaced_document_is_deleted_from_storage_once_committed(
    client, world, owner_editor, media_root, django_capture_on_commit_callbacks
):
    project = world["project"]
    client.force_login(owner_editor)
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(client, project, "可研报告.pdf", PDF).status_code == 302
    first = Checkpoint.objects.get(project=project, kind="feasibility").document.name
    assert (media_root / first).exists()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert upload(client, project, "可研报告（修订）.pdf", PDF + b"%v2").status_code == 302
    second = Checkpoint.objects.get(project=project, kind="feasibility").document.name
    assert second != first
    assert (media_root / first).exists()  # not before the commit
    for callback in callbacks:
        callback()
    assert not (media_root / first).exists()
    assert (media_root / second).exists()
    served = client.get(document_url(project))
    assert served.getvalue() == PDF + b"%v2"
    served.close()


def test_a_document_of_the_same_name_replaces_the_old_one_without_deleting_itself(
    world, owner_editor, media_root, django_capture_on_commit_callbacks
):
    from portal.scope import Scope

    project, scope = world["project"], Scope.for_user(owner_editor)
    with django_capture_on_commit_callbacks(execute=True):
        services.checkpoint_record(
            scope=scope,
            project=project,
            kind=CheckpointKind.FEASIBILITY,
            data={"date": "2026-01-10", "document": SimpleUploadedFile("可研.pdf", PDF)},
        )
        replaced = services.checkpoint_record(
            scope=scope,
            project=project,
            kind=CheckpointKind.FEASIBILITY,
            data={"date": "2026-01-11", "document": SimpleUploadedFile("可研.pdf", PDF + b"2")},
        )
    files = list((media_root / "checkpoints" / project.code / "feasibility").iterdir())
    assert [path.name for path in files] == [replaced.document.name.rsplit("/", 1)[-1]]
    with replaced.document.open("rb") as stored:
        assert stored.read() == PDF + b"2"


def test_a_rolled_back_replacement_keeps_the_old_file(
    world, owner_editor, media_root, django_capture_on_commit_callbacks
):
    from portal.scope import Scope

    project, pledge = world["project"], world["pay_pledge"]
    kept = pledge.document.name

    def replace_then_fail():
        with transaction.atomic():
            services.checkpoint_record(
                scope=Scope.for_user(owner_editor),
                project=project,
                kind=pledge.kind,
                data={"document": SimpleUploadedFile("新承诺书.pdf", PDF)},
            )
            raise RuntimeError("the request failed after the service")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        replace_then_fail()
    assert callbacks == []
    assert (media_root / kept).exists()
    pledge.refresh_from_db()
    assert pledge.document.name == kept


def test_a_checkpoint_without_a_new_document_keeps_its_file(
    world, owner_editor, media_root, django_capture_on_commit_callbacks
):
    from portal.scope import Scope

    pledge = world["pay_pledge"]
    with django_capture_on_commit_callbacks(execute=True):
        services.checkpoint_record(
            scope=Scope.for_user(owner_editor),
            project=world["project"],
            kind=pledge.kind,
            data={"date": "2026-01-12", "note": "补充说明", "document": None},
        )
    pledge.refresh_from_db()
    assert (media_root / pledge.document.name).exists()


def test_an_outsider_owner_cannot_replace_a_document(client, home, world, media_root):
    stranger = OrganizationFactory(
        code="owner-z", kind=OrganizationKind.OWNER, region=home["district"]
    )
    client.force_login(member(stranger, Role.ADMIN))
    pledge = world["pay_pledge"]
    response = upload(client, world["project"], "伪造.pdf", PDF, kind=pledge.kind)
    assert response.status_code == 404
    assert (media_root / pledge.document.name).exists()
