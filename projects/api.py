"""API of the projects app: projects, annual lists, labour plans and the guidance directory.

Reads go through the same scoped selectors as the pages, and the project filters are the
list page's: the filter set turns query parameters into the selector's `filters`.
"""

import django_filters
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from portal.api import ScopedViewSetMixin
from portal.models import Organization, OrganizationKind, Region
from portal.scope import Scope
from projects import selectors
from projects.forms.common import district_townships, organizations_of_kind
from projects.models import (
    PROJECT_FIELDS,
    AnnualList,
    AnnualListEntry,
    Category,
    CheckpointKind,
    Domain,
    LaborPlan,
    Project,
    ProjectLevel,
    ProjectStatus,
    ProjectType,
    WorkStage,
)

# --- projects ----------------------------------------------------------------------------------


class ProjectSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    domain = serializers.CharField(source="domain.name", read_only=True)
    category = serializers.CharField(source="category.name", read_only=True)
    department = serializers.CharField(source="department.code", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    owner = serializers.CharField(source="owner.code", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    supervisor = serializers.CharField(source="supervisor.code", read_only=True, default=None)
    townships = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    project_type_display = serializers.CharField(source="get_project_type_display", read_only=True)
    supports = serializers.SerializerMethodField(help_text="衔接配套的重点工程项目编码")
    supported_by = serializers.SerializerMethodField(
        help_text="与之衔接配套的以工代赈专项投资项目编码"
    )
    missing_checkpoints = serializers.SerializerMethodField()

    class Meta:
        model = Project
        # The fields a proposer fills in (one declaration, shared with the form, the services
        # and the import), each display name beside its code, then what the records add.
        fields = [
            *PROJECT_FIELDS,
            "level_display",
            "project_type_display",
            "supports",
            "supported_by",
            "status",
            "status_display",
            "department_name",
            "owner_name",
            "townships",
            "missing_checkpoints",
        ]

    def get_supports(self, project) -> list[str]:
        return [other.code for other in project.visible_supports]

    def get_supported_by(self, project) -> list[str]:
        return [other.code for other in project.visible_supported_by]

    def get_missing_checkpoints(self, project) -> list[str]:
        return selectors.missing_checkpoints(project)


def _scope(request) -> Scope:
    """The caller's scope; none (seeing nothing) for the schema generator's bare request."""
    return getattr(request, "scope", None) or Scope(user=None, organization=None, role=None)


def _departments(request) -> QuerySet[Organization]:
    """The departments the list page offers the caller."""
    scope = _scope(request)
    if scope.organization is None:
        return Organization.objects.none()
    return organizations_of_kind(scope, OrganizationKind.DEPARTMENT)


def _townships(request) -> QuerySet[Region]:
    """The townships the list page offers the caller."""
    scope = _scope(request)
    return district_townships(scope) if scope.organization else Region.objects.none()


class ProjectFilter(django_filters.FilterSet):
    """The list page's filters, handed to `selectors.project_list`."""

    q = django_filters.CharFilter(label="名称或编码")
    year = django_filters.NumberFilter(label="年度（列入清单或有研提数）")
    on_list = django_filters.NumberFilter(label="目前在该年清单上")
    overdue = django_filters.BooleanFilter(label="在建且已过计划完工日期")
    level = django_filters.ChoiceFilter(choices=ProjectLevel.choices, label="层级")
    project_type = django_filters.ChoiceFilter(choices=ProjectType.choices, label="项目类型")
    status = django_filters.ChoiceFilter(choices=ProjectStatus.choices, label="状态")
    # The choices of these four come from what the caller may see (a callable takes the
    # request): a code outside the scope gets the answer an unknown code gets.
    domain = django_filters.ModelChoiceFilter(
        queryset=lambda request: Domain.objects.visible_to(_scope(request)),
        to_field_name="code",
        label="建设领域代码",
    )
    category = django_filters.ModelChoiceFilter(
        queryset=lambda request: Category.objects.visible_to(_scope(request)),
        label="类别 id（按建设领域和类别序号匹配，各版本指导目录中的同一类别都算）",
    )
    department = django_filters.ModelChoiceFilter(
        queryset=_departments,
        to_field_name="code",
        label="主管部门代码",
    )
    township = django_filters.ModelChoiceFilter(
        field_name="townships",
        queryset=_townships,
        to_field_name="code",
        label="乡镇区划代码",
    )
    missing_checkpoint = django_filters.ChoiceFilter(
        choices=[(selectors.MISSING_ANY, "任一节点"), *CheckpointKind.choices], label="缺少的节点"
    )
    sort = django_filters.ChoiceFilter(
        choices=[(key, key) for key in selectors.SORTS], label="排序"
    )

    class Meta:
        model = Project
        fields: list[str] = []

    def filter_queryset(self, queryset):
        # The selector applies the filters and the scope; the queryset passed in is ignored
        # so the page and the API cannot drift apart.
        return selectors.project_list(scope=self.request.scope, filters=self.form.cleaned_data)


class ProjectViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Key projects the caller may see, with the list page's filters."""

    queryset = Project.objects.none()
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    lookup_field = "code"
    lookup_url_kwarg = "project_code"

    def get_queryset(self):
        return selectors.project_list(scope=self.scope)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # The links of 衔接配套 the other way, as far as the caller sees them (the selector
        # already fetches `visible_supports`).
        supported_by = Prefetch(
            "supported_by",
            queryset=Project.objects.visible_to(self.scope).only("id", "code").order_by("code"),
            to_attr="visible_supported_by",
        )
        return queryset.prefetch_related("townships", supported_by)

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            raise Http404("没有找到该项目。") from None


# --- annual lists ------------------------------------------------------------------------------


class AnnualListEntrySerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)

    class Meta:
        model = AnnualListEntry
        fields = [
            "project",
            "project_name",
            "added_on",
            "added_reason",
            "withdrawn_on",
            "withdrawn_reason",
        ]


class AnnualListSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="__str__", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)
    current = serializers.IntegerField(read_only=True)

    class Meta:
        model = AnnualList
        fields = ["id", "title", "region", "year", "level", "current"]


