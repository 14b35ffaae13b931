"""A training session corrected by its organiser: the same checks as when it was recorded,
what changed in the audit log, and no start after today once people attended."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from labor import services
from labor.models import TrainingKind, TrainingMode
from portal.models import AuditEntry, Role
from portal.scope import Scope
from tests.labor.factories_training import office_editor_of, training_world
from tests.portal.factories import member

pytestmark = pytest.mark.django_db


def form_data(session, **changes) -> dict:
    data = {
        "kind": session.kind,
        "mode": session.mode,
        "title": session.title,
        "provider": session.provider,
        "project": session.project.code if session.project else "",
        "township": session.township_id or "",
        "start_date": f"{session.start_date:%Y-%m-%d}",
        "end_date": f"{session.end_date:%Y-%m-%d}",
        "hours": str(session.hours),
    }
    if session.reserve_for_maintenance:
        data["reserve_for_maintenance"] = "on"
    return data | changes


def test_the_organiser_corrects_a_session_and_the_change_is_audited(home):
    world = training_world(home)
    session = world["session"]
    changes = services.training_session_update(
        scope=world["scope"], session=session, hours=Decimal("20"), provider=" 测试职业技术学校 "
    )
    session.refresh_from_db()
    assert (session.hours, session.provider) == (Decimal("20"), "测试职业技术学校")
    assert set(changes) == {"hours", "provider"}
    entry = AuditEntry.objects.get(action="training.update")
    assert set(entry.changes) == {"学时", "培训机构"}
    assert not services.training_session_update(
        scope=world["scope"], session=session, hours=Decimal("20")
    )
    assert AuditEntry.objects.filter(action="training.update").count() == 1


def test_the_rules_of_a_new_session_hold_for_an_edited_one(home):
    world = training_world(home)
    session = world["session"]
    with pytest.raises(ValidationError) as refused:
        services.training_session_update(
            scope=world["scope"],
            session=session,
            end_date=session.start_date - datetime.timedelta(1),
        )
    assert refused.value.message_dict["end_date"] == ["结束日期不能早于开始日期。"]
    with pytest.raises(ValidationError) as refused:
        services.training_session_update(
            scope=world["scope"], session=session, project=None, mode=TrainingMode.ON_SITE
        )
    assert "请选择项目" in refused.value.message_dict["project"][0]
    with pytest.raises(ValidationError, match="储备性技能培训应为技能培训"):
        services.training_session_update(
            scope=world["scope"],
            session=session,
            kind=TrainingKind.SAFETY,
            reserve_for_maintenance=True,
        )
    session.refresh_from_db()
    assert session.kind == TrainingKind.SKILLS


def test_a_session_with_participants_cannot_move_after_today(home):
    world = training_world(home)
    later = timezone.localdate() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as refused:
        services.training_session_update(
            scope=world["scope"], session=world["session"], start_date=later, end_date=later
        )
    assert refused.value.message_dict["start_date"][0].startswith(
        "已登记参训人员的培训，开始日期不能晚于今天"
    )


def test_only_the_organiser_corrects_it(home):
    world = training_world(home)
    township = Scope.for_user(member(home["township"], Role.EDITOR))
    with pytest.raises(PermissionDenied, match="只有组织培训的单位可以修改培训"):
        services.training_session_update(
            scope=township, session=world["session"], hours=Decimal("1")
        )
    viewer = Scope.for_user(member(home["office"], Role.VIEWER))
    with pytest.raises(PermissionDenied):
        services.training_session_update(scope=viewer, session=world["session"], hours=Decimal("1"))


def test_the_edit_page_saves_and_shows_errors_on_their_field(client, home):
    world = training_world(home)
    session = world["session"]
    url = reverse("labor:training-update", args=[session.pk])
    client.force_login(office_editor_of(home))
    detail = client.get(reverse("labor:training-detail", args=[session.pk])).content.decode()
    assert url in detail
    page = client.get(url).content.decode()
    assert "修改培训" in page
    assert f'<option value="{session.project.code}" selected>' in page
    assert session.title in page
    response = client.post(url, form_data(session, title="路基施工与安全技能培训"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "路基施工与安全技能培训"
    bad = client.post(url, form_data(session, end_date="2000-01-01"))
    assert bad.status_code == 200
    assert "结束日期不能早于开始日期" in bad.content.decode()
    client.force_login(member(home["township"], Role.EDITOR))
    assert client.get(url).status_code == 403
    assert (
        url not in client.get(reverse("labor:training-detail", args=[session.pk])).content.decode()
    )
