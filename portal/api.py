"""The shell's own API endpoints: regions and organisations."""

from django.http import Http404
from rest_framework import mixins, serializers, viewsets

from portal import selectors
from portal.models import Organization, Region
from portal.scope import Scope


class ScopedViewSetMixin:
    """Gives viewsets `self.scope`; subclasses implement `get_queryset` through a selector."""

    @property
    def scope(self) -> Scope:
        # Schema generation builds views on a bare request: an empty scope sees nothing.
        return getattr(self.request, "scope", None) or Scope(
            user=None, organization=None, role=None
        )


class RegionSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "level_display", "parent"]


class RegionViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Administrative divisions within the caller's region."""

    queryset = Region.objects.none()  # the model, for the schema; reads go through the selector
    serializer_class = RegionSerializer
    lookup_field = "code"
    lookup_url_kwarg = "region_code"
    filterset_fields = ["level", "parent"]

    def get_queryset(self):
        return selectors.region_list(scope=self.scope)


class OrganizationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Organization
        fields = ["code", "name", "short_name", "kind", "kind_display", "region", "region_name"]


class OrganizationViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Organisations the caller may see: the whole region for the office and departments,
    otherwise the caller's own."""

    queryset = Organization.objects.none()  # the model, for the schema
    serializer_class = OrganizationSerializer
    lookup_field = "code"
    lookup_url_kwarg = "organization_code"
    filterset_fields = ["kind", "region"]

    def get_queryset(self):
        return selectors.organization_list(scope=self.scope)

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            raise Http404("没有找到该单位。") from None


def register(router) -> None:
    router.register("regions", RegionViewSet, basename="region")
    router.register("organizations", OrganizationViewSet, basename="organization")
