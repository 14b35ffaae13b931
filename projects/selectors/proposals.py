"""Reads of proposals (项目申报): the proposer's own, the office's review queue, and this year
set against last year per department, township and domain, always through a scope."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from portal.models import (
    OFFICE_KINDS,
    REGION_WIDE_KINDS,
    TOWNSHIP_KINDS,
    Organization,
    OrganizationKind,
)
from portal.scope import Scope
from portal.selectors import get_or_404
from projects.models import (
    DeclineExplanation,
    Domain,
    Project,
    ProjectForecast,
    ProjectTownship,
    Proposal,
    ProposalStatus,
)

# Who drafts proposals (seed 001: 各行业主管部门、各乡镇): a department for its domain, a
# township for its ground. A co-lead department acts as the office and does not propose.
PROPOSER_KINDS = frozenset({OrganizationKind.DEPARTMENT}) | TOWNSHIP_KINDS
# Who reads the region's proposals and their comparison: the office decides, member units read.
REVIEWER_KINDS = REGION_WIDE_KINDS
# A proposal its proposer may still change and submit.
EDITABLE_STATUSES = (ProposalStatus.DRAFT, ProposalStatus.RETURNED)
# A proposal the office has decided for good.
DECIDED_STATUSES = (ProposalStatus.ADOPTED, ProposalStatus.RESERVED)
# The proposal statuses the office may set, and the button that sets each.
DECISIONS = {
    ProposalStatus.ADOPTED: "列入年度清单",
    ProposalStatus.RESERVED: "纳入储备库",
    ProposalStatus.RETURNED: "退回修改",
}
PROPOSAL_STATUS_BADGES = {
    ProposalStatus.DRAFT: "text-bg-light border",
    ProposalStatus.SUBMITTED: "text-bg-warning",
    ProposalStatus.ADOPTED: "text-bg-success",
    ProposalStatus.RESERVED: "text-bg-secondary",
    ProposalStatus.RETURNED: "text-bg-danger",
}


def proposal_years() -> list[int]:
    """The years a proposal may be drafted for: this year and the next."""
    this_year = timezone.localdate().year
    return [this_year + 1, this_year]


def _is_proposer(scope: Scope) -> bool:
    return scope.kind in PROPOSER_KINDS


def proposal_base(*, scope: Scope) -> QuerySet[Proposal]:
    """The proposals the scope works with: a proposer its own (drafts included); the office
    and the member units the region's once submitted (a draft is its proposer's own work);
    nobody else any."""
    if scope.organization is None:
        return Proposal.objects.none()
    qs = Proposal.objects.visible_to(scope)
    if _is_proposer(scope):
        return qs.filter(proposer=scope.organization)
    if scope.kind in REVIEWER_KINDS:
        return qs.exclude(status=ProposalStatus.DRAFT)
    return qs.none()


def proposal_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[Proposal]:
    """Proposals filtered by year, status, proposer, domain and the township the project
    stands on; related rows in the same query, whatever the page size."""
    filters = filters or {}
    qs = proposal_base(scope=scope)
    if year := filters.get("year"):
        qs = qs.filter(year=year)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if filters.get("sent"):  # proposed: submitted once, whatever became of it
        qs = qs.exclude(status=ProposalStatus.DRAFT)
    if proposer := filters.get("proposer"):
        qs = qs.filter(proposer=proposer)
    if domain := filters.get("domain"):
        qs = qs.filter(project__domain=domain)
    if township := filters.get("township"):
        ground = ProjectTownship.objects.filter(township=township).values("project")
        qs = qs.filter(project__in=ground)
    return qs.select_related(
        "project__region", "project__domain", "project__department", "proposer", "decided_by"
    ).order_by("-year", F("submitted_at").desc(nulls_last=True), "-id")


def proposal_get(*, scope: Scope, pk: int) -> Proposal:
    """A proposal the scope may see (its own, or the region's once submitted); 404 otherwise."""
    qs = proposal_base(scope=scope).select_related(
        "project__region", "project__domain", "proposer", "decided_by"
    )
    return get_or_404(qs, "没有找到该项目申报。", pk=pk)


def proposal_for_project(*, scope: Scope, project: Project) -> Proposal | None:
    """The project's latest proposal the scope may see, or None: its proposer's own (drafts
    included); for whoever else sees the project (the office, member units, its department,
    the township it stands in), once submitted."""
    if scope.organization is None:
        return None
    others_draft = Q(status=ProposalStatus.DRAFT) & ~Q(proposer=scope.organization)
    return (
        Proposal.objects.visible_to(scope)
        .exclude(others_draft)
        .filter(project=project)
        .select_related("proposer", "decided_by")
        .order_by("-year")
        .first()
    )


def proposal_can_edit(*, scope: Scope, proposal: Proposal) -> bool:
    """Its proposer's editor changes and submits a draft or a returned proposal."""
    return (
        scope.may_write(PROPOSER_KINDS)
        and proposal.proposer_id == scope.organization.pk
        and proposal.status in EDITABLE_STATUSES
    )


def proposal_can_decide(*, scope: Scope, proposal: Proposal) -> bool:
    """The office's editor decides a submitted proposal of its region."""
    return (
        scope.may_write(OFFICE_KINDS)
        and proposal.status == ProposalStatus.SUBMITTED
        and proposal.project.region.path.startswith(scope.region.path)
    )


def proposer_choices(*, scope: Scope) -> QuerySet[Organization]:
    """The departments and townships of the region that may propose, for the queue's filter."""
    return (
        Organization.objects.visible_to(scope)
        .filter(kind__in=PROPOSER_KINDS)
        .order_by("kind", "name")
    )


def proposal_counts(*, scope: Scope, year: int) -> dict[str, int]:
    """How many of the scope's proposals of `year` are in each status (one query)."""
    rows = (
        proposal_base(scope=scope)
        .filter(year=year)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
    )
    counts = dict.fromkeys(ProposalStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


# --- this year against last year ---------------------------------------------------------

FIGURES = ("projects", "on_list", "jobs", "remuneration")
# The three figures seed 001 says must not fall without a written explanation.
FALLING_FIGURES = ("projects", "jobs", "remuneration")
FIGURE_LABELS = {
    "projects": "申报项目数",
    "on_list": "列入清单数",
    "jobs": "预计吸纳当地务工人数",
    "remuneration": "预计劳务报酬（万元）",
}


def _figures(proposals: QuerySet[Proposal], group: str, years: tuple[int, int]) -> dict:
    """{(group value, year): figures} summed in the database: one query. A proposal counts
    once submitted (drafts are not proposed yet); its forecast is the project's for the
    proposal's year."""
    same_year = Q(project__forecasts__year=F("year"))
    rows = (
        proposals.filter(year__in=years)
        .exclude(status=ProposalStatus.DRAFT)
        .order_by()
        .values(group, "year")
        .annotate(
            projects=Count("id", distinct=True),
            on_list=Count("id", filter=Q(status=ProposalStatus.ADOPTED), distinct=True),
            jobs=Sum("project__forecasts__local_workers", filter=same_year),
            remuneration=Sum("project__forecasts__remuneration", filter=same_year),
        )
    )
    return {(row[group], row["year"]): row for row in rows}


def _row(key, label: str, figures: dict, year: int, filters: dict) -> dict:
    row = {"id": key, "label": label, "filters": filters, "figures": []}
    falling = False
    for name in FIGURES:
        now = (figures.get((key, year)) or {}).get(name) or 0
        before = (figures.get((key, year - 1)) or {}).get(name) or 0
        if name == "remuneration":
            now, before = Decimal(now), Decimal(before)
        falls = name in FALLING_FIGURES and now < before
        falling = falling or falls
        row["figures"].append(
            {
                "name": name,
                "label": FIGURE_LABELS[name],
                "now": now,
                "before": before,
                "change": now - before,
                "falls": falls,
            }
        )
    row["falling"] = falling
    return row


def proposal_comparison(*, scope: Scope, year: int, missing_only: bool = False) -> dict:
    """This year against last year per proposing department, per proposing township and per
    domain: proposals submitted, adopted into the list, forecast jobs and forecast
    remuneration, each with last year's figure and the change. A department or township
    whose proposals, jobs or remuneration fall carries its written explanation, or None.
    A proposer sees its own row; the office and member units the region's. Five queries,
    whatever the number of proposals. `missing_only` keeps the organisations whose figures
    fall and that have not explained why (the to-do's list)."""
    proposals = proposal_base(scope=scope)
    years = (year, year - 1)
    by_proposer = _figures(proposals, "proposer", years)
    by_domain = _figures(proposals, "project__domain", years)
    organizations = {
        o.pk: o
        for o in Organization.objects.filter(pk__in={key for key, _ in by_proposer}).order_by(
            "kind", "code"
        )
    }
    if _is_proposer(scope):
        organizations.setdefault(scope.organization.pk, scope.organization)
    explanations = {
        e.organization_id: e
        for e in DeclineExplanation.objects.visible_to(scope).filter(
            year=year, organization__in=list(organizations)
        )
    }
    groups: dict[str, list[dict]] = {"department": [], "township": []}
    for organization in sorted(organizations.values(), key=lambda o: (o.kind, o.code)):
        row = _row(
            organization.pk,
            organization.short_name or organization.name,
            by_proposer,
            year,
            {"proposer": organization.pk, "sent": True},
        )
        row["organization"] = organization
        row["explanation"] = explanations.get(organization.pk)
        if missing_only and not (row["falling"] and row["explanation"] is None):
            continue
        kind = "township" if organization.kind in TOWNSHIP_KINDS else "department"
        groups[kind].append(row)
    domains = Domain.objects.filter(pk__in={key for key, _ in by_domain}).order_by("order")
    groups["domain"] = (
        []
        if missing_only
        else [_row(d.pk, d.name, by_domain, year, {"domain": d.pk, "sent": True}) for d in domains]
    )
    return {"year": year, "last_year": year - 1, **groups}


def decline_missing_count(*, scope: Scope, year: int) -> int:
    """How many organisations' figures fall with no explanation: the rows the comparison's
    `missing_only` list shows."""
    comparison = proposal_comparison(scope=scope, year=year, missing_only=True)
    return len(comparison["department"]) + len(comparison["township"])


def decline_explanation_get(*, scope: Scope, year: int) -> DeclineExplanation | None:
    """The scope's own explanation for `year`, or None."""
    return (
        DeclineExplanation.objects.visible_to(scope)
        .filter(organization=scope.organization, year=year)
        .first()
    )


def decline_explanation_open(*, scope: Scope, year: int) -> bool:
    """An explanation stays editable until the office has reviewed the proposer's proposals
    of that year: while any of them is a draft, waits for review or was returned."""
    own = Proposal.objects.filter(proposer=scope.organization, year=year)
    return not own.exists() or own.exclude(status__in=DECIDED_STATUSES).exists()


def forecast_for(*, project: Project, year: int) -> ProjectForecast | None:
    return ProjectForecast.objects.filter(project=project, year=year).first()
