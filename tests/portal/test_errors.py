"""The error pages of portal/errors.py, in Chinese."""

from django.test import RequestFactory

from portal.errors import server_error


def test_unknown_page_gets_the_chinese_404(client, office_viewer):
    client.force_login(office_viewer)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_server_error_page_is_in_chinese():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "系统出错了" in response.content.decode()
