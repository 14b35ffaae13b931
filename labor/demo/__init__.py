"""Demo labour data for `manage.py seed_demo`: about 3,000 workers of the demo district (every
priority group, some not local, some with no household township yet, some past the age flag,
members of the labour organisations), the demo projects' rosters with a year of attendance,
maintenance jobs on completed projects, a survey and briefings in the townships, training
sessions, and referrals to published plans with hires.

Deterministic: one seeded generator plans everything in memory, in a fixed order, from the
records the apps below seed (themselves deterministic). Idempotent: each kind of record is
found again by its natural key in one query (workers by the blind index of their ID number,
never by an encrypted column, whose tokens differ on every run) and only what is missing, or
differs, is written. The volumes go in with bulk_create, which still encrypts the personal
numbers (`EncryptedTextField.get_prep_value`)."""

from __future__ import annotations

import random

from labor.demo.attendance import seed_attendance
from labor.demo.organizations import (
    MEMBER_QUOTAS,
    seed_labor_organizations,
    seed_neighbours,
    seed_outside_county,
)
from labor.demo.people import PeopleGenerator, assign_labor_orgs, plan_workers, seed_workers
from labor.demo.referrals import plan_referrals, seed_referrals
from labor.demo.rosters import load_sites, plan_rosters, seed_engagements
from labor.demo.townships import seed_briefings, seed_surveys
from labor.demo.training import seed_training
from labor.models import Team
from portal.demo import SeedLog
from portal.models import Organization, OrganizationKind, Region, RegionLevel, User

SEED = 20261515


def seed(log: SeedLog, context: dict) -> None:
    district: Region = context["district"]
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    outside_township, outside_villages = seed_outside_county(log)
    organizations = seed_labor_organizations(log, district)
    seed_neighbours(log, district)
    townships = list(
        Region.objects.filter(level=RegionLevel.TOWNSHIP, parent=district).order_by("code")
    )
    villages = {township.pk: list(township.children.order_by("code")) for township in townships}
    township_orgs = list(
        Organization.objects.filter(kind=OrganizationKind.TOWNSHIP, region__parent=district)
        .select_related("region")
        .order_by("code")
    )
    users = {
        "contractor-01": User.objects.filter(username="contractor_editor").first(),
        "town-02": User.objects.filter(username="township_editor").first(),
    }

    generator = PeopleGenerator(rng)
    people = plan_workers(
        generator, district, townships, villages, outside_township, outside_villages
    )
    assign_labor_orgs(
        people,
        {
            code: (townships[index] if index is not None else None, quota)
            for code, (index, quota) in MEMBER_QUOTAS.items()
        },
    )
    seed_workers(log, district, people, organizations)

    teams: dict[str, list[Team]] = {}
    for team in (
        Team.objects.filter(organization__in=organizations.values())
        .select_related("organization")
        .order_by("organization__code", "name")
    ):
        teams.setdefault(team.organization.code, []).append(team)
    current, past = load_sites(district)
    rosters = plan_rosters(rng, people, current, past, teams, users)

    responses = seed_surveys(log, rng, generator, people, township_orgs, villages, users["town-02"])
    referrals = plan_referrals(rng, district, current, responses, rosters, users)
    seed_engagements(log, rosters.plans)
    seed_referrals(log, referrals, users["town-02"], users)
    seed_attendance(log, rng, rosters.plans)
    seed_training(log, rng, district, current, rosters.plans, people)
    seed_briefings(log, township_orgs, villages, users["town-02"])
