"""Factories for the projects app: the guidance directory, projects and their parties, labour
plans, annual lists, lifecycle checkpoints, meetings and list imports; `project_world`, the
small graph the route walker and the page tests share; and the annual-list workbooks as
departments send them (for the importer, the worker and the browser tests)."""

import datetime
import io
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from portal.models import OrganizationKind
from projects.models import (
    ActionItem,
    ActionItemStatus,
    AnnualList,
    AnnualListEntry,
    ArchiveKind,
    Category,
    Checkpoint,
    CheckpointKind,
    Directory,
    DirectoryAdoption,
    DirectoryLevel,
    DocumentVersion,
    Domain,
    GroupRole,
    ImportStatus,
    LaborPlan,
    LeadingGroup,
    LeadingGroupMember,
    ListImport,
    Meeting,
    PlanNotice,
    Project,
    ProjectContractor,
    ProjectDocument,
    ProjectForecast,
    ProjectLevel,
    ProjectStatus,
    ProjectTownship,
    StageKind,
    WorkStage,
)
from tests.portal.factories import ExportFactory, OrganizationFactory, RegionFactory


def this_year() -> int:
    return timezone.localdate().year


# --- guidance directory --------------------------------------------------------------------


class DomainFactory(factory.django.DjangoModelFactory):
    """A domain; the fixtures' own (`transport`, …) is reused when its code is given."""

    class Meta:
        model = Domain
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"domain-{n}")
    name = factory.Sequence(lambda n: f"建设领域{n}")
    order = factory.Sequence(lambda n: n)


class DirectoryFactory(factory.django.DjangoModelFactory):
    """A version of the guidance directory; a shipped one (no region) unless given a region."""

    class Meta:
        model = Directory

    code = factory.Sequence(lambda n: f"directory-{n}")
    name = factory.Sequence(lambda n: f"测试指导目录{n}")
    level = DirectoryLevel.DISTRICT
    region = None


class DirectoryAdoptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectoryAdoption

    region = factory.SubFactory(RegionFactory)
    directory = factory.SubFactory(DirectoryFactory, region=factory.SelfAttribute("..region"))
    adopted_on = factory.LazyFunction(timezone.localdate)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    directory = factory.SubFactory(DirectoryFactory)
    number = factory.Sequence(lambda n: n + 1)
    domain = factory.SubFactory(DomainFactory)
    name = factory.Sequence(lambda n: f"具体类别{n}")
    tasks = "路基土石方、砌筑"
    guiding_department = "交通运输部门"


class WorkStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkStage

    category = factory.SubFactory(CategoryFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"用工环节{n}")
    kind = StageKind.GENERAL_LABOR


# --- projects ------------------------------------------------------------------------------


