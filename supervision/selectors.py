"""Every read of the supervision app, always through the scope."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, When
from django.utils import timezone

from portal.models import (
    OFFICE_KINDS,
    Organization,
    OrganizationKind,
    Region,
)
from portal.scope import Scope
from portal.selectors import KIND_RANK, get_or_404
from projects import selectors as project_selectors
from projects.models import Project, ProjectStatus
from supervision.models import (
    Finding,
    FindingDecision,
    FindingStatus,
    Inspection,
    Observation,
    Rectification,
    SpotCheckDraw,
)
from supervision.models.inspections import INSPECTING_KINDS, UNCLOSED_STATUSES, levels_for

# A project is inspected once it is on a list: neither a proposal, nor the reserve, nor
# withdrawn.
INSPECTABLE_STATUSES = (
    ProjectStatus.LISTED,
    ProjectStatus.UNDER_CONSTRUCTION,
    ProjectStatus.COMPLETED,
    ProjectStatus.EVALUATED,
)

# Waiting for the unit first, then waiting for a decision, then closed.
STATUS_RANK = Case(
    *(When(status=status, then=rank) for rank, status in enumerate(FindingStatus.values)),
    output_field=IntegerField(),
)

# The finding list's filters (the dashboard's links open the list with some of them on).
FINDING_FILTERS = {
    "unclosed": "未销号",
    "overdue": "已逾期",
    "mine": "本单位整改",
    "rectify": "待整改",
    "review": "待审核",
}


# --- inspections ---------------------------------------------------------------------------


def inspection_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[Inspection]:
    """The inspections the scope may see, newest first, with their findings counted: a fixed
    number of queries whatever the page size."""
    filters = filters or {}
    qs = Inspection.objects.visible_to(scope)
    if level := filters.get("level"):
        qs = qs.filter(level=level)
    if text := (filters.get("q") or "").strip():
        qs = qs.filter(Q(project__name__icontains=text) | Q(project__code__icontains=text))
    if year := filters.get("year"):
        qs = qs.filter(inspected_on__year=year)
    return (
        qs.select_related("project", "inspecting_organization")
        .annotate(
            finding_count=Count("findings", distinct=True),
            unclosed_count=Count(
                "findings", filter=Q(findings__status__in=UNCLOSED_STATUSES), distinct=True
            ),
        )
        .order_by("-inspected_on", "-id")
    )


def inspection_get(*, scope: Scope, pk: int) -> Inspection:
    inspections = Inspection.objects.visible_to(scope).select_related(
        "project", "inspecting_organization", "recorded_by", "draw"
    )
    return get_or_404(inspections, "没有找到该检查记录。", pk=pk)


def inspection_findings(*, scope: Scope, inspection: Inspection) -> QuerySet[Finding]:
    """The findings of an inspection the scope may see, each with its history."""
    return _with_history(
        Finding.objects.visible_to(scope)
        .filter(inspection=inspection)
        .select_related("responsible", "inspection__project")
    ).order_by("id")


def inspection_can_add_findings(*, scope: Scope, inspection: Inspection) -> bool:
    """The organisation that inspected adds what it found, one finding at a time."""
    return scope.may_write(INSPECTING_KINDS) and (
        scope.organization == inspection.inspecting_organization
    )


def projects_to_inspect(*, scope: Scope) -> QuerySet[Project]:
    """The projects the scope may record an inspection of: those it sees that are on a list,
    under construction or done (a township: those on its ground, an owner or a contractor:
    its own)."""
    if not levels_for(scope.kind):
        return Project.objects.none()
    return (
        Project.objects.visible_to(scope)
        .filter(status__in=INSPECTABLE_STATUSES)
        .order_by("code")
        .only("id", "code", "name")
    )


def inspection_can_record(*, scope: Scope, project: Project, level: str) -> bool:
    return (
        scope.may_write(INSPECTING_KINDS)
        and level in levels_for(scope.kind)
        and projects_to_inspect(scope=scope).filter(pk=project.pk).exists()
    )


def visible_project(*, scope: Scope, project: Project) -> bool:
    """Whether the scope may open the project's page (a unit that only rectifies may not)."""
    return Project.objects.visible_to(scope).filter(pk=project.pk).exists()


