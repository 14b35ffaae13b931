"""The demo's labour organisations (a cooperative, a company, two village collectives, one of
them at risk of falling back: 返薄), their teams, the neighbouring county some workers come
from (so they are not local), and the district's neighbouring townships for the matching."""

from __future__ import annotations

from labor.models import LaborOrgForm, LaborOrgProfile, Team
from portal.demo import CITY, SeedLog, upsert
from portal.models import Organization, OrganizationKind, Region, RegionLevel, RegionRules

OUTSIDE_COUNTY = ("990121", "示范县")
OUTSIDE_TOWNSHIP = ("990121001000", "北岭镇", ["北岭村", "南岭村"])
# A village collective the portal's base demo does not have: a second collective, not
# flagged, so that the flagged one visibly comes first.
EXTRA_COLLECTIVE = ("labor-04", "杏园村股份经济合作社", "杏园村集体", "town-04", "杏园村")
PROFILES = {
    "labor-01": (
        LaborOrgForm.COOPERATIVE,
        False,
        "河湾村",
        "组织河湾镇农村劳动力承接土石方和砌筑劳务。",
    ),
    "labor-02": (
        LaborOrgForm.COLLECTIVE,
        True,
        "石桥村",
        "脱贫村，村集体经济薄弱，存在“返薄”风险，优先组织本村劳动力参与项目建设。",
    ),
    "labor-03": (LaborOrgForm.COMPANY, False, None, "区级劳务派遣和劳务分包企业。"),
    "labor-04": (LaborOrgForm.COLLECTIVE, False, "杏园村", "承接村内小型工程和设施管护。"),
}
# (organisation code, team name, leader, trades, size)
TEAMS = (
    ("labor-01", "河湾劳务社土石方一队", "刘满仓", "土石方、普工", 40),
    ("labor-01", "河湾劳务社砌筑班", "王保国", "砌筑工、抹灰工", 20),
    ("labor-02", "石桥村集体劳务队", "张金柱", "普工、绿化", 35),
    ("labor-03", "惠民劳务钢筋班", "赵建平", "钢筋工", 25),
    ("labor-03", "惠民劳务绿化养护班", "孙秀兰", "绿化、保洁", 20),
    ("labor-04", "杏园村管护队", "李守成", "巡护、保洁", 12),
)
# How many members each labour organisation has among the demo workers, and from where
# (a township index of portal.demo.TOWNSHIPS, None for anywhere in the district).
MEMBER_QUOTAS = {
    "labor-01": (1, 70),
    "labor-02": (2, 45),
    "labor-03": (None, 60),
    "labor-04": (3, 25),
}
NEIGHBOURS = (
    "城关街道：河湾镇、石桥镇、龙泉镇\n"
    "河湾镇：柳林镇、杏花镇\n"
    "石桥镇：青山乡、东坪乡\n"
    "柳林镇：青山乡、杏花镇\n"
    "青山乡：东坪乡\n"
    "东坪乡：龙泉镇\n"
    "杏花镇：龙泉镇"
)


def seed_outside_county(log: SeedLog) -> tuple[Region, list[Region]]:
    """A county beside the demo district: workers whose household is there are not local."""
    city = Region.objects.get(code=CITY[0])
    county = upsert(
        Region,
        log,
        {"code": OUTSIDE_COUNTY[0]},
        {"name": OUTSIDE_COUNTY[1], "level": RegionLevel.DISTRICT, "parent": city},
    )
    code, name, village_names = OUTSIDE_TOWNSHIP
    township = upsert(
        Region, log, {"code": code}, {"name": name, "level": RegionLevel.TOWNSHIP, "parent": county}
    )
    villages = [
        upsert(
            Region,
            log,
            {"code": f"{code[:9]}{201 + number:03d}"},
            {"name": village, "level": RegionLevel.VILLAGE, "parent": township},
        )
        for number, village in enumerate(village_names)
    ]
    return township, villages


def seed_labor_organizations(log: SeedLog, district: Region) -> dict[str, Organization]:
    """The labour organisations' profiles and teams; returns them by code."""
    code, name, short_name, township_code, _village = EXTRA_COLLECTIVE
    township = Organization.objects.get(code=township_code).region
    upsert(
        Organization,
        log,
        {"code": code},
        {
            "name": name,
            "short_name": short_name,
            "kind": OrganizationKind.LABOR_ORG,
            "region": township,
        },
    )
    organizations = {
        o.code: o
        for o in Organization.objects.filter(
            kind=OrganizationKind.LABOR_ORG, region__path__startswith=district.path
        ).select_related("region")
    }
    villages = {
        v.name: v
        for v in Region.objects.filter(level=RegionLevel.VILLAGE, path__startswith=district.path)
    }
    for org_code, (form, risk, village, note) in PROFILES.items():
        if org_code not in organizations:
            continue
        upsert(
            LaborOrgProfile,
            log,
            {"organization": organizations[org_code]},
            {
                "form": form,
                "return_risk": risk,
                "village": villages.get(village) if village else None,
                "note": note,
            },
        )
    for org_code, team_name, leader, trades, size in TEAMS:
        if org_code in organizations:
            upsert(
                Team,
                log,
                {"organization": organizations[org_code], "name": team_name},
                {"leader_name": leader, "trades": trades, "size": size},
            )
    return organizations


def seed_neighbours(log: SeedLog, district: Region) -> None:
    """The office's adjacency list, which the matching reads to look beyond a township."""
    upsert(RegionRules, log, {"region": district}, {"neighbouring_townships": NEIGHBOURS})
