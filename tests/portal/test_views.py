"""The shell's pages (portal/views.py and the login it mounts) as a user meets them: login,
dashboard, organisations, audit log."""

import pytest
from django.urls import reverse

from portal.models import AuditEntry, Organization, Role
from tests.portal.factories import TEST_PASSWORD, OrganizationFactory, member


@pytest.mark.django_db
def test_login_page_is_in_chinese(client):
    response = client.get(reverse("login"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "以工代赈协调平台" in page
    assert "用户名" in page
    assert "密码" in page


def test_wrong_password_gets_a_chinese_error(client, office_editor):
    response = client.post(
        reverse("login"), {"username": office_editor.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_login_leads_to_the_dashboard_and_logout_back_to_login(client, office_editor):
    response = client.post(
        reverse("login"),
        {"username": office_editor.username, "password": TEST_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("portal:dashboard")
    assert "工作台" in response.content.decode()
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")


def test_dashboard_shows_real_counts_of_the_district(client, home, office_viewer):
    client.force_login(office_viewer)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert 'data-count="townships">2<' in page
    assert 'data-count="villages">2<' in page
    assert 'data-count="department">1<' in page
    assert 'data-count="contractor">1<' in page


def test_office_menu_is_hidden_from_a_contractor(client, home):
    client.force_login(member(home["contractor"], Role.ADMIN))
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "操作日志" in page
    assert "单位与成员" not in page
    assert client.get(reverse("portal:organization-list")).status_code == 403


def test_organisation_list_filters_by_kind_and_text(client, home, office_viewer):
    client.force_login(office_viewer)
    page = client.get(reverse("portal:organization-list"), {"kind": "department"}).content.decode()
    assert "测试区交通局" in page
    assert "测试建设有限公司" not in page
    page = client.get(reverse("portal:organization-list"), {"q": "建设"}).content.decode()
    assert "测试建设有限公司" in page
    assert "测试区交通局" not in page


def test_editing_an_organisation_is_audited_and_shown(client, home, office_editor):
    client.force_login(office_editor)
    url = reverse("portal:organization-edit", args=["contractor-1"])
    response = client.post(
        url,
        {
            "name": "测试建设集团有限公司",
            "short_name": "测试建设",
            "credit_code": "",
            "address": "测试路1号",
        },
    )
    assert response.status_code == 302
    assert Organization.objects.get(code="contractor-1").name == "测试建设集团有限公司"
    entry = AuditEntry.objects.get(action="organization.update")
    assert entry.actor == office_editor
    assert entry.changes["单位名称"] == ["测试建设有限公司", "测试建设集团有限公司"]
    page = client.get(reverse("portal:audit-list")).content.decode()
    assert "修改了单位信息：测试建设集团有限公司" in page
    assert "测试建设有限公司 → 测试建设集团有限公司" in page


def test_invalid_organisation_data_is_refused_in_chinese_and_nothing_is_saved(
    client, home, office_editor
):
    client.force_login(office_editor)
    url = reverse("portal:organization-edit", args=["contractor-1"])
    response = client.post(url, {"name": "", "short_name": "", "credit_code": "123", "address": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "统一社会信用代码应为18位数字或大写字母" in page
    assert "该字段是必填项" in page
    assert Organization.objects.get(code="contractor-1").name == "测试建设有限公司"
    assert not AuditEntry.objects.exists()


def test_a_contractor_may_edit_itself_but_not_others(client, home):
    client.force_login(member(home["contractor"], Role.EDITOR))
    assert client.get(reverse("portal:organization-edit", args=["contractor-1"])).status_code == 200
    assert client.get(reverse("portal:organization-edit", args=["dept-1"])).status_code == 404


def test_a_department_sees_but_may_not_edit_another_organisation(client, home):
    client.force_login(member(home["department"], Role.ADMIN))
    assert (
        client.get(reverse("portal:organization-detail", args=["contractor-1"])).status_code == 200
    )
    assert client.get(reverse("portal:organization-edit", args=["contractor-1"])).status_code == 403


def test_audit_list_rejects_a_reversed_date_range(client, office_viewer):
    client.force_login(office_viewer)
    page = client.get(
        reverse("portal:audit-list"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert "截止日期不能早于起始日期" in page.content.decode()


def test_list_pages_run_a_constant_number_of_queries(
    client, home, office_viewer, django_assert_max_num_queries
):
    client.force_login(office_viewer)
    client.get(reverse("portal:organization-list"))  # warm the session
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("portal:organization-list"))
    OrganizationFactory.create_batch(40, region=home["district"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("portal:organization-list"))
    assert response.content.decode().count("测试单位") >= 40
