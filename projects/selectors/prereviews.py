"""Reads of the pre-review (预审, seed 000): each project's reviews per stage (the latest
counts, the history is kept), and the projects whose pre-review is missing or failed."""

from __future__ import annotations

from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, When

from portal.models import MEMBER_UNIT_KINDS, OFFICE_KINDS, OrganizationKind
from portal.scope import Scope
from projects.models import (
    PreReview,
    PreReviewFinding,
    PreReviewStage,
    Project,
    ProjectStatus,
)

# Who records a pre-review (seed 000: each member unit for the projects it approves, prepares
# or submits, the administrative-approval bureau among them; a department for its projects;
# the office for any of its region).
PREREVIEW_KINDS = OFFICE_KINDS | MEMBER_UNIT_KINDS | frozenset({OrganizationKind.DEPARTMENT})
# Projects whose pre-review still matters: before construction, while the feasibility study
# and the preliminary design are being prepared and approved.
PREREVIEW_STATUSES = (ProjectStatus.PROPOSED, ProjectStatus.RESERVE, ProjectStatus.LISTED)
MISSING, FAILED = "missing", "not_passed"
PROBLEMS = {MISSING: "缺少预审", FAILED: "预审未落实"}
FINDING_BADGES = {
    PreReviewFinding.IMPLEMENTED: "text-bg-success",
    PreReviewFinding.NOT_IMPLEMENTED: "text-bg-danger",
    PreReviewFinding.NOT_APPLICABLE: "text-bg-secondary",
}


def _finding_field(stage: str) -> str:
    return f"finding_{stage}"


def prereview_can_record(*, scope: Scope, project: Project) -> bool:
    """The office (its region), a member unit (its region) and a department (projects it
    supervises) record pre-reviews through their editors."""
    if not scope.may_write(PREREVIEW_KINDS):
        return False
    if scope.kind == OrganizationKind.DEPARTMENT:
        return project.department_id == scope.organization.pk
    return project.region.path.startswith(scope.region.path)


def prereview_history(*, scope: Scope, project: Project) -> QuerySet[PreReview]:
    """Every review of the project, newest first within each stage."""
    return (
        PreReview.objects.visible_to(scope)
        .filter(project=project)
        .select_related("reviewer", "reviewed_by")
        .order_by("stage", "-reviewed_on", "-id")
    )


def prereview_latest(*, scope: Scope, project: Project) -> list[dict]:
    """Per stage, the review that counts (the latest), or None; one query."""
    latest: dict[str, PreReview] = {}
    for review in prereview_history(scope=scope, project=project):
        latest.setdefault(review.stage, review)
    return [
        {"stage": stage, "label": label, "review": latest.get(stage)}
        for stage, label in PreReviewStage.choices
    ]


def prereview_badge(*, scope: Scope, project: Project) -> tuple[str, bool] | None:
    """The tab's badge: 未落实 or 缺N (red) while the project is before construction; one query."""
    findings = {}
    for stage, finding in (
        PreReview.objects.filter(project=project)
        .order_by("stage", "-reviewed_on", "-id")
        .values_list("stage", "finding")
    ):
        findings.setdefault(stage, finding)
    if PreReviewFinding.NOT_IMPLEMENTED in findings.values():
        return PreReviewFinding.NOT_IMPLEMENTED.label, True
    missing = len(PreReviewStage.values) - len(findings)
    if missing and project.status in PREREVIEW_STATUSES:
        return f"缺{missing}", True
    return None


def _with_latest_findings(projects: QuerySet[Project]) -> QuerySet[Project]:
    for stage in PreReviewStage.values:
        latest = PreReview.objects.filter(project=OuterRef("pk"), stage=stage).order_by(
            "-reviewed_on", "-id"
        )
        projects = projects.annotate(
            **{_finding_field(stage): Subquery(latest.values("finding")[:1])}
        )
    return projects


def problem_filter(problem: str) -> Q:
    """Projects missing a stage's review, or whose latest review of a stage is 未落实."""
    missing, failed = Q(), Q()
    for stage in PreReviewStage.values:
        missing |= Q(**{f"{_finding_field(stage)}__isnull": True})
        failed |= Q(**{_finding_field(stage): PreReviewFinding.NOT_IMPLEMENTED})
    if problem == MISSING:
        return Q(status__in=PREREVIEW_STATUSES) & missing
    if problem == FAILED:
        return failed
    return (Q(status__in=PREREVIEW_STATUSES) & missing) | failed


def prereview_flagged(*, scope: Scope, filters: dict | None = None) -> QuerySet[Project]:
    """Projects the scope sees whose pre-review is missing (before construction) or failed
    (the latest review of a stage is 未落实), each with its latest finding per stage
    (`finding_<stage>`), the failed ones first; `filters["problem"]` narrows to one of the
    two. A fixed number of queries whatever the page size."""
    filters = filters or {}
    projects = _with_latest_findings(Project.objects.visible_to(scope))
    projects = projects.filter(problem_filter(filters.get("problem") or ""))
    if domain := filters.get("domain"):
        projects = projects.filter(domain=domain)
    failed_first = Case(
        When(problem_filter(FAILED), then=0), default=1, output_field=IntegerField()
    )
    return projects.select_related("domain", "department").order_by(failed_first, "code")


def finding_rows(project: Project) -> list[dict]:
    """The annotated latest findings of a flagged project, per stage, for the list."""
    rows = []
    for stage, label in PreReviewStage.choices:
        finding = getattr(project, _finding_field(stage))
        rows.append(
            {
                "stage": stage,
                "label": label,
                "finding": PreReviewFinding(finding).label if finding else "未预审",
                "badge": FINDING_BADGES.get(finding, "text-bg-warning"),
            }
        )
    return rows
