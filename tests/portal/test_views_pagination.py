"""A page number past the end of a list shows its last page, not a 404."""

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