def responsible_candidates(project: Project) -> QuerySet[Organization]:
    """The units a finding on this project may be addressed to: its owner, contractors,
    supervisor and department, and the townships of its ground."""
    ground = Region.objects.filter(township_projects=project).values("code")
    return (
        Organization.objects.filter(
            Q(pk=project.owner_id)
            | Q(pk=project.department_id)
            | Q(pk=project.supervisor_id)
            | Q(contracted_projects=project)
            | Q(kind=OrganizationKind.TOWNSHIP, region__in=ground)
        )
        .distinct()
        .annotate(kind_rank=KIND_RANK)
        .order_by("kind_rank", "name")
    )


def participant_candidates(*, scope: Scope) -> QuerySet[Organization]:
    """The organisations of the district that may take part in an inspection: the office,
    the departments, the member units (财政, 审计 …), the townships and the project units."""
    return (
        Organization.objects.filter(region__path__startswith=scope.area.path, is_active=True)
        .annotate(kind_rank=KIND_RANK)
        .order_by("kind_rank", "name")
    )


# --- findings ------------------------------------------------------------------------------


def _decidable(scope: Scope) -> Q:
    """The findings this scope closes or reopens: the office those of its region's projects,
    a department those of the projects it supervises; a department (a co-lead one too) never
    a finding it must rectify itself: it reports to the office, which decides."""
    if scope.organization is None or not scope.may_write():
        return Q(pk__in=[])
    if scope.kind in OFFICE_KINDS:
        mine = Q(inspection__project__region__path__startswith=scope.region.path)
    elif scope.kind == OrganizationKind.DEPARTMENT:
        mine = Q(inspection__project__department=scope.organization)
    else:
        return Q(pk__in=[])
    if scope.organization.kind == OrganizationKind.COORDINATION_OFFICE:
        return mine
    return mine & ~Q(responsible=scope.organization)


def scope_decides(scope: Scope) -> bool:
    """Whether the scope closes and reopens findings at all (the office, a department)."""
    return scope.may_write() and (
        scope.kind in OFFICE_KINDS or scope.kind == OrganizationKind.DEPARTMENT
    )


def finding_can_decide(*, scope: Scope, finding: Finding) -> bool:
    return Finding.objects.filter(_decidable(scope), pk=finding.pk).exists()


def finding_can_rectify(*, scope: Scope, finding: Finding) -> bool:
    """The unit responsible reports the rectification of an open finding."""
    return (
        scope.may_write()
        and scope.organization == finding.responsible
        and finding.status == FindingStatus.OPEN
    )


def finding_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[Finding]:
    """The findings the scope may see, the most urgent first. Filters (FINDING_FILTERS):
    unclosed, overdue, mine, rectify (waiting for the unit), review (waiting for this scope's
    decision); and topic, level."""
    filters = filters or {}
    qs = Finding.objects.visible_to(scope)
    if filters.get("unclosed"):
        qs = qs.filter(status__in=UNCLOSED_STATUSES)
    if filters.get("overdue"):
        qs = qs.filter(status__in=UNCLOSED_STATUSES, deadline__lt=timezone.localdate())
    if filters.get("mine"):
        qs = qs.filter(responsible=scope.organization)
    if filters.get("rectify"):
        qs = qs.filter(status=FindingStatus.OPEN)
    if filters.get("review"):
        qs = qs.filter(_decidable(scope), status=FindingStatus.REPORTED)
    if topic := filters.get("topic"):
        qs = qs.filter(topic=topic)
    if level := filters.get("level"):
        qs = qs.filter(inspection__level=level)
    return qs.select_related(
        "responsible", "inspection__project", "inspection__inspecting_organization"
    ).order_by(STATUS_RANK, "deadline", "id")


def finding_get(*, scope: Scope, pk: int) -> Finding:
    findings = _with_history(
        Finding.objects.visible_to(scope).select_related(
            "responsible",
            "inspection__project__department",
            "inspection__inspecting_organization",
        )
    )
    return get_or_404(findings, "没有找到该问题。", pk=pk)


def _with_history(qs: QuerySet[Finding]) -> QuerySet[Finding]:
    return qs.prefetch_related(
        Prefetch(
            "rectifications",
            queryset=Rectification.objects.select_related("organization", "reported_by"),
        ),
        Prefetch(
            "decisions",
            queryset=FindingDecision.objects.select_related("organization", "decided_by"),
        ),
    )


def finding_history(finding: Finding) -> list[dict]:
    """Each report and each decision of a finding, oldest first (from the prefetched rows)."""
    events = [
        {"kind": "report", "at": row.created_at, "row": row} for row in finding.rectifications.all()
    ]
    events += [
        {"kind": "decision", "at": row.created_at, "row": row} for row in finding.decisions.all()
    ]
    return sorted(events, key=lambda event: (event["at"], event["kind"] == "decision"))


