"""Writes of the guidance directory: a region adopts a version, and extends its own copy.

Either way the region's projects follow, in the same transaction: each is moved onto the
category of the new version with the same domain, number and name (or, renumbered, the same
domain and name), and its labour plans onto the same work stages, so that it keeps showing,
filtering by and saving its category. A project whose category or plans' stages have no
counterpart in the new version keeps them, and its history says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from portal.models import OFFICE_KINDS
from portal.scope import Scope
from portal.services import audit_record
from projects.models import (
    Category,
    Directory,
    DirectoryAdoption,
    DirectoryLevel,
    LaborPlan,
    Project,
    WorkStage,
)
from projects.selectors import directory_in_use
from projects.selectors.directory import directory_projects


@dataclass
class DirectoryFollowed:
    """What became of the region's projects when its directory changed."""

    moved: list[Project] = field(default_factory=list)
    kept: list[Project] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{len(self.moved)} 个项目的类别随之对应到新版本"] if self.moved else []
        if self.kept:
            names = "、".join(p.code for p in self.kept[:10])
            more = f"等 {len(self.kept)} 个项目" if len(self.kept) > 10 else ""
            parts.append(f"{names}{more}在新版本中没有对应的类别或用工环节，保留原类别")
        return "；".join(parts)


def _counterpart(category: Category, candidates: list[Category]) -> Category | None:
    """The category of another version that stands for `category`: the same domain and
    number under the same name, else the same domain and name (a renumbered category)."""
    for candidate in candidates:
        if (candidate.domain_id, candidate.number, candidate.name) == (
            category.domain_id,
            category.number,
            category.name,
        ):
            return candidate
    for candidate in candidates:
        if (candidate.domain_id, candidate.name) == (category.domain_id, category.name):
            return candidate
    return None


def _stage_counterpart(stage: WorkStage, category: Category) -> WorkStage | None:
    """The same work stage in the counterpart category: the same order and name, else the
    same name."""
    stages = list(category.stages.all())
    return next(
        (s for s in stages if (s.order, s.name) == (stage.order, stage.name)),
        next((s for s in stages if s.name == stage.name), None),
    )


def _follow(scope: Scope, directory: Directory, previous: Directory) -> DirectoryFollowed:
    """Move the projects that use the region's directory onto `directory`, with their labour
    plans' stages, in the caller's transaction; each move or refusal is audited on the
    project. Projects left on a version older than `previous` were reported when they were
    left there and are only moved, never reported again."""
    followed = DirectoryFollowed()
    projects = list(
        directory_projects(scope=scope)
        .exclude(category__directory=directory)
        .select_related("category__directory")
        .order_by("code")
    )
    if not projects:
        return followed
    candidates = list(directory.categories.prefetch_related("stages"))
    plans: dict[int, list[LaborPlan]] = {}
    for plan in LaborPlan.objects.filter(project__in=projects).select_related("stage"):
        plans.setdefault(plan.project_id, []).append(plan)
    moved_plans: list[LaborPlan] = []
    now = timezone.now()
    for project in projects:
        old, project_plans = project.category, plans.get(project.pk, [])
        new = _counterpart(old, candidates)
        stages = {plan.pk: _stage_counterpart(plan.stage, new) for plan in project_plans if new}
        missing = sorted({plan.stage.name for plan in project_plans if new and not stages[plan.pk]})
        if new is None or missing:
            if old.directory_id == previous.pk:
                followed.kept.append(project)
                lacking = f"用工环节「{'、'.join(missing)}」" if new else f"类别「{old.name}」"
                audit_record(
                    scope=scope,
                    action="project.directory_kept",
                    summary=f"指导目录改用「{directory.name}」：新版本中没有与{lacking}对应的"
                    f"内容，项目保留原类别（{old.directory.name}·{old.name}）",
                    target=project,
                    region=project.region,
                )
            continue
        for plan in project_plans:
            plan.stage = stages[plan.pk]
            moved_plans.append(plan)
        project.category, project.updated_at = new, now
        followed.moved.append(project)
        audit_record(
            scope=scope,
            action="project.directory_follow",
            summary=f"指导目录改用「{directory.name}」：项目类别对应到新版本的「{new.name}」",
            target=project,
            region=project.region,
            changes={
                "具体类别": (f"{old.directory.name}·{old.name}", f"{directory.name}·{new.name}")
            },
        )
    Project.objects.bulk_update(followed.moved, ["category", "updated_at"])
    LaborPlan.objects.bulk_update(moved_plans, ["stage"])
    return followed


@transaction.atomic
def directory_adopt(*, scope: Scope, directory: Directory) -> DirectoryAdoption:
    """The office adopts a directory version for its region. The region's projects follow
    onto the matching categories of the new version in the same transaction; a project whose
    category has no counterpart keeps it (see `_follow`), and the audit entry names it."""
    scope.require_write(OFFICE_KINDS)
    region = scope.area
    previous = directory_in_use(scope=scope)
    adoption, _ = DirectoryAdoption.objects.update_or_create(
        region=region, defaults={"directory": directory, "adopted_on": timezone.localdate()}
    )
    followed = _follow(scope, directory, previous)
    audit_record(
        scope=scope,
        action="directory.adopt",
        summary="；".join(
            filter(None, [f"{region.name}采用指导目录：{directory.name}", followed.summary()])
        ),
        target=directory,
        region=region,
    )
    return adoption


def _own_directory(scope: Scope) -> Directory:
    """The region's own directory version, copied from the adopted one on first extension;
    the region's projects follow onto the copy (see `_follow`)."""
    region = scope.area
    adopted = directory_in_use(scope=scope)
    if adopted.region_id == region.pk:
        _follow(scope, adopted, adopted)  # mends projects an earlier copy left behind
        return adopted
    own = Directory.objects.create(
        code=f"{region.code}-{adopted.code}",
        name=f"{region.name}以工代赈指导目录（在{adopted.name}基础上扩展）",
        level=DirectoryLevel.DISTRICT,
        region=region,
        based_on=adopted,
        issued=timezone.localdate(),
    )
    for category in adopted.categories.prefetch_related("stages"):
        stages = list(category.stages.all())
        category.pk, category.directory = None, own
        category.save()
        WorkStage.objects.bulk_create(
            WorkStage(category=category, order=s.order, name=s.name, kind=s.kind) for s in stages
        )
    DirectoryAdoption.objects.update_or_create(
        region=region, defaults={"directory": own, "adopted_on": timezone.localdate()}
    )
    followed = _follow(scope, own, adopted)
    audit_record(
        scope=scope,
        action="directory.copy",
        summary="；".join(
            filter(
                None, [f"{region.name}复制指导目录「{adopted.name}」为本区版本", followed.summary()]
            )
        ),
        target=own,
        region=region,
    )
    return own


@transaction.atomic
def directory_add_stage(*, scope: Scope, category: Category, name: str, kind: str) -> WorkStage:
    """Extend the region's directory with a work stage (copying the adopted version first;
    the region's projects move onto the copy with their labour plans)."""
    scope.require_write(OFFICE_KINDS)
    own = _own_directory(scope)
    if category.directory_id != own.pk:
        category = own.categories.get(number=category.number)
    stage = WorkStage(
        category=category,
        order=(category.stages.order_by("-order").values_list("order", flat=True).first() or 0) + 1,
        name=name.strip(),
        kind=kind,
    )
    stage.full_clean()
    stage.save()
    audit_record(
        scope=scope,
        action="directory.extend",
        summary=f"指导目录扩展：{category.name} 新增用工环节「{stage.name}」",
        target=stage,
        region=own.region,
    )
    return stage