class ProjectFactory(factory.django.DjangoModelFactory):
    """A district project in the reserve, with its own category, department and owner in its
    region. `townships=[region, …]` and `contractors=[organization, …]` add its ground and
    its contracts."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"P-{n:04d}")
    name = factory.Sequence(lambda n: f"测试工程{n}")
    level = ProjectLevel.DISTRICT
    region = factory.SubFactory(RegionFactory)
    category = factory.SubFactory(CategoryFactory)
    domain = factory.SelfAttribute("category.domain")
    department = factory.SubFactory(
        OrganizationFactory,
        kind=OrganizationKind.DEPARTMENT,
        region=factory.SelfAttribute("..region"),
    )
    owner = factory.SubFactory(
        OrganizationFactory, kind=OrganizationKind.OWNER, region=factory.SelfAttribute("..region")
    )
    total_investment = Decimal("500.00")
    government_investment = Decimal("400.00")
    work_relief_funds = Decimal("80.00")
    planned_start = factory.LazyFunction(lambda: datetime.date(this_year(), 1, 1))
    planned_end = factory.LazyFunction(lambda: datetime.date(this_year(), 12, 31))
    status = ProjectStatus.RESERVE

    @factory.post_generation
    def townships(self, create, extracted, **kwargs):
        for township in extracted or ():
            ProjectTownshipFactory(project=self, township=township)

    @factory.post_generation
    def contractors(self, create, extracted, **kwargs):
        for contractor in extracted or ():
            ProjectContractorFactory(project=self, contractor=contractor)


class ProjectTownshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectTownship

    project = factory.SubFactory(ProjectFactory)
    township = factory.SubFactory(RegionFactory)


class ProjectContractorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectContractor

    project = factory.SubFactory(ProjectFactory)
    contractor = factory.SubFactory(
        OrganizationFactory,
        kind=OrganizationKind.CONTRACTOR,
        region=factory.SelfAttribute("..project.region"),
    )
    contract_date = factory.LazyFunction(lambda: datetime.date(this_year(), 1, 15))


class ProjectForecastFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectForecast

    project = factory.SubFactory(ProjectFactory)
    year = factory.LazyFunction(this_year)
    local_workers = 50
    remuneration = Decimal("120.00")


# --- labour plans --------------------------------------------------------------------------


class LaborPlanFactory(factory.django.DjangoModelFactory):
    """A draft labour plan at a stage of its project's category; `published=True` publishes it
    (without notices: PlanNoticeFactory adds those)."""

    class Meta:
        model = LaborPlan

    class Params:
        published = factory.Trait(published_at=factory.LazyFunction(timezone.now))

    project = factory.SubFactory(ProjectFactory)
    stage = factory.SubFactory(
        WorkStageFactory, category=factory.SelfAttribute("..project.category")
    )
    kind = factory.SelfAttribute("stage.kind")
    positions = 20
    start = factory.LazyFunction(lambda: datetime.date(this_year(), 3, 1))
    end = factory.LazyFunction(lambda: datetime.date(this_year(), 6, 30))
    daily_rate = Decimal("180.00")


class PlanNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanNotice

    plan = factory.SubFactory(LaborPlanFactory, published=True)
    township = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.TOWNSHIP)


# --- annual lists --------------------------------------------------------------------------


class AnnualListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualList
        django_get_or_create = ("region", "year", "level")

    region = factory.SubFactory(RegionFactory)
    year = factory.LazyFunction(this_year)
    level = ProjectLevel.DISTRICT


class AnnualListEntryFactory(factory.django.DjangoModelFactory):
    """A project on a list from the first day of the list's year."""

    class Meta:
        model = AnnualListEntry

    project = factory.SubFactory(ProjectFactory, status=ProjectStatus.LISTED)
    annual_list = factory.SubFactory(
        AnnualListFactory, region=factory.SelfAttribute("..project.region")
    )
    added_on = factory.LazyAttribute(lambda entry: datetime.date(entry.annual_list.year, 1, 1))


# --- lifecycle -----------------------------------------------------------------------------


class ProjectDocumentFactory(factory.django.DjangoModelFactory):
    """A document of a project's archive (no version: see DocumentVersionFactory)."""

    class Meta:
        model = ProjectDocument

    project = factory.SubFactory(ProjectFactory)
    kind = ArchiveKind.TENDER
    title = factory.Sequence(lambda n: f"档案文件{n}")


class DocumentVersionFactory(factory.django.DjangoModelFactory):
    """A version of a document, its file on the test's own media storage."""

    class Meta:
        model = DocumentVersion

    document = factory.SubFactory(ProjectDocumentFactory)
    number = 1
    file = factory.django.FileField(filename="文件.pdf", data=b"%PDF-1.4 test")
    original_name = factory.LazyAttribute(lambda version: version.file.name.rsplit("/", 1)[-1])
    size = factory.LazyAttribute(lambda version: version.file.size)
    sha256 = "0" * 64


class CheckpointFactory(factory.django.DjangoModelFactory):
    """A recorded checkpoint with its document (version 1) on the test's own media storage;
    `document__filename=…` / `document__data=…` name it, `document=False` records none."""

    class Meta:
        model = Checkpoint
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    kind = CheckpointKind.FEASIBILITY
    date = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def document(self, create, extracted, filename="文件.pdf", data=b"%PDF-1.4 test"):
        if not create or extracted is False:
            return
        DocumentVersionFactory(
            document=ProjectDocumentFactory(
                project=self.project, kind=self.kind, title=self.get_kind_display()
            ),
            file__filename=filename,
            file__data=data,
        )


