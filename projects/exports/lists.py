"""The workbooks themselves: the filtered project list (a background export), an annual list
as it stood on a date and as it is sent upward, and the blank template to fill in."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from portal.exports import Built
from portal.models import Region, RegionLevel
from portal.scope import Scope
from projects.exports.layout import (
    FILLED_ON,
    FILLER,
    PHONE,
    Sheet,
    signature_row,
    subtitle_row,
    total_row,
    with_subtotals,
    write_workbook,
)
from projects.exports.rows import STATUSES, project_rows
from projects.models import Category, Domain, Project, ProjectLevel, ProjectType
from projects.selectors import directory_in_use


def _directory(scope: Scope):
    """The directory version in use, or None before any is loaded (the stages column stays
    empty then, the rest of the export is written)."""
    try:
        return directory_in_use(scope=scope)
    except Http404:
        return None


def projects_workbook(
    projects: QuerySet[Project],
    *,
    title: str,
    scope: Scope,
    year: int | None = None,
    progress=None,
) -> tuple[bytes, int]:
    """The (filtered) project list in its own order, its status in the remarks column, and the
    total row; returns the file and its number of project rows. `progress(done, total,
    phase)` follows the rows."""
    today = timezone.localdate()
    rows = project_rows(
        projects,
        year or today.year,
        lambda pk, status: STATUSES[status],
        directory=_directory(scope),
        progress=progress,
    )
    content = Sheet(
        title,
        subtitle_row(scope.organization.name, today),
        [("body", row) for row in rows] + [total_row(rows)],
        signature_row(scope.user.display_name, "", today),
    )
    return write_workbook(content), len(rows)


def build_projects_export(scope, params: dict, progress) -> Built:
    """The builder of the project list export (see portal.exports), run by a worker."""
    from projects.forms import ProjectFilterForm
    from projects.selectors import project_list

    form = ProjectFilterForm(params or None, scope=scope)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    content, rows = projects_workbook(
        project_list(scope=scope, filters=filters),
        title="以工代赈重点工程项目一览表",
        scope=scope,
        year=filters.get("year"),
        progress=progress,
    )
    return Built(f"重点工程项目-{timezone.localdate():%Y%m%d}.xlsx", content, rows)


def annual_list_workbook(
    annual_list, entries, *, scope: Scope, on: datetime.date, phone: str = ""
) -> bytes:
    """The list as it stood at the end of day `on`, as it is sent upward: projects by domain,
    each with its entry's note, a subtotal per domain, the total, and under the table the
    user who fills it in, `phone` and today's date."""
    projects = Project.objects.filter(pk__in=entries.values("project")).order_by(
        "domain__order", "domain__code", "code"
    )
    notes = dict(entries.values_list("project_id", "added_reason"))
    rows = project_rows(
        projects,
        annual_list.year,
        lambda pk, status: notes.get(pk, ""),
        directory=_directory(scope),
    )
    content = Sheet(
        str(annual_list),
        subtitle_row(scope.organization.name, on),
        [*with_subtotals(rows), total_row(rows)],
        signature_row(scope.user.display_name, phone, timezone.localdate()),
    )
    return write_workbook(content)


def template_lists(scope: Scope) -> dict[str, list[str]]:
    """What the blank template's drop-downs offer (`DROP_DOWNS`): the directory in use's
    domains and categories, the project types and levels, the townships of the district."""
    categories = Category.objects.filter(directory=_directory(scope)).order_by("number")
    domains = Domain.objects.filter(pk__in=categories.values("domain")).order_by("order", "code")
    townships = Region.objects.filter(
        level=RegionLevel.TOWNSHIP, path__startswith=scope.area.path
    ).order_by("code")
    return {
        "建设领域": [domain.name for domain in domains],
        "具体类别": list(dict.fromkeys(categories.values_list("name", flat=True))),
        "项目类型": [label for _, label in ProjectType.choices],
        "项目层级": [label for _, label in ProjectLevel.choices],
        "所在乡镇（街道）": [township.name for township in townships],
    }


def annual_list_template(*, year: int, scope: Scope) -> bytes:
    """An empty list in the same layout, for a department or township to fill in and import:
    drop-down lists on the domain, category, type, level and township columns."""
    title = f"{year}年以工代赈重点工程项目清单（申报表）"
    # The rows under the header are the user's to fill: who fills it in goes above them.
    subtitle = (
        f"填报单位：{scope.organization.name}    {FILLER}{scope.user.display_name}    "
        f"{PHONE}              {FILLED_ON}              金额单位：万元"
    )
    return write_workbook(Sheet(title, subtitle, []), template_lists(scope))
