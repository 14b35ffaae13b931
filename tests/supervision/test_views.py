"""The pages as their users meet them: recording an inspection in two steps, reporting a
rectification with a file checked by its content, closing and reopening, the outsider's 404,
the dashboard's to-do lines and the project's tab."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.models import OrganizationKind, Role
from supervision.models import Finding, FindingStatus, FindingTopic, Inspection, InspectionLevel
from tests.portal.factories import OrganizationFactory, member
from tests.supervision.conftest import PDF
from tests.supervision.factories import FindingFactory, InspectionFactory, RectificationFactory


def today():
    """Today in the portal's time zone, read when a test runs (a run may cross midnight)."""
    return timezone.localdate()


pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


def test_the_office_records_an_inspection_in_two_steps(client, site):
    client.force_login(member(site["office"]))
    url = reverse("supervision:inspection-create")
    chooser = page(client.get(url))
    assert "第一步：选择检查的项目" in chooser
    assert site["project"].code in chooser
    form = page(client.get(url, {"project": site["project"].code}))
    assert site["project"].name in form
    assert site["contractor"].name in form  # a unit the finding may be addressed to
    data = {
        "level": InspectionLevel.SPOT_CHECK,
        "inspected_on": today().isoformat(),
        "participants": [site["member_unit"].pk],
        "findings-TOTAL_FORMS": "3",
        "findings-INITIAL_FORMS": "0",
        "findings-0-topic": FindingTopic.PAY,
        "findings-0-description": "9月工资延迟发放",
        "findings-0-deadline": (today() + datetime.timedelta(days=15)).isoformat(),
        "findings-0-responsible": site["contractor"].pk,
    }
    response = client.post(f"{url}?project={site['project'].code}", data)
    inspection = Inspection.objects.get()
    assert response["Location"] == reverse("supervision:inspection-detail", args=[inspection.pk])
    detail = page(client.get(response["Location"], follow=True))
    assert "9月工资延迟发放" in detail
    assert "待整改" in detail


