"""What the projects app puts on each user's dashboard: its cards and its to-do lines.

Every number here is counted by the selector of the list its link opens, with the same filters,
so a number and the rows behind it cannot disagree.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from portal.models import (
    MEMBER_UNIT_KINDS,
    OFFICE_KINDS,
    OVERSEEING_KINDS,
    OWNER_KINDS,
    REGION_READER_KINDS,
    TOWNSHIP_KINDS,
    OrganizationKind,
)
from portal.navigation import Todo
from portal.scope import Scope
from projects import selectors
from projects.models import ProposalStatus
from projects.selectors import prereviews as prereview_selectors
from projects.selectors import proposals as proposal_selectors
from projects.selectors.proposals import PROPOSER_KINDS, REVIEWER_KINDS


def url(name: str, filters: dict | None = None) -> str:
    query = {key: 1 if value is True else value for key, value in (filters or {}).items()}
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


def project_card(scope: Scope) -> dict:
    cards = selectors.project_count_cards(scope=scope)
    for card in cards:
        card["url"] = url("projects:project-list", card["filters"])
    return {"figures": cards}


def jobs_card(scope: Scope) -> dict | None:
    """A township's (or a labour organisation's) jobs still on offer on its ground."""
    if scope.kind not in TOWNSHIP_KINDS:
        return None
    offer = selectors.jobs_on_offer(scope=scope)
    return {
        **offer,
        "url": url("projects:inbox", {"current": True}),
        "pending": selectors.inbox_pending_count(scope=scope),
        "pending_url": url("projects:inbox", {"pending": True}),
        "latest": list(selectors.inbox(scope=scope, filters={"pending": True})[:5]),
    }


def action_items_card(scope: Scope) -> dict | None:
    """The office's view of what is late across its region; any other unit's own part in
    meetings (its open items, the meetings it is invited to, its proposals), when it has one."""
    if scope.kind not in OFFICE_KINDS:
        card = selectors.meetings_card(scope=scope)
        if card is None:
            return None
        card["url"] = url("projects:action-item-list", {"mine": True, "undone": True})
        return card
    filters = {"overdue": True}
    overdue = selectors.action_item_list(scope=scope, filters=filters)
    return {
        "count": overdue.count(),
        "overdue": list(overdue[:10]),
        "url": url("projects:action-item-list", filters),
    }


def directory_card(scope: Scope) -> dict:
    return {"counts": selectors.directory_counts(scope=scope)}


def todos(scope: Scope) -> list[Todo]:
    """What waits for this user: each line counts the rows of the list it opens."""
    lines = []
    own_items = {"mine": True, "overdue": True}
    if scope.kind in OFFICE_KINDS:
        items = {"overdue": True}
        lines.append(_items_todo(scope, "逾期未办结的议定事项", items))
    else:
        lines.append(_items_todo(scope, "本单位逾期未办结的议定事项", own_items))
    if scope.kind in TOWNSHIP_KINDS:
        lines.append(
            Todo(
                "待签收的用工计划",
                selectors.inbox_pending_count(scope=scope),
                url("projects:inbox", {"pending": True}),
            )
        )
    if scope.kind in OVERSEEING_KINDS:
        lines.append(_projects_todo(scope, "逾期未完工的在建项目", {"overdue": True}, urgent=True))
    if scope.kind in OVERSEEING_KINDS | OWNER_KINDS:
        label = "缺少节点文件的项目"
        lines.append(_projects_todo(scope, label, {"missing_checkpoint": selectors.MISSING_ANY}))
    lines += _proposal_todos(scope)
    return lines


def _proposals_url(scope: Scope, filters: dict) -> str:
    """The proposals list a number counts: the proposer's own, or the office's queue."""
    name = "projects:proposal-list" if scope.kind in PROPOSER_KINDS else "projects:proposal-review"
    return url(name, filters)


def _proposals_todo(scope: Scope, label: str, filters: dict, urgent: bool = False) -> Todo:
    count = proposal_selectors.proposal_list(scope=scope, filters=filters).count()
    return Todo(label, count, _proposals_url(scope, filters), urgent=urgent)


def _prereview_todo(scope: Scope, label: str, filters: dict) -> Todo:
    count = prereview_selectors.prereview_flagged(scope=scope, filters=filters).count()
    return Todo(label, count, url("projects:prereview-list", filters))


def _proposal_todos(scope: Scope) -> list[Todo]:
    """Proposals to decide or to correct, explanations owed, pre-reviews missing or failed."""
    lines = []
    year = timezone.localdate().year
    missing_explanations = {"year": year, "missing": True}
    if scope.kind in OFFICE_KINDS:
        submitted = {"status": ProposalStatus.SUBMITTED}
        lines.append(_proposals_todo(scope, "待审核的项目申报", submitted))
        lines.append(
            Todo(
                f"{year}年申报同比下降、尚未书面说明的单位",
                proposal_selectors.decline_missing_count(scope=scope, year=year),
                url("projects:proposal-comparison", missing_explanations),
            )
        )
        lines.append(_prereview_todo(scope, "预审缺失或未落实的项目", {}))
    if scope.kind in PROPOSER_KINDS:
        returned = {"status": ProposalStatus.RETURNED}
        lines.append(_proposals_todo(scope, "被退回待修改的项目申报", returned, urgent=True))
        lines.append(_proposals_todo(scope, "尚未提交的申报草稿", {"status": ProposalStatus.DRAFT}))
        lines.append(
            Todo(
                f"{year}年申报低于上年，请提交书面说明",
                proposal_selectors.decline_missing_count(scope=scope, year=year),
                url("projects:proposal-comparison", missing_explanations),
                urgent=True,
            )
        )
    if scope.kind == OrganizationKind.DEPARTMENT:
        lines.append(_prereview_todo(scope, "本部门项目预审缺失或未落实", {}))
    if scope.kind in MEMBER_UNIT_KINDS:
        missing = {"problem": prereview_selectors.MISSING}
        lines.append(_prereview_todo(scope, "待预审的项目（开工前缺少预审）", missing))
    return lines


def proposals_card(scope: Scope) -> dict | None:
    """This year's proposals by status: the proposer's own, or the region's for the office
    and the member units; each number counted by the list it opens."""
    if scope.kind not in PROPOSER_KINDS | REVIEWER_KINDS:
        return None
    year = timezone.localdate().year
    figures = []
    for status, label in ProposalStatus.choices:
        if status == ProposalStatus.DRAFT and scope.kind not in PROPOSER_KINDS:
            continue
        filters = {"year": year, "status": status}
        figures.append(
            {
                "code": f"proposals-{status}",
                "label": label,
                "count": proposal_selectors.proposal_list(scope=scope, filters=filters).count(),
                "url": _proposals_url(scope, filters),
            }
        )
    return {
        "year": year,
        "figures": figures,
        "list_url": _proposals_url(scope, {"year": year}),
        "comparison_url": url("projects:proposal-comparison", {"year": year}),
        "can_create": scope.may_write(PROPOSER_KINDS),
    }


def prereviews_card(scope: Scope) -> dict | None:
    """Projects whose pre-review is missing or failed, for those who review or watch them."""
    if scope.kind not in REGION_READER_KINDS:
        return None
    figures = []
    for problem, label in prereview_selectors.PROBLEMS.items():
        filters = {"problem": problem}
        flagged = prereview_selectors.prereview_flagged(scope=scope, filters=filters)
        figures.append(
            {
                "code": f"prereview-{problem}",
                "label": label,
                "count": flagged.count(),
                "url": url("projects:prereview-list", filters),
            }
        )
    return {"figures": figures}


def _items_todo(scope: Scope, label: str, filters: dict) -> Todo:
    count = selectors.action_item_list(scope=scope, filters=filters).count()
    return Todo(label, count, url("projects:action-item-list", filters), urgent=True)


def _projects_todo(scope: Scope, label: str, filters: dict, urgent: bool = False) -> Todo:
    count = selectors.project_list(scope=scope, filters=filters).count()
    return Todo(label, count, url("projects:project-list", filters), urgent=urgent)
