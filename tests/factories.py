"""Factories for the shell's models. Region codes are derived from a sequence so that two
districts built in one test never collide."""

import factory

from portal.models import (
    Membership,
    Organization,
    OrganizationKind,
    Region,
    RegionLevel,
    Role,
    User,
)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"区划{n}")


def district_tree(number: int, townships: int = 2) -> dict[str, Region]:
    """A province → city → district → townships → one village each, numbered `number`."""
    province = RegionFactory(
        code=f"{80 + number:02d}0000", name=f"测试省{number}", level=RegionLevel.PROVINCE
    )
    city = RegionFactory(
        code=f"{80 + number:02d}0100",
        name=f"测试市{number}",
        level=RegionLevel.CITY,
        parent=province,
    )
    district = RegionFactory(
        code=f"{80 + number:02d}0102",
        name=f"测试区{number}",
        level=RegionLevel.DISTRICT,
        parent=city,
    )
    tree = {"province": province, "city": city, "district": district, "townships": []}
    for index in range(townships):
        code = f"{district.code}{index + 1:03d}000"
        township = RegionFactory(
            code=code,
            name=f"测试镇{number}-{index + 1}",
            level=RegionLevel.TOWNSHIP,
            parent=district,
        )
        RegionFactory(
            code=f"{code[:9]}201",
            name=f"测试村{number}-{index + 1}",
            level=RegionLevel.VILLAGE,
            parent=township,
        )
        tree["townships"].append(township)
    return tree


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"org-{n:04d}")
    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = OrganizationKind.CONTRACTOR


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "pass-for-tests")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save(update_fields=["password"])


def member(organization: Organization, role: str = Role.EDITOR, **user_fields) -> User:
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


TEST_PASSWORD = "pass-for-tests"


def project_world(home: dict) -> dict:
    """A small projects graph in `home`, built once per test and kept in `home["world"]`:
    the district's own directory version (one category, two stages), an owner, a project on
    the first township, a draft and a published labour plan, this year's list with the project
    on it, and a meeting with an open action item."""
    if "world" in home:
        return home["world"]
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from projects.models import (
        ActionItem,
        AnnualList,
        AnnualListEntry,
        Category,
        Checkpoint,
        Directory,
        DirectoryAdoption,
        Domain,
        LaborPlan,
        ListImport,
        Meeting,
        PlanNotice,
        Project,
        ProjectTownship,
        StageKind,
        WorkStage,
    )

    district = home["district"]
    today = timezone.localdate()
    domain, _ = Domain.objects.get_or_create(
        code="transport", defaults={"name": "交通", "order": 1}
    )
    directory = Directory.objects.create(
        code=f"{district.code}-test", name="测试区指导目录", level="district", region=district
    )
    DirectoryAdoption.objects.create(region=district, directory=directory, adopted_on=today)
    category = Category.objects.create(
        directory=directory,
        number=1,
        domain=domain,
        name="公路建设",
        tasks="路基土石方、砌筑",
        guiding_department="交通运输部门",
    )
    stage = WorkStage.objects.create(
        category=category, order=1, name="路基土石方", kind=StageKind.GENERAL_LABOR
    )
    WorkStage.objects.create(
        category=category, order=2, name="后期养护", kind=StageKind.MAINTENANCE
    )
    owner = OrganizationFactory(
        code="owner-w", name="测试城投公司", kind=OrganizationKind.OWNER, region=district
    )
    project = Project.objects.create(
        code="W-001",
        name="测试村组道路工程",
        level="district",
        region=district,
        domain=domain,
        category=category,
        department=home["department"],
        owner=owner,
        total_investment=Decimal("500.00"),
        government_investment=Decimal("400.00"),
        work_relief_funds=Decimal("80.00"),
        planned_start=datetime.date(today.year, 1, 1),
        planned_end=datetime.date(today.year, 12, 31),
        status="listed",
    )
    ProjectTownship.objects.create(project=project, township=home["townships"][0])
    plan_fields = {
        "project": project,
        "stage": stage,
        "kind": stage.kind,
        "positions": 20,
        "start": datetime.date(today.year, 3, 1),
        "end": datetime.date(today.year, 6, 30),
        "daily_rate": Decimal("180.00"),
    }
    draft = LaborPlan.objects.create(**plan_fields)
    published = LaborPlan.objects.create(**plan_fields, published_at=timezone.now())
    notice = PlanNotice.objects.create(plan=published, township=home["township"])
    annual_list = AnnualList.objects.create(region=district, year=today.year, level="district")
    entry = AnnualListEntry.objects.create(
        annual_list=annual_list, project=project, added_on=datetime.date(today.year, 1, 1)
    )
    meeting = Meeting.objects.create(region=district, title="测试协调会", held_on=today)
    meeting.attendees.add(home["office"], home["department"])
    item = ActionItem.objects.create(
        meeting=meeting,
        description="落实用工计划",
        owner=home["department"],
        due_on=today - datetime.timedelta(days=3),
    )
    list_import = ListImport.objects.create(
        organization=home["office"],
        year=today.year,
        added_on=today,
        file="imports/lists/test.xlsx",
        filename="清单.xlsx",
        status="done",
        summary="新登记项目 0 个",
    )
    from django.core.files.base import ContentFile

    from portal.models import Export

    export = Export.objects.create(
        organization=home["office"],
        kind="projects",
        title="测试导出",
        status="done",
        rows=1,
        filename="测试导出.xlsx",
    )
    export.file.save("test.xlsx", ContentFile(b"PK test"), save=True)
    pledge = Checkpoint(project=project, kind="pay_pledge", date=today)
    pledge.document.save("承诺书.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    home["world"] = {
        "export": export,
        "list_import": list_import,
        "directory": directory,
        "category": category,
        "owner": owner,
        "project": project,
        "draft_plan": draft,
        "published_plan": published,
        "notice": notice,
        "annual_list": annual_list,
        "entry": entry,
        "meeting": meeting,
        "item": item,
    }
    return home["world"]