def test_a_half_filled_finding_and_a_future_date_are_shown_on_the_form(client, site):
    client.force_login(member(site["office"]))
    url = reverse("supervision:inspection-create") + f"?project={site['project'].code}"
    data = {
        "level": InspectionLevel.SPOT_CHECK,
        "inspected_on": (today() + datetime.timedelta(days=2)).isoformat(),
        "findings-TOTAL_FORMS": "3",
        "findings-INITIAL_FORMS": "0",
        "findings-0-description": "只写了描述",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "问题须同时填写类别、描述、整改时限和责任单位" in page(response)
    data["findings-0-description"] = ""
    assert "检查日期不能晚于今天" in page(client.post(url, data))
    assert not Inspection.objects.exists()


def test_the_contractor_reports_with_evidence_and_the_office_closes(client, site):
    inspection = InspectionFactory(project=site["project"], inspecting_organization=site["office"])
    finding = FindingFactory(inspection=inspection, responsible=site["contractor"])
    client.force_login(member(site["contractor"]))
    dashboard = page(client.get(reverse("portal:dashboard")))
    assert "本单位待整改的检查问题" in dashboard
    url = reverse("supervision:finding-rectify", args=[finding.pk])
    fake = SimpleUploadedFile("整改.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post(
        url, {"description": "已补发", "rectified_on": today(), "evidence": fake}
    )
    assert "内容不是 PDF 文件" in page(response)
    response = client.post(url, {"description": "已补发", "rectified_on": today()})
    assert "没有佐证材料不能销号" in page(response)
    evidence = SimpleUploadedFile("整改.pdf", PDF)
    response = client.post(
        url, {"description": "已补发", "rectified_on": today(), "evidence": evidence}
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == FindingStatus.REPORTED
    download = client.get(
        reverse("supervision:rectification-evidence", args=[finding.rectifications.get().pk])
    )
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF

    client.force_login(member(site["office"]))
    assert "待审核销号的整改情况" in page(client.get(reverse("portal:dashboard")))
    response = client.post(
        reverse("supervision:finding-close", args=[finding.pk]), {"reason": "核实无误"}
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED
    assert "审核通过，销号" in page(
        client.get(reverse("supervision:finding-detail", args=[finding.pk]))
    )


def test_closing_without_evidence_is_refused_on_the_page(client, site):
    inspection = InspectionFactory(project=site["project"], inspecting_organization=site["office"])
    finding = FindingFactory(inspection=inspection, responsible=site["contractor"])
    client.force_login(member(site["office"]))
    response = client.post(reverse("supervision:finding-close", args=[finding.pk]), {})
    assert response.status_code == 200
    assert "不能销号" in page(response)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN


def test_reopening_asks_for_the_reason(client, site):
    inspection = InspectionFactory(project=site["project"], inspecting_organization=site["office"])
    finding = FindingFactory(
        inspection=inspection, responsible=site["contractor"], status=FindingStatus.REPORTED
    )
    RectificationFactory(finding=finding)
    client.force_login(member(site["office"]))
    url = reverse("supervision:finding-reopen", args=[finding.pk])
    assert "退回重新整改须说明原因" in page(client.post(url, {"reason": ""}))
    client.post(url, {"reason": "签字表不全"})
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN
    history = page(client.get(reverse("supervision:finding-detail", args=[finding.pk])))
    assert "签字表不全" in history
    assert "下载佐证材料" in history  # the earlier report is kept


def test_an_outsiders_finding_is_404(client, site, elsewhere):
    inspection = InspectionFactory(project=site["project"], inspecting_organization=site["office"])
    finding = FindingFactory(inspection=inspection, responsible=site["contractor"])
    client.force_login(member(elsewhere["office"], Role.ADMIN))
    for name in ("finding-detail", "finding-rectify", "finding-close", "finding-reopen"):
        assert client.get(reverse(f"supervision:{name}", args=[finding.pk])).status_code == 404
    assert (
        client.get(reverse("supervision:inspection-detail", args=[inspection.pk])).status_code
        == 404
    )
    assert page(client.get(reverse("supervision:finding-list"))).count("finding-detail") == 0


def test_the_unit_responsible_sees_its_finding_without_the_project(client, site):
    other_contractor = OrganizationFactory(
        kind=OrganizationKind.CONTRACTOR, region=site["project"].region
    )
    inspection = InspectionFactory(project=site["project"], inspecting_organization=site["office"])
    finding = FindingFactory(
        inspection=inspection, responsible=other_contractor, description="未组织当地劳动力"
    )
    client.force_login(member(other_contractor))
    detail = page(client.get(reverse("supervision:finding-detail", args=[finding.pk])))
    assert "未组织当地劳动力" in detail
    assert reverse("projects:project-detail", args=[site["project"].code]) not in detail
    assert client.get(reverse("supervision:finding-rectify", args=[finding.pk])).status_code == 200


def test_the_project_tab_shows_findings_observations_and_the_badge(client, site):
    inspection = InspectionFactory(project=site["project"], inspecting_organization=site["office"])
    FindingFactory(
        inspection=inspection,
        responsible=site["contractor"],
        deadline=today() - datetime.timedelta(days=2),
        description="台账缺签字",
    )
    client.force_login(member(site["township"], Role.VIEWER))
    url = reverse("projects:project-detail", args=[site["project"].code])
    overview = page(client.get(url))
    assert (
        'href="?tab=supervision">监督检查 <span class="badge text-bg-danger">1</span>' in overview
    )
    tab = page(client.get(url + "?tab=supervision"))
    assert "台账缺签字" in tab
    assert "已逾期" in tab


def test_the_finding_added_later_by_the_inspecting_organisation(client, site):
    inspection = InspectionFactory(project=site["project"], inspecting_organization=site["office"])
    url = reverse("supervision:finding-add", args=[inspection.pk])
    client.force_login(member(site["department"]))
    assert client.get(url).status_code == 403
    client.force_login(member(site["office"]))
    response = client.post(
        url,
        {
            "topic": FindingTopic.SAFETY_TRAINING,
            "description": "未开展安全培训",
            "deadline": today().isoformat(),
            "responsible": site["contractor"].pk,
        },
    )
    assert response.status_code == 302
    assert Finding.objects.get().description == "未开展安全培训"


def test_a_file_over_the_size_limit_is_refused(client, site, monkeypatch):
    monkeypatch.setattr("projects.services.archives.MAX_DOCUMENT_SIZE", 10)
    inspection = InspectionFactory(project=site["project"], inspecting_organization=site["office"])
    finding = FindingFactory(inspection=inspection, responsible=site["contractor"])
    client.force_login(member(site["contractor"]))
    response = client.post(
        reverse("supervision:finding-rectify", args=[finding.pk]),
        {
            "description": "已补发",
            "rectified_on": today(),
            "evidence": SimpleUploadedFile("a.pdf", PDF),
        },
    )
    assert "文件不能超过 20 MB" in page(response)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN
