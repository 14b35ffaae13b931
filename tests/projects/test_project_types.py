"""Project types and 衔接配套 (seed 001 line 8, seed 004 (五)): a project is a key project, a
small rural infrastructure project or a work-relief special investment project; a special
investment project names the key projects it supports. The rules in the service, the form,
the project page both ways, the list and its filter, the API and the import."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook
from rest_framework.test import APIClient

from portal.models import AuditEntry, OrganizationKind, Role
from portal.scope import Scope
from projects import services
from projects.importers import ImportRejected, import_annual_list
from projects.models import Category, Project, ProjectLevel, ProjectType
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import LIST_HEADER_SUB, LIST_HEADER_TOP, ProjectFactory, list_row

KEY, RURAL, SPECIAL = ProjectType.KEY, ProjectType.RURAL_SMALL, ProjectType.SPECIAL_INVESTMENT


def project(home, owner, directory, code, project_type=KEY, supports=(), number=1, **extra):
    made = ProjectFactory(
        code=code,
        name=f"工程{code}",
        project_type=project_type,
        region=home["district"],
        category=Category.objects.get(directory=directory, number=number),
        department=home["department"],
        owner=owner,
        **extra,
    )
    made.supports.set(supports)
    return made


def data(home, owner, directory, **overrides) -> dict:
    category = Category.objects.get(directory=directory, number=1)
    values = {
        "code": "S-1",
        "name": "石桥公路配套便民设施工程",
        "level": ProjectLevel.DISTRICT,
        "project_type": SPECIAL,
        "domain": category.domain,
        "category": category,
        "department": home["department"],
        "owner": owner,
        "total_investment": Decimal("300.00"),
        "government_investment": Decimal("300.00"),
        "work_relief_funds": Decimal("200.00"),
        "planned_start": datetime.date(2026, 4, 1),
        "planned_end": datetime.date(2026, 11, 30),
    }
    values.update(overrides)
    return values


def refused(call) -> dict:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


# --- the service ---------------------------------------------------------------------------


def test_a_special_investment_project_supports_key_projects_and_the_change_is_audited(
    home, owner, directory, office_scope
):
    road = project(home, owner, directory, "K-1")
    bridge = project(home, owner, directory, "K-2")
    special = services.project_create(
        scope=office_scope, data=data(home, owner, directory), supports=[road]
    )
    assert list(special.supports.all()) == [road]
    assert list(road.supported_by.all()) == [special]
    created = AuditEntry.objects.get(action="project.create", object_id=str(special.pk))
    assert "K-1" in created.summary

    services.project_update(scope=office_scope, project=special, data={}, supports=[road, bridge])
    change = AuditEntry.objects.filter(action="project.update").latest("pk").changes
    assert change["衔接配套的重点工程项目"] == ["K-1", "K-1、K-2"]
    # Left out, the links stay as they are.
    services.project_update(scope=office_scope, project=special, data={"name": "新名称"})
    assert set(special.supports.values_list("code", flat=True)) == {"K-1", "K-2"}


def test_bad_links_are_refused_with_the_reason_on_the_field(home, owner, directory, office_scope):
    road = project(home, owner, directory, "K-1")
    other_special = project(home, owner, directory, "S-0", SPECIAL, supports=[road])
    rural = project(home, owner, directory, "R-1", RURAL)

    def create(**kwargs):
        overrides = {k: v for k, v in kwargs.items() if k != "supports"}
        return lambda: services.project_create(
            scope=office_scope,
            data=data(home, owner, directory, **overrides),
            supports=kwargs.get("supports"),
        )

    # A special project names none.
    assert "须选择它衔接配套的重点工程项目" in refused(create())["supports"][0]
    # A key project names one.
    errors = refused(create(project_type=KEY, supports=[road]))["supports"]
    assert "只有以工代赈专项投资项目才填写" in errors[0]
    assert "重点工程项目" in errors[0]
    # Supporting a special investment project, or a small rural one.
    errors = refused(create(supports=[other_special, rural]))["supports"]
    assert "衔接配套的须是重点工程项目" in errors[0]
    assert "S-0" in errors[0]
    assert "R-1" in errors[0]
    # Supporting itself.
    errors = refused(
        lambda: services.project_update(
            scope=office_scope, project=other_special, data={}, supports=[other_special]
        )
    )["supports"]
    assert any("不能与自身衔接配套" in e for e in errors)
    assert not Project.objects.filter(code="S-1").exists()


def test_a_supported_key_project_keeps_its_type_and_another_districts_is_refused(
    home, elsewhere, owner, directory, office_scope
):
    road = project(home, owner, directory, "K-1")
    project(home, owner, directory, "S-0", SPECIAL, supports=[road])
    errors = refused(
        lambda: services.project_update(
            scope=office_scope, project=road, data={"project_type": RURAL}
        )
    )
    assert "S-0" in errors["project_type"][0]
    road.refresh_from_db()
    assert road.project_type == KEY

    far_owner = OrganizationFactory(kind=OrganizationKind.OWNER, region=elsewhere["district"])
    far = ProjectFactory(code="F-1", region=elsewhere["district"], owner=far_owner)
    errors = refused(
        lambda: services.project_create(
            scope=office_scope, data=data(home, owner, directory), supports=[far]
        )
    )
    assert "不是本区您可查看的项目" in errors["supports"][0]


# --- the form and the project page ---------------------------------------------------------


def form_post(home, owner, directory, **overrides) -> dict:
    category = Category.objects.get(directory=directory, number=1)
    values = {
        "code": "S-9",
        "name": "便民服务站配套工程",
        "level": "district",
        "project_type": "special_investment",
        "domain": category.domain.pk,
        "category": category.pk,
        "department": home["department"].pk,
        "owner": owner.pk,
        "total_investment": "300",
        "government_investment": "300",
        "work_relief_funds": "100",
        "planned_start": "2026-04-01",
        "planned_end": "2026-11-30",
        "pay_day": "15",
    }
    values.update(overrides)
    return values


def test_the_form_registers_a_special_project_and_both_pages_show_the_link(
    client, home, owner, directory, office_editor
):
    road = project(home, owner, directory, "K-1")
    project(home, owner, directory, "K-W", status="withdrawn", withdrawn_reason="取消")
    client.force_login(office_editor)
    form = client.get(reverse("projects:project-create")).content.decode()
    assert 'type="radio" name="project_type" value="special_investment"' in form
    assert "K-1 工程K-1" in form
    assert "K-W" not in form  # a withdrawn key project is not offered

    response = client.post(reverse("projects:project-create"), form_post(home, owner, directory))
    page = response.content.decode()
    assert response.status_code == 200  # refused: no key project named
    assert "以工代赈专项投资项目须选择它衔接配套的重点工程项目" in page

    response = client.post(
        reverse("projects:project-create"),
        form_post(home, owner, directory, supports=[road.pk]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    special = Project.objects.get(code="S-9")
    assert special.project_type == SPECIAL

    page = client.get(reverse("projects:project-detail", args=["S-9"])).content.decode()
    assert 'data-testid="project-type">以工代赈专项投资项目<' in page
    assert f'href="{reverse("projects:project-detail", args=["K-1"])}"' in page
    page = client.get(reverse("projects:project-detail", args=["K-1"])).content.decode()
    assert 'data-testid="supported-by"' in page
    assert f'href="{reverse("projects:project-detail", args=["S-9"])}">便民服务站配套工程<' in page

    # A key project that names one is refused on the field.
    response = client.post(
        reverse("projects:project-create"),
        form_post(home, owner, directory, code="K-9", project_type="key", supports=[road.pk]),
    )
    assert "只有以工代赈专项投资项目才填写" in response.content.decode()
    # A form without a type registers a key project.
    values = form_post(home, owner, directory, code="K-8")
    del values["project_type"]
    assert client.post(reverse("projects:project-create"), values).status_code == 302
    assert Project.objects.get(code="K-8").project_type == KEY


# --- the list, its filter, the API ---------------------------------------------------------


def test_the_list_shows_and_filters_the_type_in_constant_queries(
    client, home, owner, directory, office_editor, django_assert_max_num_queries
):
    road = project(home, owner, directory, "K-1")
    project(home, owner, directory, "S-1", SPECIAL, supports=[road])
    project(home, owner, directory, "R-1", RURAL)
    client.force_login(office_editor)
    url = reverse("projects:project-list")
    page = client.get(url, {"project_type": "special_investment"}).content.decode()
    assert "工程S-1" in page
    assert "工程K-1</a>" not in page
    assert "工程R-1" not in page
    assert "衔接配套：工程K-1" in page
    assert 'data-testid="type-badge">以工代赈专项投资项目<' in page
    page = client.get(url, {"project_type": "rural_small"}).content.decode()
    assert "工程R-1" in page
    assert "工程S-1" not in page

    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for number in range(2, 25):
        key = project(home, owner, directory, f"K-{number}")
        project(home, owner, directory, f"S-{number}", SPECIAL, supports=[key, road])
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url, {"page_size": "100"}).content.decode()
    assert "工程S-24" in page


def test_the_api_carries_the_type_and_the_links_as_codes(
    home, owner, directory, django_assert_max_num_queries
):
    road = project(home, owner, directory, "K-1")
    project(home, owner, directory, "S-1", SPECIAL, supports=[road])
    client = APIClient()
    client.force_authenticate(member(home["office"], Role.VIEWER))
    rows = {row["code"]: row for row in client.get("/api/v1/projects/").json()["results"]}
    assert rows["S-1"]["project_type"] == "special_investment"
    assert rows["S-1"]["project_type_display"] == "以工代赈专项投资项目"
    assert rows["S-1"]["supports"] == ["K-1"]
    assert rows["K-1"]["supported_by"] == ["S-1"]
    assert rows["K-1"]["supports"] == []
    special = client.get("/api/v1/projects/", {"project_type": "special_investment"}).json()
    assert [row["code"] for row in special["results"]] == ["S-1"]
    bad = client.get("/api/v1/projects/", {"project_type": "nonsense"})
    assert bad.status_code == 400

    with django_assert_max_num_queries(40) as few:
        client.get("/api/v1/projects/")
    for number in range(2, 20):
        key = project(home, owner, directory, f"K-{number}")
        project(home, owner, directory, f"S-{number}", SPECIAL, supports=[key])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/projects/").status_code == 200


# --- the import ----------------------------------------------------------------------------


def typed_workbook(rows: list[list]) -> bytes:
    """The departments' layout with a 项目类型 and a 衔接配套 column after 备注."""
    book = Workbook()
    sheet = book.active
    sheet.append(["2026年以工代赈项目清单"])
    sheet.append(["填报单位：测试区交通局"])
    sheet.append([*LIST_HEADER_TOP, "类型", "衔接配套项目编码"])
    sheet.append(LIST_HEADER_SUB)
    for number, values in enumerate(rows, start=1):
        sheet.append([number, *values[1:]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def typed_row(directory, code, project_type, supports=""):
    return [*list_row(directory, code, f"工程{code}"), project_type, supports]


def import_file(home, content: bytes):
    scope = Scope.for_user(member(home["office"], Role.EDITOR))
    return import_annual_list(scope=scope, year=2026, content=content, on=datetime.date(2026, 3, 1))


def test_the_import_reads_the_type_with_its_synonyms_and_the_links(home, owner, directory):
    registered = project(home, owner, directory, "K-0")
    import_file(
        home,
        typed_workbook(
            [
                typed_row(directory, "S-1", "以工代赈专项", "K-1、K-0"),
                typed_row(directory, "K-1", ""),  # empty: a key project
                typed_row(directory, "R-1", "中小型农业农村基础设施项目"),
                typed_row(directory, "K-2", "重点工程"),
            ]
        ),
    )
    types = dict(Project.objects.values_list("code", "project_type"))
    assert types == {"K-0": KEY, "S-1": SPECIAL, "K-1": KEY, "R-1": RURAL, "K-2": KEY}
    special = Project.objects.get(code="S-1")
    assert set(special.supports.values_list("code", flat=True)) == {"K-0", "K-1"}
    assert list(registered.supported_by.all()) == [special]


def test_the_import_names_row_and_column_of_a_bad_type_or_link(home, owner, directory):
    project(home, owner, directory, "S-0", SPECIAL)
    with pytest.raises(ImportRejected) as rejected:
        import_file(
            home,
            typed_workbook(
                [
                    typed_row(directory, "X-1", "大型项目"),
                    typed_row(directory, "S-1", "以工代赈专项投资项目"),
                    typed_row(directory, "K-1", "重点工程项目", "K-2"),
                    typed_row(directory, "S-2", "以工代赈专项投资项目", "S-2、S-0、Z-9"),
                ]
            ),
        )
    assert rejected.value.errors == [
        "第 5 行「项目类型」：“大型项目”不是有效的项目类型"
        "（重点工程项目、中小型农业农村基础设施项目、以工代赈专项投资项目）",
        "第 6 行「衔接配套重点工程项目编码」：以工代赈专项投资项目须填写所衔接配套的重点工程项目编码",
        "第 7 行「衔接配套重点工程项目编码」：只有以工代赈专项投资项目才填写衔接配套的重点工程项目，"
        "本行是「重点工程项目」：请清空此格或改项目类型",
        "第 8 行「衔接配套重点工程项目编码」：项目不能与自身衔接配套",
        "第 8 行「衔接配套重点工程项目编码」：“S-0”不是重点工程项目，不能衔接配套",
        "第 8 行「衔接配套重点工程项目编码」：“Z-9”不是本区已登记或本表中的重点工程项目",
    ]
    assert set(Project.objects.values_list("code", flat=True)) == {"S-0"}
