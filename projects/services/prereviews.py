"""Writes of the pre-review (预审, seed 000): a member unit, a department or the office
records whether a project's preparatory document carries work relief."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from portal.scope import Scope
from portal.services import audit_record, check_not_future
from projects.models import PreReview, PreReviewFinding, PreReviewStage, Project
from projects.selectors.prereviews import prereview_can_record


@transaction.atomic
def prereview_record(
    *,
    scope: Scope,
    project: Project,
    stage: str,
    reviewed_on: datetime.date,
    finding: str,
    additions: str = "",
) -> PreReview:
    """Record a pre-review of one stage by the scope's organisation. A new review of a stage
    adds a row (the history is kept; the latest counts). The date cannot be in the future;
    a 未落实 finding says what must be added."""
    if not prereview_can_record(scope=scope, project=project):
        raise PermissionDenied("您所在单位无权预审该项目。")
    check_not_future(reviewed_on, field="reviewed_on", label="审查日期")
    additions = additions.strip()
    if finding == PreReviewFinding.NOT_IMPLEMENTED and not additions:
        raise ValidationError(
            {"additions": "结论为“未落实”时，请写明项目单位须在要件中补充完善的以工代赈内容。"}
        )
    review = PreReview(
        project=project,
        stage=stage,
        reviewer=scope.organization,
        reviewed_by=scope.user,
        reviewed_on=reviewed_on,
        finding=finding,
        additions=additions,
    )
    review.full_clean(exclude=["reviewed_by"])  # none when a system scope records it
    review.save()
    said = f"，需补充：{additions}" if additions else ""
    audit_record(
        scope=scope,
        action="prereview.record",
        summary=f"以工代赈预审 {project.code} {project.name}："
        f"{PreReviewStage(stage).label} {PreReviewFinding(finding).label}{said}",
        target=project,
        region=project.region,
    )
    return review
