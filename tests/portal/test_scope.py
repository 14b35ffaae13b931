"""The request scope (portal/scope.py): who is asking, for which organisation, with which
role, and whether that role may write for an organisation of given kinds."""

import pytest
from django.core.exceptions import PermissionDenied

from portal.models import OFFICE_KINDS, OVERSEEING_KINDS, Organization, Role
from portal.scope import Scope
from tests.portal.factories import UserFactory, member


def scope_of(user):
    return Scope.for_user(user)


def test_user_without_membership_has_an_empty_scope(db):
    scope = scope_of(UserFactory())
    assert scope.organization is None
    assert not Organization.objects.visible_to(scope).exists()


def test_user_without_membership_is_told_to_ask_an_administrator(client, db):
    client.force_login(UserFactory())
    response = client.get("/")
    assert response.status_code == 403
    assert "尚未加入任何单位" in response.content.decode()


def test_inactive_organisation_gives_no_scope(home):
    user = member(home["contractor"], Role.ADMIN)
    Organization.objects.filter(pk=home["contractor"].pk).update(is_active=False)
    assert scope_of(user).organization is None


@pytest.mark.parametrize(
    ("role", "needed", "allowed"),
    [
        (Role.VIEWER, Role.VIEWER, True),
        (Role.VIEWER, Role.EDITOR, False),
        (Role.EDITOR, Role.EDITOR, True),
        (Role.EDITOR, Role.ADMIN, False),
        (Role.ADMIN, Role.EDITOR, True),
    ],
)
def test_roles_are_ordered(home, role, needed, allowed):
    assert scope_of(member(home["office"], role)).has_role(needed) is allowed


@pytest.mark.parametrize(
    ("organization", "role", "kinds", "allowed"),
    [
        ("office", Role.EDITOR, OFFICE_KINDS, True),
        ("office", Role.ADMIN, OVERSEEING_KINDS, True),
        ("office", Role.VIEWER, OFFICE_KINDS, False),
        ("department", Role.EDITOR, OVERSEEING_KINDS, True),
        ("department", Role.ADMIN, OFFICE_KINDS, False),
        ("contractor", Role.EDITOR, None, True),
        ("contractor", Role.VIEWER, None, False),
    ],
)
def test_only_editors_of_the_named_kinds_may_write(home, organization, role, kinds, allowed):
    scope = scope_of(member(home[organization], role))
    assert scope.may_write(kinds) is allowed
    if allowed:
        scope.require_write(kinds)
    else:
        with pytest.raises(PermissionDenied, match="无权"):
            scope.require_write(kinds, message="您无权进行此操作。")
