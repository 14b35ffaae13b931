"""Writes of the spot-check draws."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.models import OFFICE_KINDS
from portal.scope import Scope
from portal.services import audit_record
from projects.models import Project
from supervision.models import SpotCheckDraw
from supervision.models.draws import draw_sample

# Seeds the portal generates: up to twelve digits, short enough to read out and type again.
SEED_LIMIT = 10**12


def new_seed() -> int:
    return secrets.randbelow(SEED_LIMIT - 1) + 1


@transaction.atomic
def draw_create(
    *,
    scope: Scope,
    title: str,
    population: list[str],
    size: int,
    criteria: dict[str, str] | None = None,
    seed: int | None = None,
) -> SpotCheckDraw:
    """Draw `size` projects at random from `population` (project codes) for spot checks. The
    seed is generated unless typed (to redo a draw); the seed, the sorted population, the size
    and the result are stored, so `draw_sample(seed, population, size)` gives the result
    again. One audit entry naming the seed."""
    scope.require_write(OFFICE_KINDS, "只有协调机制办公室可以抽取抽查项目。")
    population = sorted(set(population))
    if not population:
        raise ValidationError("按所选条件没有项目可抽，请放宽筛选条件。")
    if not size or not 1 <= size <= len(population):
        raise ValidationError(
            {"size": f"抽取数量应在 1 到 {len(population)}（符合条件的项目数）之间。"}
        )
    visible = Project.objects.visible_to(scope).filter(code__in=population).count()
    if visible != len(population):
        raise ValidationError("抽取范围中有本单位看不到的项目，请重新按条件选取。")
    if seed is not None and not SpotCheckDraw.objects.filter(region=scope.area, seed=seed).exists():
        # A seed chosen by hand could be searched for one that draws the projects wanted: a new
        # draw's seed is the system's; a typed seed only redoes an earlier draw.
        raise ValidationError(
            {"seed": "抽签种子由系统随机生成；只能输入本区已有抽签的种子以重做该次抽签。"}
        )
    seed = seed if seed is not None else new_seed()
    draw = SpotCheckDraw(
        region=scope.area,
        title=title.strip() or f"{timezone.localdate():%Y年%m月}抽查",
        drawn_on=timezone.localdate(),
        seed=seed,
        criteria=criteria or {},
        population=population,
        size=size,
        result=draw_sample(seed, population, size),
        organization=scope.organization,
        drawn_by=scope.user,
    )
    draw.full_clean()
    draw.save()
    audit_record(
        scope=scope,
        action="draw.create",
        summary=f"抽查抽签「{draw.title}」：从 {len(population)} 个项目中抽取 {size} 个，"
        f"随机种子 {seed}，抽中 {'、'.join(draw.result)}",
        target=draw,
        region=draw.region,
    )
    return draw
