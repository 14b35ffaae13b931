"""A checkpoint's document (issue 8, item 13): served only through the view that checks the
user's scope, as a download the browser may not sniff, in the demo as in production; its
content checked against the type its name claims. Since issue 14 (item 4) a replaced document
is a new version: the earlier file stays in storage and can still be opened."""

import importlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import clear_url_caches, reverse

from portal.models import OrganizationKind, Role
from projects import services
from projects.models import Checkpoint, CheckpointKind, DocumentVersion
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


def versions(project, kind="feasibility"):
    """The checkpoint's document versions, oldest first."""
    return list(
        DocumentVersion.objects.filter(document__project=project, document__kind=kind).order_by(
            "number"
        )
    )


def pledge_file(world):
    return versions(world["project"], world["pay_pledge"].kind)[-1].file


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
    pledge, stored = world["pay_pledge"], pledge_file(world)
    assert (media_root / stored.name).exists()
    client.force_login(member(home["office"], Role.ADMIN))

    guessed = "/media/" + stored.name
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
    assert Checkpoint.objects.filter(project=world["project"], kind="feasibility").exists()
    (version,) = versions(world["project"])
    with version.file.open("rb") as stored:
        assert stored.read() == content
    assert version.original_name == name
    assert version.size == len(content)


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
    assert versions(world["project"]) == []
    assert not default_storage.exists(f"documents/{world['project'].code}/feasibility/v1-{name}")


def test_a_replaced_document_is_kept_as_an_earlier_version_and_still_opens(
    client, world, owner_editor, media_root, django_capture_on_commit_callbacks
):
    project = world["project"]
    client.force_login(owner_editor)
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(client, project, "可研报告.pdf", PDF).status_code == 302
        assert upload(client, project, "可研报告（修订）.pdf", PDF + b"%v2").status_code == 302
    first, second = versions(project)
    assert (first.number, second.number) == (1, 2)
    assert first.file.name != second.file.name
    assert (media_root / first.file.name).exists()
    assert (media_root / second.file.name).exists()
    # The checkpoint's link opens the newest; the earlier version still opens by its own link.
    served = client.get(document_url(project))
    assert b"".join(served.streaming_content) == PDF + b"%v2"
    earlier = client.get(reverse("projects:document-version", args=[project.code, first.pk]))
    assert b"".join(earlier.streaming_content) == PDF
    assert "attachment" in earlier["Content-Disposition"]


def test_a_document_of_the_same_name_is_a_new_version_and_overwrites_nothing(
    world, owner_editor, media_root, django_capture_on_commit_callbacks
):
    from portal.scope import Scope

    project, scope = world["project"], Scope.for_user(owner_editor)
    with django_capture_on_commit_callbacks(execute=True):
        for day, content in (("2026-01-10", PDF), ("2026-01-11", PDF + b"2")):
            services.checkpoint_record(
                scope=scope,
                project=project,
                kind=CheckpointKind.FEASIBILITY,
                data={"date": day, "document": SimpleUploadedFile("可研.pdf", content)},
            )
    first, second = versions(project)
    with first.file.open("rb") as stored:
        assert stored.read() == PDF
    with second.file.open("rb") as stored:
        assert stored.read() == PDF + b"2"
    import hashlib

    assert second.sha256 == hashlib.sha256(PDF + b"2").hexdigest()


def test_a_rolled_back_replacement_keeps_the_old_version(world, owner_editor, media_root):
    from portal.scope import Scope

    project, pledge = world["project"], world["pay_pledge"]
    kept = pledge_file(world).name

    def replace_then_fail():
        with transaction.atomic():
            services.checkpoint_record(
                scope=Scope.for_user(owner_editor),
                project=project,
                kind=pledge.kind,
                data={"document": SimpleUploadedFile("新承诺书.pdf", PDF)},
            )
            raise RuntimeError("the request failed after the service")

    with pytest.raises(RuntimeError):
        replace_then_fail()
    assert [version.file.name for version in versions(project, pledge.kind)] == [kept]
    assert (media_root / kept).exists()


def test_a_checkpoint_without_a_new_document_keeps_its_file(world, owner_editor, media_root):
    from portal.scope import Scope

    pledge = world["pay_pledge"]
    services.checkpoint_record(
        scope=Scope.for_user(owner_editor),
        project=world["project"],
        kind=pledge.kind,
        data={"date": "2026-01-12", "note": "补充说明", "document": None},
    )
    assert len(versions(world["project"], pledge.kind)) == 1
    assert (media_root / pledge_file(world).name).exists()


def test_an_outsider_owner_cannot_replace_a_document(client, home, world, media_root):
    stranger = OrganizationFactory(
        code="owner-z", kind=OrganizationKind.OWNER, region=home["district"]
    )
    client.force_login(member(stranger, Role.ADMIN))
    pledge = world["pay_pledge"]
    response = upload(client, world["project"], "伪造.pdf", PDF, kind=pledge.kind)
    assert response.status_code == 404
    assert len(versions(world["project"], pledge.kind)) == 1
