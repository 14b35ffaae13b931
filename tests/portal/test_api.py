from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal.models import Role
from tests.portal.factories import OrganizationFactory, member


def test_token_auth_lists_organisations_in_scope(home, elsewhere):
    user = member(home["office"], Role.VIEWER)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    response = client.get("/api/v1/organizations/")
    assert response.status_code == 200
    codes = [row["code"] for row in response.json()["results"]]
    assert sorted(codes) == ["contractor-1", "dept-1", "office-1", "town-1"]
    assert response.json()["results"][0]["kind_display"]


def test_api_filters_by_kind(home):
    client = APIClient()
    client.force_authenticate(member(home["office"], Role.VIEWER))
    response = client.get("/api/v1/organizations/", {"kind": "township"})
    assert [row["code"] for row in response.json()["results"]] == ["town-1"]


def test_api_list_runs_a_constant_number_of_queries(home, django_assert_max_num_queries):
    client = APIClient()
    client.force_authenticate(member(home["office"], Role.VIEWER))
    with django_assert_max_num_queries(10) as few:
        client.get("/api/v1/organizations/")
    OrganizationFactory.create_batch(30, region=home["district"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/organizations/", {"page_size": 100}).json()["count"] == 34


def test_openapi_schema_describes_the_api(home):
    client = APIClient()
    client.force_authenticate(member(home["office"], Role.VIEWER))
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert "/api/v1/organizations/" in response.json()["paths"]


def test_swagger_ui_is_served_from_our_own_static_files(client, home):
    client.force_login(member(home["office"], Role.VIEWER))
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page
    assert "cdn" not in page.lower()
    assert "/static/drf_spectacular_sidecar/" in page
