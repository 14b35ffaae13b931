"""Reads of the guidance directory, always through a scope."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from portal.scope import Scope
from portal.selectors import get_or_404
from projects.models import (
    Category,
    Directory,
    DirectoryAdoption,
    Domain,
    Project,
    StageKind,
    WorkStage,
)

DEFAULT_DIRECTORY_CODE = "district-2024"


def directory_in_use(*, scope: Scope) -> Directory:
    """The directory version the scope's region adopted (nearest adopting ancestor), or the
    default directory shipped in fixtures/."""
    if scope.organization is not None:
        adoption = (
            DirectoryAdoption.objects.visible_to(scope)
            .filter(region_id__in=[code for code in scope.region.path.split("/") if code])
            .select_related("directory", "region")
            .order_by("-region__path")
            .first()
        )
        if adoption:
            return adoption.directory
    directory = Directory.objects.filter(code=DEFAULT_DIRECTORY_CODE).first()
    if directory is None:
        raise Http404("尚未载入指导目录。")
    return directory


def directory_list(*, scope: Scope) -> QuerySet[Directory]:
    """The versions the scope's office may adopt: the shipped ones and its region's own."""
    return Directory.objects.visible_to(scope)


def directory_categories(*, scope: Scope) -> QuerySet[Category]:
    """The categories of the directory in use; none when no directory is loaded yet."""
    try:
        directory = directory_in_use(scope=scope)
    except Http404:
        return Category.objects.none()
    return Category.objects.visible_to(scope).filter(directory=directory).select_related("domain")


def category_choices(*, scope: Scope, current: Category | None = None) -> QuerySet[Category]:
    """The categories a project may be given: those of the directory in use and, for a project
    left on an earlier version (its category had no counterpart when the region changed
    versions), its own category, so that its form still shows it and saves."""
    try:
        wanted = Q(directory=directory_in_use(scope=scope))
    except Http404:
        wanted = Q(pk__in=[])
    if current is not None:
        wanted |= Q(pk=current.pk)
    return Category.objects.visible_to(scope).filter(wanted).select_related("domain", "directory")


def same_category(category: Category) -> Q:
    """Projects of this category in whichever version of the directory they were given it:
    a category keeps its domain and number from one version to the next."""
    return Q(category__domain_id=category.domain_id, category__number=category.number)


def directory_projects(*, scope: Scope) -> QuerySet[Project]:
    """The projects that use the directory the scope's area adopts: those of the area and of
    the regions below it, except under a lower region that adopted a version of its own."""
    area = scope.area
    projects = Project.objects.visible_to(scope).filter(region__path__startswith=area.path)
    own_adoptions = DirectoryAdoption.objects.filter(region__path__startswith=area.path).exclude(
        region=area
    )
    for path in own_adoptions.values_list("region__path", flat=True):
        projects = projects.exclude(region__path__startswith=path)
    return projects


def category_get(*, scope: Scope, pk: int) -> Category:
    """A category of the directory in use (404 for another version's, alike for a missing one)."""
    return get_or_404(directory_categories(scope=scope), "没有找到该类别。", pk=pk)


def directory_tree(*, directory: Directory) -> list[dict]:
    """Domains → categories → stages of one version, in three queries."""
    categories = list(directory.categories.select_related("domain").prefetch_related("stages"))
    tree: dict[int, dict] = {}
    for category in categories:
        node = tree.setdefault(category.domain_id, {"domain": category.domain, "categories": []})
        node["categories"].append(category)
    return sorted(tree.values(), key=lambda node: node["domain"].order)


def directory_counts(*, scope: Scope) -> dict[str, int]:
    """Size of the guidance directory in use."""
    try:
        directory = directory_in_use(scope=scope)
    except Http404:
        return {"domains": 0, "categories": 0, "stages": 0, **dict.fromkeys(StageKind.values, 0)}
    stages = WorkStage.objects.filter(category__directory=directory).aggregate(
        total=Count("id"),
        **{kind.value: Count("id", filter=Q(kind=kind)) for kind in StageKind},
    )
    return {
        "domains": Domain.objects.filter(categories__directory=directory).distinct().count(),
        "categories": directory.categories.count(),
        "stages": stages.pop("total"),
        **stages,
    }
