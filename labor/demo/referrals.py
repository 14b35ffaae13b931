"""Referrals on published plans' notices: a township refers willing people of its survey who
are not working this year (priority groups first); the contractor accepts some (the hire
joins its roster, source 乡镇推荐录用), declines some with a reason, and has yet to answer
the rest. Keyed by (plan, worker)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from labor.demo.rosters import DEMO_YEAR, EngagementPlan, Rosters, Site
from labor.demo.townships import ResponsePlan
from labor.models import EngagementSource, Referral, ReferralStatus
from portal.demo import SeedLog, upsert
from portal.models import Region, User
from projects.models import PlanNotice

NOTICES = 10
DECLINE_REASONS = (
    "技能与岗位要求不符",
    "本人已在其他项目务工",
    "该环节岗位已招满",
    "体检不符合岗位要求",
)
STATUS_CYCLE = (
    ReferralStatus.ACCEPTED,
    ReferralStatus.DECLINED,
    ReferralStatus.ACCEPTED,
    ReferralStatus.REFERRED,
    ReferralStatus.ACCEPTED,
    ReferralStatus.REFERRED,
)


@dataclass
class ReferralPlan:
    notice: PlanNotice
    response: ResponsePlan
    status: str
    referred_at: datetime.datetime
    decided_at: datetime.datetime | None = None
    reason: str = ""
    engagement: EngagementPlan | None = None


def plan_referrals(
    rng: random.Random,
    district: Region,
    sites: list[Site],
    responses: list[ResponsePlan],
    rosters: Rosters,
    users: dict[str, User],
) -> list[ReferralPlan]:
    by_project = {site.project.pk: site for site in sites if not site.finished_in_year}
    notices = [
        notice
        for notice in PlanNotice.objects.filter(
            plan__project__region=district,
            plan__published_at__isnull=False,
            plan__start__gte=datetime.date(DEMO_YEAR, 1, 1),
            plan__start__lte=datetime.date(DEMO_YEAR, 10, 1),
        )
        .select_related("plan__project", "plan__stage", "township")
        .order_by("plan__project__code", "plan__stage__order", "township__code")
        if notice.plan.project_id in by_project
    ][:NOTICES]
    referrals: list[ReferralPlan] = []
    for notice in notices:
        plan, site = notice.plan, by_project[notice.plan.project_id]
        candidates = [
            r
            for r in responses
            if r.survey.township_id == notice.township_id
            and r.willing
            and r.person.pk is not None
            and id(r.person) not in rosters.busy
            and r.months[plan.start.month - 1] == "1"
        ]
        # Priority groups first, as the matching proposes them.
        candidates.sort(key=lambda r: not r.person.groups)
        for number, response in enumerate(candidates[: rng.randint(4, 7)]):
            status = STATUS_CYCLE[number % len(STATUS_CYCLE)]
            referred_at = plan.published_at + datetime.timedelta(days=rng.randint(2, 8), hours=1)
            referral = ReferralPlan(notice, response, status, referred_at)
            if status != ReferralStatus.REFERRED:
                referral.decided_at = referred_at + datetime.timedelta(days=rng.randint(1, 6))
            if status == ReferralStatus.DECLINED:
                referral.reason = rng.choice(DECLINE_REASONS)
            if status == ReferralStatus.ACCEPTED:
                contractor = site.contractors[0]
                entry = max(plan.start, timezone.localtime(referral.decided_at).date())
                referral.engagement = EngagementPlan(
                    person=response.person,
                    site=site,
                    contractor=contractor,
                    stage=plan.stage,
                    entry_date=entry + datetime.timedelta(days=2),
                    trade="普工",
                    daily_pay=plan.daily_rate,
                    contract_signed_on=entry + datetime.timedelta(days=2),
                    contract_end=plan.end,
                    source=EngagementSource.REFERRAL,
                    created_by=users.get(contractor.code),
                )
                rosters.plans.append(referral.engagement)
            rosters.busy.add(id(response.person))
            referrals.append(referral)
    return referrals


def seed_referrals(
    log: SeedLog, referrals: list[ReferralPlan], township_user: User | None, users
) -> None:
    for referral in referrals:
        notice, engagement = referral.notice, referral.engagement
        contractor = engagement.contractor if engagement else None
        if referral.status == ReferralStatus.DECLINED:
            contractor = notice.plan.project.contractors.order_by("code").first()
        row = upsert(
            Referral,
            log,
            {"plan": notice.plan, "worker_id": referral.response.person.pk},
            {
                "notice": notice,
                "township": notice.township,
                "response_id": referral.response.pk,
                "status": referral.status,
                "referred_by": township_user if notice.township.code == "town-02" else None,
                "contractor": contractor,
                "decided_at": referral.decided_at,
                "decided_by": users.get(contractor.code) if contractor else None,
                "reason": referral.reason,
                "engagement_id": engagement.pk if engagement else None,
            },
        )
        # referred_at is stamped on insert (auto_now_add): set the planned time afterwards.
        if row.referred_at != referral.referred_at:
            Referral.objects.filter(pk=row.pk).update(referred_at=referral.referred_at)
