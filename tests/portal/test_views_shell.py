"""The shell's list pages and icons: a page past the end shows the last page, not a 404;
every page names its icon, and /favicon.ico answers."""

import pytest
from django.urls import reverse

from portal.services import audit_record


@pytest.mark.parametrize(("page", "shown"), [("999", 3), ("abc", 1), ("-1", 3), ("2", 2)])
def test_a_page_past_the_end_shows_the_last_page(client, office_editor, office_scope, page, shown):
    for number in range(120):
        audit_record(scope=office_scope, action="test.entry", summary=f"记录 {number}")
    client.force_login(office_editor)
    response = client.get(reverse("portal:audit-list"), {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    assert "共 120 条" in response.content.decode()


def test_every_page_names_its_icon_and_the_icon_exists(client, office_editor):
    from django.contrib.staticfiles import finders
    from django.test import Client

    client.force_login(office_editor)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert 'rel="icon"' in page
    login_page = Client().get(reverse("login")).content.decode()
    assert 'rel="icon"' in login_page
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert finders.find("portal/favicon.ico")
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an .ico file
    icon.close()