def rectification_get(*, scope: Scope, pk: int) -> Rectification:
    rectifications = Rectification.objects.filter(
        finding__in=Finding.objects.visible_to(scope)
    ).select_related("finding__inspection__project")
    return get_or_404(rectifications, "没有找到该整改材料。", pk=pk)


# --- observations --------------------------------------------------------------------------


def supervised_projects(*, scope: Scope) -> QuerySet[Project]:
    """The projects whose supervisor is the scope's organisation."""
    if scope.organization is None:
        return Project.objects.none()
    return (
        Project.objects.visible_to(scope)
        .filter(supervisor=scope.organization)
        .exclude(status=ProjectStatus.WITHDRAWN)
        .order_by("code")
    )


def observation_get(*, scope: Scope, pk: int) -> Observation:
    observations = Observation.objects.visible_to(scope).select_related("project")
    return get_or_404(observations, "没有找到该观察记录。", pk=pk)


# --- the project's tab ---------------------------------------------------------------------


def project_supervision(*, scope: Scope, project: Project) -> dict:
    """What the project page's 监督检查 tab shows: inspections with their findings (as far as
    the scope may see them) and the supervisor's observations."""
    visible_findings = _with_history(
        Finding.objects.visible_to(scope).select_related("responsible").order_by("id")
    )
    inspections = (
        Inspection.objects.visible_to(scope)
        .filter(project=project)
        .select_related("inspecting_organization")
        .prefetch_related(Prefetch("findings", queryset=visible_findings))
        .order_by("-inspected_on", "-id")
    )
    observations = (
        Observation.objects.visible_to(scope)
        .filter(project=project)
        .select_related("organization", "recorded_by")
    )
    return {"inspections": inspections, "observations": observations}


def project_finding_counts(*, scope: Scope, project: Project) -> dict[str, int]:
    """Unclosed and overdue findings of a project, in one query."""
    return (
        Finding.objects.visible_to(scope)
        .filter(inspection__project=project)
        .aggregate(
            unclosed=Count("id", filter=Q(status__in=UNCLOSED_STATUSES)),
            overdue=Count(
                "id",
                filter=Q(status__in=UNCLOSED_STATUSES, deadline__lt=timezone.localdate()),
            ),
        )
    )


# --- spot-check draws ----------------------------------------------------------------------


def draw_list(*, scope: Scope) -> QuerySet[SpotCheckDraw]:
    return (
        SpotCheckDraw.objects.visible_to(scope)
        .select_related("organization", "drawn_by")
        .annotate(inspection_count=Count("inspections"))
        .order_by("-drawn_on", "-id")
    )


def draw_get(*, scope: Scope, pk: int) -> SpotCheckDraw:
    draws = SpotCheckDraw.objects.visible_to(scope).select_related("organization", "drawn_by")
    return get_or_404(draws, "没有找到该次抽签。", pk=pk)


def draw_population(*, scope: Scope, filters: dict) -> list[str]:
    """The codes of the projects the filters choose (the project list's own selector, and the
    project type), sorted: the population a draw is taken from. Without a status, every
    status a project is inspected in."""
    filters = dict(filters)
    project_type = filters.pop("project_type", None)
    projects = project_selectors.project_list(scope=scope, filters=filters)
    if not filters.get("status"):
        projects = projects.filter(status__in=INSPECTABLE_STATUSES)
    if project_type:
        projects = projects.filter(project_type=project_type)
    return sorted(set(projects.order_by().values_list("code", flat=True)))


def draw_projects(*, scope: Scope, draw: SpotCheckDraw) -> list[dict]:
    """The drawn projects in the order drawn, each with its spot-check inspections from this
    draw, in two queries."""
    projects = {
        project.code: project
        for project in Project.objects.visible_to(scope).filter(code__in=draw.result)
    }
    inspected: dict[int, list[Inspection]] = {}
    for inspection in Inspection.objects.visible_to(scope).filter(draw=draw).order_by("id"):
        inspected.setdefault(inspection.project_id, []).append(inspection)
    rows = []
    for number, code in enumerate(draw.result, start=1):
        project = projects.get(code)
        rows.append(
            {
                "number": number,
                "code": code,
                "project": project,
                "inspections": inspected.get(project.pk, []) if project else [],
            }
        )
    return rows