def evaluation_form_data(project, **overrides) -> dict:
    """What the evaluator posts on the evaluation page: the project's department evaluates with
    its owner, every criterion given its full score unless `overrides` say otherwise."""
    from projects.models import DEFAULT_CRITERIA

    return {
        "evaluated_on": timezone.localdate().isoformat(),
        "judgement": "good",
        "comments": "好",
        "evaluating_unit": project.department_id,
        "participants": [project.department_id, project.owner_id],
        **{f"score_{number}": str(full) for number, (_, full) in enumerate(DEFAULT_CRITERIA)},
        **overrides,
    }


# --- meetings ------------------------------------------------------------------------------


class MeetingFactory(factory.django.DjangoModelFactory):
    """A meeting; `attendees=[organization, …]` records who came."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"协调会{n}")
    held_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def attendees(self, create, extracted, **kwargs):
        if extracted:
            self.attendees.add(*extracted)


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    description = factory.Sequence(lambda n: f"议定事项{n}")
    owner = factory.SubFactory(
        OrganizationFactory,
        kind=OrganizationKind.DEPARTMENT,
        region=factory.SelfAttribute("..meeting.region"),
    )
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))


class LeadingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadingGroup

    region = factory.SubFactory(RegionFactory)
    year = factory.LazyFunction(this_year)


class LeadingGroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadingGroupMember

    group = factory.SubFactory(LeadingGroupFactory)
    role = GroupRole.MEMBER
    person_name = factory.Sequence(lambda n: f"成员{n}")
    post = "副局长"


# --- imports -------------------------------------------------------------------------------


class ListImportFactory(factory.django.DjangoModelFactory):
    """A finished upload of an annual list by an office."""

    class Meta:
        model = ListImport

    organization = factory.SubFactory(
        OrganizationFactory, kind=OrganizationKind.COORDINATION_OFFICE
    )
    year = factory.LazyFunction(this_year)
    added_on = factory.LazyFunction(timezone.localdate)
    file = factory.django.FileField(filename="清单.xlsx", data=b"PK test")
    filename = "清单.xlsx"
    status = ImportStatus.DONE
    summary = "新登记项目 0 个"
    finished_at = factory.LazyFunction(timezone.now)


# --- the shared graph ----------------------------------------------------------------------


def project_world(home: dict) -> dict:
    """A small projects graph in `home`, built once per test and kept in `home["world"]`:
    the district's own directory version (one category, two stages), an owner, a project on
    the first township that the home contractor is contracted for, a draft and a published
    labour plan (the latter in the home township's inbox), this year's list with the project
    on it, a meeting with an overdue action item, the office's finished list import and
    export, and the pay pledge recorded with its document."""
    if "world" in home:
        return home["world"]
    district = home["district"]
    today = timezone.localdate()
    domain = DomainFactory(code="transport", name="交通", order=1)
    adoption = DirectoryAdoptionFactory(
        region=district,
        directory__code=f"{district.code}-test",
        directory__name="测试区指导目录",
        directory__level=DirectoryLevel.DISTRICT,
    )
    category = CategoryFactory(
        directory=adoption.directory, number=1, domain=domain, name="公路建设"
    )
    stage = WorkStageFactory(category=category, order=1, name="路基土石方")
    WorkStageFactory(category=category, order=2, name="后期养护", kind=StageKind.MAINTENANCE)
    owner = OrganizationFactory(
        code="owner-w", name="测试城投公司", kind=OrganizationKind.OWNER, region=district
    )
    project = ProjectFactory(
        code="W-001",
        name="测试村组道路工程",
        region=district,
        category=category,
        department=home["department"],
        owner=owner,
        status=ProjectStatus.LISTED,
        townships=[home["townships"][0]],
        contractors=[home["contractor"]],
    )
    draft = LaborPlanFactory(project=project, stage=stage)
    published = LaborPlanFactory(project=project, stage=stage, published=True)
    notice = PlanNoticeFactory(plan=published, township=home["township"])
    entry = AnnualListEntryFactory(project=project, annual_list__region=district)
    meeting = MeetingFactory(
        region=district,
        title="测试协调会",
        attendees=[home["office"], home["department"]],
        minutes_file=factory.django.FileField(filename="纪要.pdf", data=b"%PDF-1.4 test"),
    )
    item = ActionItemFactory(
        meeting=meeting,
        description="落实用工计划",
        owner=home["department"],
        due_on=today - datetime.timedelta(days=3),
    )
    done_item = ActionItemFactory(
        meeting=meeting,
        description="补签工资支付承诺书",
        owner=home["department"],
        status=ActionItemStatus.DONE,
        done_on=today,
        done_note="已督促补签",
        done_file=factory.django.FileField(filename="办理情况.pdf", data=b"%PDF-1.4 test"),
    )
    group_member = LeadingGroupMemberFactory(
        group=LeadingGroupFactory(region=district, office=home["office"]),
        person_name="测试副局长",
        organization=home["department"],
    )
    home["world"] = {
        "export": ExportFactory(organization=home["office"]),
        "list_import": ListImportFactory(organization=home["office"]),
        "directory": adoption.directory,
        "category": category,
        "owner": owner,
        "project": project,
        "draft_plan": draft,
        "published_plan": published,
        "notice": notice,
        "annual_list": entry.annual_list,
        "entry": entry,
        "meeting": meeting,
        "item": item,
        "done_item": done_item,
        "group_member": group_member,
        "pay_pledge": CheckpointFactory(
            project=project,
            kind=CheckpointKind.PAY_PLEDGE,
            document__filename="承诺书.pdf",
        ),
    }
    return home["world"]


# --- annual lists in Excel, as departments send them ---------------------------------------

LIST_HEADER_TOP = [
    "序号",
    "项目编码",
    "项目名称",
    "项目层级",
    "建设领域",
    "具体类别",
    "主管部门",
    "项目业主单位",
    "所在乡镇",
    "投资（万元）",
    None,
    None,
    "计划开工时间",
    "计划完工时间",
    "预计吸纳当地务工人数（人）",
    "预计发放劳务报酬\n（万元）",
    "备注",
]
LIST_HEADER_SUB = [None] * 9 + ["总投资", "政府投资", "其中：以工代赈资金"] + [None] * 5


def list_row(directory: Directory, code: str, name: str, **overrides) -> list:
    """One row of a department's list: a highway project of `directory` in the two townships
    of the `home` district, its values as people type them (thousands separators, 年月)."""
    highway = Category.objects.get(directory=directory, number=1)
    values = {
        "code": code,
        "name": name,
        "level": "区级",
        "domain": highway.domain.name,
        "category": highway.name,
        "department": "测试区交通局",
        "owner": "城投公司",
        "townships": "测试镇1-1、测试镇1-2",
        "total": 1200,
        "government": "1,000.5",
        "relief": 150,
        "start": datetime.datetime(2026, 4, 1),  # noqa: DTZ001 - Excel dates carry no zone
        "end": "2026年10月",
        "workers": 60,
        "pay": 80.5,
        "note": "新增",
    }
    values.update(overrides)
    return [None, *values.values()]


def list_workbook(rows) -> bytes:
    """A sheet as departments send it: a title, a filler row, a merged two-row header,
    the rows, a totals row and a note underneath."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2026年以工代赈重点工程项目清单（交通局报送）"])
    sheet.merge_cells("A1:Q1")
    sheet.append(["填报单位（盖章）：测试区交通局", None, None, None, "填报日期：2026年3月"])
    sheet.append(LIST_HEADER_TOP)
    sheet.append(LIST_HEADER_SUB)
    sheet.merge_cells("J3:L3")
    for number, values in enumerate(rows, start=1):
        values = list(values)
        values[0] = number
        sheet.append(values)
    sheet.append(["合计", None, None, None, None, None, None, None, None, 9999])
    sheet.append([])
    sheet.append(["填报说明：金额单位为万元。"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def list_upload(content: bytes, name: str = "清单.xlsx") -> SimpleUploadedFile:
    """The file as the upload form receives it."""
    return SimpleUploadedFile(name, content)
