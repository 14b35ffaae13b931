"""API of the labour app: workers, roster lines (engagements) and months of attendance,
read-only, through the scoped selectors. ID numbers, bank cards and phones are masked here
always: the whole numbers are revealed only on a worker's page, one audited reveal at a time.
"""

import datetime

import django_filters
from django import forms
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from labor import selectors
from labor.id_numbers import age_on
from labor.models import Attendance, Engagement, StaffCategory, Worker
from portal.api import ScopedViewSetMixin
from portal.models import Region
from portal.scope import Scope


def _scope(request) -> Scope:
    """The caller's scope; none (seeing nothing) for the schema generator's bare request."""
    return getattr(request, "scope", None) or Scope(user=None, organization=None, role=None)


# --- workers ---------------------------------------------------------------------------------


class PriorityGroupSerializer(serializers.Serializer):
    group = serializers.CharField()
    source = serializers.CharField()
    recorded_on = serializers.DateField()


class WorkerSerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(source="masked_id_number", read_only=True)
    phone = serializers.CharField(source="masked_phone", read_only=True)
    bank_card = serializers.CharField(source="masked_bank_card", read_only=True)
    sex_display = serializers.CharField(source="get_sex_display", read_only=True)
    # The age, not the birth date: with the first four and last four digits shown, the birth
    # date would leave the whole number to a few guesses.
    age = serializers.SerializerMethodField()
    household_township = serializers.CharField(
        source="household_township.code", read_only=True, default=None
    )
    household_township_name = serializers.CharField(
        source="household_township.name", read_only=True, default=None
    )
    household_village = serializers.CharField(
        source="household_village.code", read_only=True, default=None
    )
    household_village_name = serializers.CharField(
        source="household_village.name", read_only=True, default=None
    )
    labor_organization = serializers.CharField(
        source="labor_organization.code", read_only=True, default=None
    )
    is_local = serializers.SerializerMethodField(help_text="户籍乡镇在登记区县内（当地群众）")
    priority_groups = PriorityGroupSerializer(many=True, read_only=True)

    class Meta:
        model = Worker
        fields = [
            "id",
            "name",
            "id_number",
            "sex",
            "sex_display",
            "age",
            "phone",
            "household_township",
            "household_township_name",
            "household_village",
            "household_village_name",
            "is_local",
            "bank_name",
            "bank_card",
            "labor_organization",
            "priority_groups",
            "needs_age_review",
        ]

    def get_age(self, worker) -> int:
        return age_on(worker.birth_date, timezone.localdate())

    def get_is_local(self, worker) -> bool:
        return worker.is_local(worker.region)


def _townships(request):
    scope = _scope(request)
    if scope.organization is None:
        return Region.objects.none()
    return selectors.worker_township_choices(scope=scope)


class WorkerFilter(django_filters.FilterSet):
    """The list page's filters, handed to `selectors.worker_list`."""

    name = django_filters.CharFilter(label="姓名（包含）")
    household_township = django_filters.ModelChoiceFilter(
        queryset=_townships, to_field_name="code", label="户籍乡镇区划代码"
    )
    priority_group = django_filters.CharFilter(label="重点群体（本区名单中的名称）")
    needs_age_review = django_filters.BooleanFilter(label="年龄待复核")

    class Meta:
        model = Worker
        fields: list[str] = []

    def filter_queryset(self, queryset):
        data = dict(self.form.cleaned_data)
        data["township"] = data.pop("household_township", None)
        workers = selectors.worker_list(scope=_scope(self.request), filters=data)
        # The page's checkbox only narrows to those flagged; here `false` asks for the others.
        if data.get("needs_age_review") is False:
            workers = workers.filter(needs_age_review=False)
        return workers


class WorkerViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The workers the caller sees, numbers masked."""

    queryset = Worker.objects.none()  # the model, for the schema
    serializer_class = WorkerSerializer
    filterset_class = WorkerFilter
    lookup_url_kwarg = "worker_id"

    def get_queryset(self):
        return selectors.worker_list(scope=self.scope)

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            raise Http404("没有找到该务工人员。") from None


# --- engagements (the roster) -----------------------------------------------------------------


class MaskedWorkerSerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(source="masked_id_number", read_only=True)

    class Meta:
        model = Worker
        fields = ["id", "name", "id_number"]


class EngagementSerializer(serializers.ModelSerializer):
    worker = MaskedWorkerSerializer(read_only=True)
    project = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    contractor = serializers.CharField(source="contractor.code", read_only=True)
    contractor_name = serializers.CharField(source="contractor.name", read_only=True)
    stage = serializers.CharField(source="stage.name", read_only=True, default=None)
    staff_category_display = serializers.CharField(
        source="get_staff_category_display", read_only=True
    )
    is_work_relief = serializers.BooleanField(read_only=True)
    team = serializers.CharField(source="team.name", read_only=True, default=None)
    labor_organization = serializers.CharField(
        source="labor_organization.code", read_only=True, default=None
    )

    class Meta:
        model = Engagement
        fields = [
            "id",
            "worker",
            "project",
            "project_name",
            "contractor",
            "contractor_name",
            "stage",
            "trade",
            "staff_category",
            "staff_category_display",
            "is_work_relief",
            "team",
            "labor_organization",
            "contract_signed_on",
            "contract_end",
            "entry_date",
            "exit_date",
            "daily_pay",
        ]


class EngagementFilter(django_filters.FilterSet):
    project = django_filters.CharFilter(label="项目编码")
    contractor = django_filters.CharFilter(label="施工单位代码")
    staff_category = django_filters.ChoiceFilter(choices=StaffCategory.choices, label="人员类别")
    active_on = django_filters.DateFilter(label="在该日期在岗（YYYY-MM-DD）")

    class Meta:
        model = Engagement
        fields: list[str] = []

    def filter_queryset(self, queryset):
        return selectors.engagement_api_list(
            scope=_scope(self.request), filters=self.form.cleaned_data
        )


class EngagementViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Roster lines (用工名册) the caller sees: a contractor its own, an owner its projects',
    a township those on its ground and its own people's, the office its region's."""

    queryset = Engagement.objects.none()
    serializer_class = EngagementSerializer
    filterset_class = EngagementFilter
    lookup_url_kwarg = "engagement_id"

    def get_queryset(self):
        return selectors.engagement_api_list(scope=self.scope)

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            raise Http404("没有找到该名册记录。") from None


# --- attendance -------------------------------------------------------------------------------


class MonthField(forms.DateField):
    """A month as YYYY-MM, cleaned to its first day."""

    input_formats = ["%Y-%m"]

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if isinstance(day, datetime.date) else day


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class AttendanceSerializer(serializers.ModelSerializer):
    worker = MaskedWorkerSerializer(read_only=True)
    project = serializers.CharField(source="project.code", read_only=True)
    contractor = serializers.CharField(source="contractor.code", read_only=True)
    month = serializers.DateField(format="%Y-%m", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "worker", "project", "contractor", "month", "marks", "days"]


class AttendanceFilter(django_filters.FilterSet):
    project = django_filters.CharFilter(label="项目编码")
    contractor = django_filters.CharFilter(label="施工单位代码")
    month = MonthFilter(label="考勤月份（YYYY-MM）")
    worker = django_filters.NumberFilter(label="务工人员 id")

    class Meta:
        model = Attendance
        fields: list[str] = []

    def filter_queryset(self, queryset):
        return selectors.attendance_api_list(
            scope=_scope(self.request), filters=self.form.cleaned_data
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("month", str, description="考勤月份（YYYY-MM）")]
    )
)
class AttendanceViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Months of attendance the caller sees; `marks` holds a character a day (P 出勤,
    H 半天, R 休息, A 缺勤, - 未出勤), `days` the days worked."""

    queryset = Attendance.objects.none()
    serializer_class = AttendanceSerializer
    filterset_class = AttendanceFilter
    lookup_url_kwarg = "attendance_id"

    def get_queryset(self):
        return selectors.attendance_api_list(scope=self.scope)

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            raise Http404("没有找到该考勤记录。") from None


def register(router) -> None:
    router.register("workers", WorkerViewSet, basename="worker")
    router.register("engagements", EngagementViewSet, basename="engagement")
    router.register("attendance", AttendanceViewSet, basename="attendance")
