"""Every write of the shell's models. Each write is validated and leaves an audit entry."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from portal.models import AuditEntry, Organization, Region
from portal.scope import Scope
from portal.selectors import organization_can_edit

logger = logging.getLogger(__name__)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def audit_record(
    *,
    scope: Scope,
    action: str,
    summary: str,
    target: models.Model | None = None,
    region: Region | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry. Personal data must be masked by the caller before it gets here."""
    return AuditEntry.objects.create(
        actor=scope.user,
        organization=scope.organization,
        region=region or (scope.organization.region if scope.organization else None),
        action=action,
        summary=summary[:300],
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:200] if target is not None else "",
        changes={key: [_plain(old), _plain(new)] for key, (old, new) in (changes or {}).items()},
    )


def assign_changes(
    instance: models.Model, data: dict[str, Any], fields: tuple[str, ...]
) -> dict[str, tuple[Any, Any]]:
    """Set on `instance` each of `fields` that `data` carries with a new value, and return what
    changed as {field: (old, new)}; the caller validates, saves `list(changes)` and audits."""
    changes = {}
    for field in fields:
        if field in data and getattr(instance, field) != data[field]:
            changes[field] = (getattr(instance, field), data[field])
            setattr(instance, field, data[field])
    return changes


def labelled(model: type[models.Model], changes: dict[str, tuple[Any, Any]]) -> dict:
    """Changes keyed by the fields' Chinese names, as the audit log shows them."""
    return {model._meta.get_field(field).verbose_name: change for field, change in changes.items()}


def check_not_future(day: datetime.date | None, *, field: str, label: str) -> None:
    """Refuse a date after today where it records something done (a checkpoint, an evaluation,
    a contract signed, a list entry, a meeting held, later a day worked or paid): the error
    names the form's field."""
    today = timezone.localdate()
    if day is not None and day > today:
        raise ValidationError(
            {field: f"{label}不能晚于今天（{today:%Y-%m-%d}）：只能记录已经发生的事。"}
        )


ORGANIZATION_EDITABLE_FIELDS = ("name", "short_name", "credit_code", "address")


@transaction.atomic
def organization_update(
    *, scope: Scope, organization: Organization, data: dict[str, Any]
) -> Organization:
    """Change an organisation's profile. Guarantees: the actor may edit it, the result is valid,
    only changed fields are saved, and the change is in the audit log with old and new values."""
    if not organization_can_edit(scope=scope, organization=organization):
        raise PermissionDenied("您无权修改该单位的信息。")
    changes = assign_changes(organization, data, ORGANIZATION_EDITABLE_FIELDS)
    if not changes:
        return organization
    organization.full_clean()
    organization.save(update_fields=list(changes))
    audit_record(
        scope=scope,
        action="organization.update",
        summary=f"修改了单位信息：{organization.name}",
        target=organization,
        region=organization.region,
        changes=labelled(Organization, changes),
    )
    return organization
