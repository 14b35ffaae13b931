"""Writes of the guidance directory: a region adopts a version, and extends its own copy."""

from __future__ import annotations

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
    WorkStage,
)
from projects.selectors import directory_in_use


@transaction.atomic
def directory_adopt(*, scope: Scope, directory: Directory) -> DirectoryAdoption:
    """The office adopts a directory version for its region."""
    scope.require_write(OFFICE_KINDS)
    region = scope.area
    adoption, _ = DirectoryAdoption.objects.update_or_create(
        region=region, defaults={"directory": directory, "adopted_on": timezone.localdate()}
    )
    audit_record(
        scope=scope,
        action="directory.adopt",
        summary=f"{region.name}采用指导目录：{directory.name}",
        target=directory,
        region=region,
    )
    return adoption


def _own_directory(scope: Scope) -> Directory:
    """The region's own directory version, copied from the adopted one on first extension."""
    region = scope.area
    adopted = directory_in_use(scope=scope)
    if adopted.region_id == region.pk:
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
    return own


@transaction.atomic
def directory_add_stage(*, scope: Scope, category: Category, name: str, kind: str) -> WorkStage:
    """Extend the region's directory with a work stage (copying the adopted version first)."""
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
