"""The fictional demo district: region tree, organisations and one user per kind and role.

Deterministic and idempotent: every record is found by its code and only written when it
differs, so a second run changes nothing. Codes start with 99, a province number that does
not exist, so demo data can never be mistaken for a real division.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from portal.models import (
    Membership,
    Organization,
    OrganizationKind,
    Region,
    RegionLevel,
    Role,
    User,
)

DEMO_PASSWORD = "shifan-2026"  # noqa: S105 - printed on purpose: fictional demo accounts only

PROVINCE = ("990000", "示范省")
CITY = ("990100", "示范市")
DISTRICT = ("990102", "示范区")

TOWNSHIPS = [
    ("城关街道", ["东关社区", "西关社区", "南街社区", "北苑社区"]),
    ("河湾镇", ["河湾村", "柳树村", "前营村", "后营村"]),
    ("石桥镇", ["石桥村", "王家庄村", "李家沟村", "张家岭村"]),
    ("柳林镇", ["柳林村", "槐树坪村", "杏园村", "马家湾村"]),
    ("青山乡", ["青山村", "松树沟村", "白石村", "黄土坡村"]),
    ("杏花镇", ["杏花村", "桃园村", "梨树湾村", "枣林村"]),
    ("东坪乡", ["东坪村", "上坪村", "下坪村", "中坪村"]),
    ("龙泉镇", ["龙泉村", "清水村", "龙王庙村", "泉口村"]),
]

# Every guiding department of the guidance directory exists, so each category has one.
DEPARTMENTS = [
    ("dept-transport", "交通局"),
    ("dept-water", "水务局"),
    ("dept-energy", "能源局"),
    ("dept-agriculture", "农业农村局"),
    ("dept-housing", "住房和城乡建设局"),
    ("dept-urban", "城市管理局"),
    ("dept-health", "卫生健康和体育局"),
    ("dept-culture", "文化和旅游局"),
    ("dept-forestry", "林业局"),
]

# Member units without a domain (seeds 000 and 004): they own no project.
MEMBER_UNITS = [
    ("member-hrss", "示范区人力资源和社会保障局", "人社局"),
    ("member-finance", "示范区财政局", "财政局"),
    ("member-emergency", "示范区应急管理局", "应急局"),
    ("member-audit", "示范区审计局", "审计局"),
    ("member-civil", "示范区民政局", "民政局"),
    ("member-approval", "示范区行政审批服务管理局", "行政审批局"),
]

OWNERS = [
    ("owner-01", "示范区城市建设投资有限公司", "区城投公司"),
    ("owner-02", "示范区交通投资发展有限公司", "区交投公司"),
    ("owner-03", "示范区水利投资建设有限公司", "区水投公司"),
    ("owner-04", "示范区农业发展投资有限公司", "区农投公司"),
    ("owner-05", "示范区文化旅游投资有限公司", "区文旅公司"),
]

CONTRACTORS = [
    ("contractor-01", "示范路桥建设集团有限公司", "示范路桥"),
    ("contractor-02", "青山水利水电工程有限公司", "青山水利"),
    ("contractor-03", "河湾建筑工程有限公司", "河湾建工"),
    ("contractor-04", "龙泉市政工程有限公司", "龙泉市政"),
    ("contractor-05", "杏花园林绿化工程有限公司", "杏花园林"),
    ("contractor-06", "示范电力安装工程有限公司", "示范电力"),
    ("contractor-07", "石桥土石方工程有限公司", "石桥土石方"),
    ("contractor-08", "柳林农业工程建设有限公司", "柳林农建"),
    ("contractor-09", "东坪建设工程有限公司", "东坪建设"),
    ("contractor-10", "示范城乡建设有限公司", "示范城建"),
]

SUPERVISORS = [("supervisor-01", "示范工程建设监理有限公司", "示范监理")]

# (code, name, short name, township index or None for the district)
LABOR_ORGS = [
    ("labor-01", "河湾镇劳务专业合作社", "河湾劳务社", 1),
    ("labor-02", "石桥村股份经济合作社", "石桥村集体", 2),
    ("labor-03", "示范区惠民劳务服务有限公司", "惠民劳务", None),
]

# One user per organisation kind and role: (username prefix, organisation code, names by role)
DEMO_USERS = [
    ("office", "drc", ["赵主任", "钱科员", "孙区长"]),
    ("department", "dept-transport", ["周科长", "吴科员", "郑局长"]),
    ("township", "town-02", ["王镇长", "冯干事", "陈书记"]),
    ("owner", "owner-01", ["褚经理", "卫专员", "蒋总"]),
    ("contractor", "contractor-01", ["沈项目经理", "韩劳资员", "杨总工"]),
    ("supervisor", "supervisor-01", ["朱总监", "秦监理员", "尤经理"]),
    ("labor", "labor-01", ["许社长", "何会计", "吕理事"]),
    ("member", "member-hrss", ["施科长", "张科员", "孔局长"]),
]
ROLES_IN_ORDER = [Role.ADMIN, Role.EDITOR, Role.VIEWER]


@dataclass
class SeedLog:
    created: int = 0
    updated: int = 0


def upsert(model: type[models.Model], log: SeedLog, lookup: dict, values: dict) -> models.Model:
    """Create the row, or update only the fields that differ (so a second run writes nothing)."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        log.created += 1
        return instance
    changed = [field for field, value in values.items() if getattr(instance, field) != value]
    if changed:
        for field in changed:
            setattr(instance, field, values[field])
        instance.full_clean()
        instance.save(update_fields=changed)
        log.updated += 1
    return instance


