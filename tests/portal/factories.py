"""Factories for the shell's models: the region tree, organisations, users and their
memberships, exports. Codes come from sequences so that two districts, or two organisations,
built in one test never collide."""

import factory
from django.utils import timezone

from portal.models import (
    Export,
    ExportStatus,
    Membership,
    Organization,
    OrganizationKind,
    Region,
    RegionLevel,
    Role,
    User,
)

TEST_PASSWORD = "pass-for-tests"


class RegionFactory(factory.django.DjangoModelFactory):
    """A region; a district on its own unless told otherwise (its parent is optional here,
    as `Region.clean` is not what these tests exercise)."""

    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{700000 + n}")
    name = factory.Sequence(lambda n: f"区划{n}")
    level = RegionLevel.DISTRICT


def district_tree(number: int, townships: int = 2) -> dict:
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
    region = factory.SubFactory(RegionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save(update_fields=["password"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.EDITOR


def member(organization: Organization, role: str = Role.EDITOR, **user_fields) -> User:
    """A new user of `organization` with `role` (password TEST_PASSWORD)."""
    return MembershipFactory(
        organization=organization, role=role, user=UserFactory(**user_fields)
    ).user


class ExportFactory(factory.django.DjangoModelFactory):
    """A finished export of the project list, its file on the (test's own) media storage."""

    class Meta:
        model = Export

    organization = factory.SubFactory(
        OrganizationFactory, kind=OrganizationKind.COORDINATION_OFFICE
    )
    kind = "projects"
    title = "测试导出"
    status = ExportStatus.DONE
    rows = 1
    filename = "测试导出.xlsx"
    file = factory.django.FileField(filename="test.xlsx", data=b"PK test")
    finished_at = factory.LazyFunction(timezone.now)
