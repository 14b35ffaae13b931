"""Writes of matching surveyed people to published labour plans: the township refers people
from its pool (and its neighbours', as proposed), the contractor accepts — which puts the
person on its roster through `engagement_add` — or declines with a reason."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from labor.id_numbers import Sex, age_on
from labor.models import (
    EngagementSource,
    Referral,
    ReferralStatus,
    SurveyResponse,
    Worker,
    WorkerPriorityGroup,
)
from labor.selectors import referral_can_answer, referral_candidates
from labor.services.rosters import engagement_add
from portal.models import TOWNSHIP_KINDS, RegionLevel
from portal.rules import MIN_WORKER_AGE, rules_for
from portal.scope import Scope
from portal.services import audit_record
from projects.models import PlanNotice

__all__ = ["referral_accept", "referral_create", "referral_decline"]


def _worker_from_response(
    scope: Scope, response: SurveyResponse, first_day: datetime.date
) -> Worker:
    """A Worker registered from what the survey recorded (ID, name, birth, sex, phone,
    village), as `worker_register` builds one: nobody under MIN_WORKER_AGE on `first_day`,
    past the region's age limit flagged for review; the response's priority groups copied."""
    if age_on(response.birth_date, first_day) < MIN_WORKER_AGE:
        raise ValidationError(
            {
                "responses": f"{response.name}（{response.masked_id_number}）"
                f"{first_day:%Y年%m月%d日}未满{MIN_WORKER_AGE}周岁，不得推荐务工。"
            }
        )
    area = scope.area
    rules = rules_for(area)
    limit = rules.age_flag_men if response.sex == Sex.MALE else rules.age_flag_women
    village = response.village
    township = response.survey.township.region
    if township.level == RegionLevel.VILLAGE:
        township = township.parent
    if village is not None and village.parent_id != township.pk:
        village = None
    worker = Worker(
        name=response.name,
        id_number=response.id_number,
        id_number_index=response.id_number_index,
        birth_date=response.birth_date,
        sex=response.sex,
        phone=response.phone,
        region=area,
        household_township=township,
        household_village=village,
        needs_age_review=age_on(response.birth_date, first_day) > limit,
        created_by=scope.user,
    )
    worker.full_clean(exclude=["id_number_index"])
    worker.save()
    known = set(rules.priority_group_list)
    WorkerPriorityGroup.objects.bulk_create(
        WorkerPriorityGroup(
            worker=worker,
            group=group,
            source=f"乡镇摸底调查（{response.survey.township.name}）",
            recorded_on=timezone.localdate(response.recorded_at),
        )
        for group in dict.fromkeys(response.group_list)
        if group in known
    )
    return worker


@transaction.atomic
def referral_create(
    *, scope: Scope, notice: PlanNotice, responses: list[SurveyResponse]
) -> list[Referral]:
    """The township refers people of its pool (or its neighbours', as `referral_candidates`
    proposes them) to the plan in its inbox. Guarantees: only the township that received the
    plan, as editor; only people proposed for it (willing, not yet referred); each joins his
    Worker record, found by the blind index in one query for the batch, or registered from
    the response when he has none (the response is linked to it); nothing is written unless
    every person can be referred; one audit entry, ID numbers masked."""
    scope.require_write(TOWNSHIP_KINDS, "只有乡镇（街道）的填报员可以推荐人员。")
    if notice.township_id != scope.organization.pk:
        raise PermissionDenied("只有收到该用工计划的乡镇（街道）可以推荐人员。")
    plan = notice.plan
    if not plan.is_published:
        raise ValidationError({"responses": "该用工计划尚未发布。"})
    if not responses:
        raise ValidationError({"responses": "请至少选择一人。"})
    proposed = {c.response.pk for c in referral_candidates(scope=scope, notice=notice).people}
    refused = [r for r in responses if r.pk not in proposed]
    if refused:
        names = "、".join(f"{r.name}（{r.masked_id_number}）" for r in refused)
        raise ValidationError(
            {"responses": f"{names}不在本计划的推荐名单中（可能已被推荐过），请刷新页面后重选。"}
        )
    first_day = max(plan.start, timezone.localdate())
    existing = {
        worker.id_number_index: worker
        for worker in Worker.objects.filter(
            id_number_index__in=[response.id_number_index for response in responses]
        )
    }
    referrals = []
    for response in responses:
        worker = existing.get(response.id_number_index)
        if worker is None:
            worker = _worker_from_response(scope, response, first_day)
            existing[response.id_number_index] = worker
        if response.worker_id != worker.pk:
            response.worker = worker
            response.save(update_fields=["worker"])
        referral = Referral(
            plan=plan,
            notice=notice,
            township=scope.organization,
            worker=worker,
            response=response,
            referred_by=scope.user,
        )
        referral.full_clean()
        referral.save()
        referrals.append(referral)
    people = "、".join(str(referral.worker) for referral in referrals)
    audit_record(
        scope=scope,
        action="referral.create",
        summary=f"向{plan.project.name}·{plan.stage.name}推荐{len(referrals)}人：{people}",
        target=plan,
        region=plan.project.region,
    )
    return referrals


def _answerable(scope: Scope, referral: Referral) -> None:
    """Refuse a referral already answered, read again under a row lock so that two answers
    at once cannot both pass (the second waits, then sees the first)."""
    current = Referral.objects.select_for_update().only("status").get(pk=referral.pk)
    referral.status = current.status
    if referral.status != ReferralStatus.REFERRED:
        raise ValidationError(
            {"__all__": f"该推荐已答复（{referral.get_status_display()}），不能再次答复。"}
        )
    if not referral_can_answer(scope=scope, referral=referral):
        raise PermissionDenied("只有参建该项目的施工单位可以答复推荐。")


@transaction.atomic
def referral_accept(*, scope: Scope, referral: Referral, entry_date: datetime.date) -> Referral:
    """The contractor hires the person referred: he joins its roster for the plan's project
    (`engagement_add`, at the plan's work stage and daily rate, source 乡镇推荐录用) from
    `entry_date`, within the plan's period; the referral records who answered and links the
    engagement. Refused while another answer stands; one audit entry (besides the roster's)."""
    _answerable(scope, referral)
    plan = referral.plan
    if not plan.start <= entry_date <= plan.end:
        raise ValidationError(
            {
                "entry_date": f"进场日期应在用工计划期间内（{plan.start:%Y-%m-%d} 至 "
                f"{plan.end:%Y-%m-%d}）。"
            }
        )
    engagement = engagement_add(
        scope=scope,
        project=plan.project,
        contractor=scope.organization,
        worker=referral.worker,
        entry_date=entry_date,
        stage=plan.stage,
        daily_pay=plan.daily_rate,
        source=EngagementSource.REFERRAL,
    )
    referral.status = ReferralStatus.ACCEPTED
    referral.contractor = scope.organization
    referral.decided_at = timezone.now()
    referral.decided_by = scope.user
    referral.engagement = engagement
    referral.full_clean()
    referral.save(update_fields=["status", "contractor", "decided_at", "decided_by", "engagement"])
    audit_record(
        scope=scope,
        action="referral.accept",
        summary=f"录用{referral.township.name}推荐的{referral.worker}，"
        f"{entry_date:%Y-%m-%d}进场（{plan.project.name}·{plan.stage.name}）",
        target=referral,
        region=plan.project.region,
    )
    return referral


@transaction.atomic
def referral_decline(*, scope: Scope, referral: Referral, reason: str) -> Referral:
    """The contractor declines the person referred, saying why (the township reads it)."""
    _answerable(scope, referral)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写未录用的原因。"})
    referral.status = ReferralStatus.DECLINED
    referral.reason = reason
    referral.contractor = scope.organization
    referral.decided_at = timezone.now()
    referral.decided_by = scope.user
    referral.full_clean()
    referral.save(update_fields=["status", "reason", "contractor", "decided_at", "decided_by"])
    plan = referral.plan
    audit_record(
        scope=scope,
        action="referral.decline",
        summary=f"未录用{referral.township.name}推荐的{referral.worker}"
        f"（{plan.project.name}·{plan.stage.name}）：{reason}",
        target=referral,
        region=plan.project.region,
    )
    return referral
