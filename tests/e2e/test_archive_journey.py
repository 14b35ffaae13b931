"""After the contract, as its users do it (issue 14, items 4 and 9): the owner records the
acceptance with its document, replaces it and sees both versions in the archive; a checkpoint
out of order is refused with the reason; handover, settlement, the final audit and the
maintenance responsibility follow; the office evaluates with the participants and sees the
result beside acceptance; the office's admin tries to delete a document inside its retention
and is refused with the date it ends."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.models import AuditEntry, Role
from projects.models import (
    CheckpointKind,
    CompletionEvaluation,
    DocumentVersion,
    MaintenanceResponsibility,
    Project,
    ProjectStatus,
)
from tests.portal.factories import TEST_PASSWORD, member
from tests.projects.factories import CheckpointFactory, project_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def ago(days: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


def pdf(name: str, extra: bytes = b"") -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF + extra}


def record_checkpoint(page, check_page, label: str, day: str, file: dict | None, **fields):
    page.get_by_test_id("checkpoint-table").get_by_role(
        "link", name=re.compile(rf"^(记录|更新)\s*{label}$")
    ).click()
    check_page(f"checkpoint form {label}")
    page.get_by_label(re.compile(r"^日期")).fill(day)
    if file is not None:
        page.get_by_label(re.compile(r"^文件")).set_input_files(file)
    for name, value in fields.items():
        page.get_by_label(re.compile(f"^{re.escape(name)}")).fill(value)
    page.get_by_role("button", name="保存").click()


def test_acceptance_to_maintenance_with_versions_evaluation_and_retention(
    page, live_server, home, log_in, screenshots, check_page
):
    world = project_world(home)
    project = world["project"]
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.UNDER_CONSTRUCTION)
    CheckpointFactory(
        project=project,
        kind=CheckpointKind.CONTRACT,
        date=timezone.localdate() - datetime.timedelta(days=200),
    )
    member(world["owner"], Role.EDITOR, username="owner_e2e")
    member(home["office"], Role.EDITOR, username="office_e2e")
    member(home["office"], Role.ADMIN, username="office_admin_e2e")

    # The owner records the acceptance with its document: the works are complete.
    log_in("owner_e2e", TEST_PASSWORD)
    page.goto(f"/projects/{project.code}/?tab=checkpoints")
    check_page("checkpoints tab")
    record_checkpoint(page, check_page, "工程验收", ago(60), pdf("竣工验收报告（初稿）.pdf"))
    expect(page.get_by_role("alert").filter(has_text="已记录「工程验收」")).to_be_visible()
    expect(page.locator("h1 [data-status]")).to_have_text("已完工")

    # It replaces the document by the signed copy; both versions stay in the archive.
    record_checkpoint(page, check_page, "工程验收", ago(60), pdf("竣工验收报告.pdf", b"%signed"))
    page.get_by_role("link", name=re.compile("项目档案")).click()
    check_page("archive tab")
    acceptance = page.get_by_test_id(f"archive-{CheckpointKind.ACCEPTANCE}")
    expect(acceptance.get_by_role("link", name="竣工验收报告.pdf")).to_be_visible()
    expect(acceptance.get_by_role("link", name="竣工验收报告（初稿）.pdf")).to_be_visible()
    expect(acceptance).to_contain_text("第2版")
    expect(acceptance).to_contain_text("已替换")
    expect(page.get_by_test_id("archive-missing")).to_contain_text("劳务报酬发放档案")
    with page.expect_download() as first:
        acceptance.get_by_role("link", name="竣工验收报告（初稿）.pdf").click()
    with open(first.value.path(), "rb") as stored:
        assert stored.read() == PDF
    page.screenshot(path=screenshots / "archive-tab.png", full_page=True)

    # A checkpoint out of order is refused with the reason.
    page.goto(f"/projects/{project.code}/?tab=checkpoints")
    record_checkpoint(page, check_page, "结算", ago(40), pdf("结算书.pdf"))
    expect(
        page.get_by_role("alert").filter(has_text="「结算」须在「工程移交」之后")
    ).to_be_visible()
    check_page("refused checkpoint")
    page.get_by_role("link", name="取消").click()

    record_checkpoint(page, check_page, "工程移交", ago(50), pdf("移交清单.pdf"))
    expect(page.get_by_role("alert").filter(has_text="已记录「工程移交」")).to_be_visible()
    record_checkpoint(page, check_page, "结算", ago(40), pdf("结算书.pdf"))
    record_checkpoint(page, check_page, "决算审计", ago(20), pdf("决算审计报告.pdf"))
    record_checkpoint(
        page,
        check_page,
        "落实后期管护责任",
        ago(45),
        pdf("管护协议.pdf"),
        **{"或：村集体名称": "石桥村股份经济合作社", "计划留用当地管护人员（人）": "4"},
    )
    expect(page.get_by_test_id("maintenance-card")).to_contain_text("石桥村股份经济合作社")
    expect(page.get_by_test_id("maintenance-card")).to_contain_text("4 人")
    check_page("checkpoints complete")
    assert MaintenanceResponsibility.objects.get(project=project).planned_workers == 4
    page.context.clear_cookies()

    # The office evaluates with the departments, the owner, the contractor and the township.
    log_in("office_e2e", TEST_PASSWORD)
    page.goto(f"/projects/{project.code}/")
    page.get_by_role("link", name="综合评价", exact=True).click()
    check_page("evaluation form")
    page.get_by_label(re.compile("^评价结论")).select_option(label="良好")
    page.get_by_label(re.compile("^评价意见")).fill("当地务工比例高，报酬按月足额发放。")
    page.get_by_label(re.compile("^评价单位")).select_option(label=home["department"].name)
    for organization in (home["department"], world["owner"], home["contractor"], home["township"]):
        page.get_by_label(organization.name, exact=True).check()
    for label, score in (("吸纳当地务工", "28"), ("劳务报酬发放", "29"), ("技能培训", "12")):
        page.get_by_label(re.compile(f"^{label}")).fill(score)
    page.get_by_label(re.compile("^资金使用")).fill("14")
    page.get_by_label(re.compile("^档案管理")).fill("9")
    page.get_by_label(re.compile("^评价报告")).set_input_files(pdf("综合评价报告.pdf"))
    page.get_by_role("button", name="保存综合评价").click()
    expect(page.get_by_role("alert").filter(has_text="综合评价已保存：良好")).to_be_visible()
    evaluation = CompletionEvaluation.objects.get(project=project)
    assert evaluation.participants.count() == 4

    page.goto(f"/projects/{project.code}/?tab=checkpoints")
    expect(page.get_by_test_id("evaluation-beside-acceptance")).to_contain_text("良好")
    expect(page.get_by_test_id("evaluation-beside-final_audit")).to_contain_text("良好")
    check_page("checkpoints with evaluation")
    page.screenshot(path=screenshots / "checkpoints-after-contract.png", full_page=True)
    page.get_by_test_id("checkpoint-table").get_by_role(
        "link", name=re.compile(r"^更新\s*工程验收$")
    ).click()
    expect(page.get_by_test_id("evaluation-reference")).to_contain_text(home["contractor"].name)
    check_page("acceptance form with evaluation")
    page.context.clear_cookies()

    # The office's admin tries to delete a document inside its retention: refused, recorded.
    log_in("office_admin_e2e", TEST_PASSWORD)
    page.goto(f"/projects/{project.code}/?tab=archive")
    page.get_by_test_id(f"archive-{CheckpointKind.HANDOVER}").get_by_role(
        "link", name=re.compile("删除")
    ).click()
    expect(page.get_by_test_id("retention-note")).to_contain_text("档案保存期至")
    check_page("delete form")
    page.get_by_label(re.compile("^删除原因")).fill("重复上传")
    page.get_by_role("button", name="删除").click()
    expect(page.get_by_role("alert").filter(has_text="期满后方可删除")).to_be_visible()
    assert AuditEntry.objects.filter(action="document.delete_refused").count() == 1
    assert DocumentVersion.objects.filter(document__deleted_at__isnull=True).count() >= 7

    # On a phone, the archive reads as cards.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/projects/{project.code}/?tab=archive")
    check_page("archive tab on a phone")
    page.screenshot(path=screenshots / "archive-tab-375.png", full_page=True)