def township_code(index: int) -> str:
    return f"{DISTRICT[0]}{index + 1:03d}000"


def seed_regions(log: SeedLog) -> dict[str, Region]:
    province = upsert(
        Region,
        log,
        {"code": PROVINCE[0]},
        {"name": PROVINCE[1], "level": RegionLevel.PROVINCE, "parent": None},
    )
    city = upsert(
        Region,
        log,
        {"code": CITY[0]},
        {"name": CITY[1], "level": RegionLevel.CITY, "parent": province},
    )
    district = upsert(
        Region,
        log,
        {"code": DISTRICT[0]},
        {"name": DISTRICT[1], "level": RegionLevel.DISTRICT, "parent": city},
    )
    regions = {"district": district}
    for index, (name, villages) in enumerate(TOWNSHIPS):
        code = township_code(index)
        township = upsert(
            Region,
            log,
            {"code": code},
            {"name": name, "level": RegionLevel.TOWNSHIP, "parent": district},
        )
        regions[f"town-{index + 1:02d}"] = township
        for number, village in enumerate(villages, start=1):
            upsert(
                Region,
                log,
                {"code": f"{code[:9]}{200 + number:03d}"},
                {"name": village, "level": RegionLevel.VILLAGE, "parent": township},
            )
    return regions


def seed_organizations(log: SeedLog, regions: dict[str, Region]) -> None:
    district = regions["district"]

    def org(code: str, name: str, short_name: str, kind: str, region: Region) -> None:
        upsert(
            Organization,
            log,
            {"code": code},
            {"name": name, "short_name": short_name, "kind": kind, "region": region},
        )

    org(
        "drc",
        "示范区发展和改革局（以工代赈协调机制办公室）",
        "区发展改革局",
        OrganizationKind.COORDINATION_OFFICE,
        district,
    )
    for code, name in DEPARTMENTS:
        org(code, f"示范区{name}", name, OrganizationKind.DEPARTMENT, district)
    for index, (name, _villages) in enumerate(TOWNSHIPS):
        suffix = "办事处" if name.endswith("街道") else "人民政府"
        org(
            f"town-{index + 1:02d}",
            f"{name}{suffix}",
            name,
            OrganizationKind.TOWNSHIP,
            regions[f"town-{index + 1:02d}"],
        )
    for code, name, short_name in MEMBER_UNITS:
        org(code, name, short_name, OrganizationKind.MEMBER_UNIT, district)
    for code, name, short_name in OWNERS:
        org(code, name, short_name, OrganizationKind.OWNER, district)
    for code, name, short_name in CONTRACTORS:
        org(code, name, short_name, OrganizationKind.CONTRACTOR, district)
    for code, name, short_name in SUPERVISORS:
        org(code, name, short_name, OrganizationKind.SUPERVISOR, district)
    for code, name, short_name, township in LABOR_ORGS:
        region = district if township is None else regions[f"town-{township + 1:02d}"]
        org(code, name, short_name, OrganizationKind.LABOR_ORG, region)


def seed_users(log: SeedLog) -> list[dict]:
    accounts = []
    for prefix, organization_code, names in DEMO_USERS:
        organization = Organization.objects.get(code=organization_code)
        for role, full_name in zip(ROLES_IN_ORDER, names, strict=True):
            username = f"{prefix}_{role}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, full_name=full_name)
                user.set_password(DEMO_PASSWORD)
                user.full_clean()
                user.save()
                log.created += 1
            user = upsert(
                User, log, {"username": username}, {"full_name": full_name, "is_active": True}
            )
            if not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                log.updated += 1
            upsert(Membership, log, {"user": user}, {"organization": organization, "role": role})
            accounts.append(
                {
                    "username": username,
                    "password": DEMO_PASSWORD,
                    "name": full_name,
                    "organization": organization.name,
                    "role": Role(role).label,
                }
            )
    return accounts


def seed(log: SeedLog) -> dict:
    regions = seed_regions(log)
    seed_organizations(log, regions)
    return {"accounts": seed_users(log), "district": regions["district"]}