class AnnualListDetailSerializer(AnnualListSerializer):
    entries = AnnualListEntrySerializer(source="visible_entries", many=True, read_only=True)

    class Meta(AnnualListSerializer.Meta):
        fields = [*AnnualListSerializer.Meta.fields, "entries"]


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[OpenApiParameter("on", str, description="清单日期（YYYY-MM-DD），默认今天")]
    )
)
class AnnualListViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Annual lists of key projects; one list shows its entries, including those withdrawn
    during the year, each with its dates and reason."""

    queryset = AnnualList.objects.none()
    lookup_url_kwarg = "list_id"
    filterset_fields = ["year", "level"]

    def get_serializer_class(self):
        return AnnualListDetailSerializer if self.action == "retrieve" else AnnualListSerializer

    def get_queryset(self):
        lists = selectors.annual_list_list(scope=self.scope)
        if self.action == "retrieve":
            entries = AnnualListEntry.objects.visible_to(self.scope).select_related("project")
            lists = lists.prefetch_related(
                Prefetch("entries", queryset=entries, to_attr="visible_entries")
            )
        return lists

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            raise Http404("没有找到该清单。") from None


# --- labour plans ------------------------------------------------------------------------------


class LaborPlanSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    stage = serializers.CharField(source="stage.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    townships_notified = serializers.IntegerField(source="notices_total", read_only=True)
    townships_acknowledged = serializers.IntegerField(source="notices_acknowledged", read_only=True)

    class Meta:
        model = LaborPlan
        fields = [
            "id",
            "project",
            "project_name",
            "stage",
            "kind",
            "kind_display",
            "positions",
            "start",
            "end",
            "skills",
            "daily_rate",
            "published_at",
            "townships_notified",
            "townships_acknowledged",
        ]


class LaborPlanViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Labour plans (jobs offered) of the projects the caller may see."""

    queryset = LaborPlan.objects.none()
    serializer_class = LaborPlanSerializer
    lookup_url_kwarg = "plan_id"
    filterset_fields = ["kind", "project__code"]

    def get_queryset(self):
        return selectors.labor_plan_list(scope=self.scope).select_related("project").order_by("-id")


# --- guidance directory ------------------------------------------------------------------------


class WorkStageSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = WorkStage
        fields = ["order", "name", "kind", "kind_display"]


class CategorySerializer(serializers.ModelSerializer):
    domain = serializers.CharField(source="domain.code", read_only=True)
    domain_name = serializers.CharField(source="domain.name", read_only=True)
    stages = WorkStageSerializer(many=True, read_only=True)

    class Meta:
        model = Category
        fields = ["id", "number", "domain", "domain_name", "name", "guiding_department", "stages"]


class DirectoryViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The guidance directory the caller's region uses: categories with their work stages."""

    queryset = Category.objects.none()
    serializer_class = CategorySerializer
    lookup_url_kwarg = "category_id"
    filterset_fields = ["domain__code"]

    def get_queryset(self):
        return selectors.directory_categories(scope=self.scope).prefetch_related("stages")


def register(router) -> None:
    router.register("projects", ProjectViewSet, basename="project")
    router.register("annual-lists", AnnualListViewSet, basename="annual-list")
    router.register("labor-plans", LaborPlanViewSet, basename="labor-plan")
    router.register("directory", DirectoryViewSet, basename="directory-category")
