"""API of the supervision app: inspections and their findings, read-only, through the same
scoped selectors as the pages (the finding filters are the list page's)."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from portal.api import ScopedViewSetMixin
from supervision import selectors
from supervision.models import Finding, Inspection


class FindingSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="inspection.project.code", read_only=True)
    level = serializers.CharField(source="inspection.level", read_only=True)
    topic_display = serializers.CharField(source="get_topic_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    responsible = serializers.CharField(source="responsible.code", read_only=True)
    responsible_name = serializers.CharField(source="responsible.name", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "inspection",
            "project",
            "level",
            "topic",
            "topic_display",
            "description",
            "deadline",
            "responsible",
            "responsible_name",
            "status",
            "status_display",
            "closed_on",
            "is_overdue",
        ]


FINDING_PARAMETERS = [
    OpenApiParameter(key, bool, description=label)
    for key, label in selectors.FINDING_FILTERS.items()
]


@extend_schema_view(list=extend_schema(parameters=FINDING_PARAMETERS))
class FindingViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Findings of inspections: those of the projects the caller sees, and those addressed to
    the caller's organisation. Filters: unclosed, overdue, mine, rectify, review (=1)."""

    queryset = Finding.objects.none()  # the model, for the schema
    serializer_class = FindingSerializer
    lookup_url_kwarg = "finding_id"
    filter_backends = []

    def get_queryset(self):
        params = self.request.query_params
        filters = {key: params.get(key) in ("1", "true") for key in selectors.FINDING_FILTERS}
        return selectors.finding_list(scope=self.scope, filters=filters)

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            raise Http404("没有找到该问题。") from None


class InspectionSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.code", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    inspecting_organization = serializers.CharField(
        source="inspecting_organization.code", read_only=True
    )
    finding_count = serializers.IntegerField(read_only=True)
    unclosed_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "project",
            "level",
            "level_display",
            "inspected_on",
            "inspecting_organization",
            "summary",
            "finding_count",
            "unclosed_count",
        ]


class InspectionViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Inspections (自查、巡查、抽查) of the projects the caller sees."""

    queryset = Inspection.objects.none()  # the model, for the schema
    serializer_class = InspectionSerializer
    lookup_url_kwarg = "inspection_id"
    filter_backends = []

    def get_queryset(self):
        level = self.request.query_params.get("level")
        return selectors.inspection_list(scope=self.scope, filters={"level": level})

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            raise Http404("没有找到该检查记录。") from None


def register(router) -> None:
    router.register("inspections", InspectionViewSet, basename="inspection")
    router.register("findings", FindingViewSet, basename="finding")
