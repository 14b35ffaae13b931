"""Builds fixtures/guidance_directory.json from the district guidance directory (a TSV).

The source names each category's construction tasks and work stages in one sentence; the
portal needs them as separate stages, each classed as general labour, support service or
maintenance. Splitting that prose automatically gives fragments nobody on a site would
recognise, so the stages are a curated table here, checked against the source text, and the
fixture uses natural keys so that `loaddata` twice changes nothing.

Usage: python scripts/build_guidance_directory.py [path/to/guidance-directory.tsv]
"""

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "guidance-directory.tsv"
TARGET = ROOT / "fixtures" / "guidance_directory.json"
DIRECTORY_CODE = "district-2024"

DOMAINS = [
    ("transport", "交通"),
    ("water", "水利"),
    ("energy", "能源"),
    ("agriculture", "农业农村"),
    ("urban", "城镇建设"),
    ("ecology", "生态环境"),
    ("disaster_recovery", "灾后恢复重建"),
]

G, S, M = "general_labor", "support_service", "maintenance"

# Row number → (stage name, kind, words that must appear in the row's source text).
STAGES: dict[int, list[tuple[str, str, str]]] = {
    1: [
        ("清表", G, "清表"),
        ("基础处理", G, "基础处理"),
        ("土方开挖", G, "土方开挖"),
        ("小型预制构件制作", G, "小型预制构件制作"),
        ("混凝土预制块护坡施工", G, "混凝土预制块护坡施工"),
        ("路基边坡开挖", G, "路基边坡开挖"),
        ("土石方填筑辅助施工", G, "土石方填筑"),
        ("构筑物基础土方回填", G, "基础土方回填"),
        ("小型沟槽土方回填", G, "小型沟槽土方回填"),
        ("绿化工程施工", G, "绿化工程施工"),
        ("施工道路养护", M, "施工道路养护"),
        ("施工生活区服务", S, "施工生活区服务"),
    ],
    2: [
        ("基础处理", G, "基础处理"),
        ("土方开挖", G, "土方开挖"),
        ("钢筋制作和绑扎", G, "钢筋制作和绑扎"),
        ("混凝土浇筑振捣", G, "混凝土浇筑振捣"),
        ("小型预制构件制作", G, "小型预制构件制作"),
        ("绿化工程施工", G, "绿化工程施工"),
        ("废弃物料搬运", G, "废弃物料搬运"),
        ("施工现场整理", G, "施工现场整理"),
        ("施工生活区服务", S, "施工生活区服务"),
        ("墙体衬砌辅助施工", G, "墙体衬砌"),
        ("抹灰辅助施工", G, "抹灰"),
        ("门窗安装辅助施工", G, "门窗安装"),
    ],
    3: [
        ("驻地保安", S, "保安"),
        ("驻地保洁", S, "保洁"),
        ("驻地保修", S, "保修"),
        ("驻地绿化", G, "绿化"),
        ("施工便道养护", M, "施工便道的养护"),
        ("大临工程土建", G, "大临工程"),
        ("零星土石方开挖", G, "零星土石方开挖"),
        ("弃渣弃土转运", G, "弃渣、弃土转运"),
        ("驾驶员", S, "驾驶员"),
        ("炊事员", S, "炊事员"),
    ],
    4: [
        ("土石方清表", G, "土石方清表"),
        ("土石方开挖", G, "开挖"),
        ("土石方回填", G, "回填"),
        ("土石方转运", G, "转运"),
        ("砌石砌筑", G, "砌石砌筑"),
        ("小体积混凝土振捣与养护", G, "小体积混凝土振捣与养护"),
        ("钢筋绑扎", G, "钢筋绑扎"),
        ("岸坡整修", G, "岸坡整修"),
        ("土工布、土工膜铺设", G, "土工布、土工膜铺设"),
        ("人工清淤和疏浚", G, "人工清淤和疏浚"),
        ("库区漂浮物打捞清理", M, "库区漂浮物打捞清理"),
        ("环境整治", G, "环境整治"),
        ("场地绿化", G, "场地绿化"),
        ("水保种植", G, "水保种植"),
        ("坡耕地整修地埂", G, "整修地埂"),
        ("施工临时道路整修养护", M, "施工临时道路整修养护"),
        ("施工场地安保巡查", S, "施工场地安保巡查"),
        ("施工生产区服务", S, "施工生产区服务"),
    ],
    8: [
        ("变电站施工场地表面清理", G, "施工场地表面清理"),
        ("临时用地恢复", G, "临时用地恢复"),
        ("站外排水沟渠施工", G, "站外排水沟渠施工"),
        ("线路施工便道修建", G, "施工便道修建"),
        ("塔位地表清理及平整", G, "塔位范围地表清理及平整"),
        ("铁塔材料和机具运输", G, "铁塔材料和机械机具运输"),
    ],
    9: [
        ("管道开挖", G, "管道开挖"),
        ("线路土方作业", G, "土方作业"),
        ("水工保护", G, "水工保护"),
        ("站场土方平衡", G, "总图土方平衡"),
        ("地基处理", G, "地基处理"),
        ("道路混凝土施工", G, "道路混凝土"),
        ("装饰装修", G, "装饰装修"),
        ("专业工程辅助用工", G, "辅助用工"),
        ("管道线路巡护", M, "管道线路巡护"),
        ("站场（阀室）看护", M, "站场（阀室）看护"),
        ("站场生活区后勤服务", S, "生活区后勤服务"),
    ],
    10: [
        ("土方开挖", G, "土方开挖"),
        ("土石方填筑", G, "土石方填筑"),
        ("干砌石填筑", G, "干砌石填筑"),
        ("小型结构混凝土浇筑振捣", G, "小型结构混凝土浇筑、振捣"),
        ("施工道路养护", M, "施工道路养护"),
        ("营地物业管理等后勤服务", S, "建设营地物业管理"),
        ("施工现场安保", S, "施工现场安保"),
    ],
    11: [
        ("人工土石方开挖、运输、填筑", G, "人工土石方开挖、运输、填筑"),
        ("人工开挖管道沟渠", G, "人工开挖管道沟渠"),
        ("人工平整土地", G, "人工平整土地"),
        ("人工增施土壤调理剂", G, "人工增施土壤调理剂"),
        ("沟渠清淤等设施管护", M, "沟渠清淤"),
    ],
    12: [
        ("土地平整", G, "土地平整"),
        ("田间道路", G, "田间道路"),
        ("灌溉沟渠", G, "灌溉沟渠"),
    ],
    13: [
        ("有机废弃物处置设施建设", G, "农村有机废弃物综合处置利用设施"),
        ("生活污水处理设施建设", G, "农村生活污水处理设施建设"),
        ("设施运行", S, "运行"),
        ("设施管护", M, "管护"),
    ],
    14: [
        ("面源污染治理配套工程建设", G, "农业面源污染综合治理配套工程建设"),
        ("设施运行", S, "运行"),
        ("设施管护", M, "管护"),
    ],
    15: [
        ("土建施工物料搬运", G, "物料搬运"),
        ("管道挖沟", G, "管道挖沟"),
        ("土方作业", G, "土方作业"),
    ],
    16: [
        ("基坑回填", G, "基坑回填"),
        ("廊内管线引出连接及开挖", G, "廊内管线引出连接并开挖"),
        ("管廊结构防水施工", G, "管廊结构防水施工"),
        ("廊内管道保温及涂装", G, "廊内管道保温及涂装施工"),
    ],
    17: [
        ("地下管线开挖及回填", G, "地下管线"),
        ("路面开挖及回填", G, "路面开挖及回填"),
    ],
    18: [
        ("脚手架搭建", G, "脚手架搭建"),
        ("钢筋绑扎", G, "钢筋绑扎"),
        ("抹灰工程", G, "抹灰工程"),
        ("物料搬运", G, "物料搬运"),
        ("施工场地维护", M, "施工场地维护"),
    ],
    19: [
        ("平整场地", G, "平整场地"),
        ("场地基础工程", G, "场地基础工程"),
        ("场地地面工程", G, "场地地面工程"),
        ("室外照明工程", G, "室外照明工程"),
        ("主体工程辅助施工", G, "主体工程"),
        ("围护结构工程", G, "围护结构工程"),
        ("屋面工程", G, "屋面工程"),
        ("装饰装修工程", G, "装饰装修工程"),
        ("设备安装工程", G, "设备安装工程"),
        ("建筑室外工程", G, "建筑室外工程"),
        ("体育器材安装", G, "体育器材安装工程"),
    ],
    20: [
        ("物料搬运", G, "物料搬运"),
        ("土建施工", G, "土建施工"),
        ("施工生活区服务", S, "施工生活区服务"),
    ],
    21: [
        ("林地清理", G, "林地清理"),
        ("整地", G, "整地"),
        ("施肥", G, "施肥"),
        ("栽植", G, "栽植"),
        ("播种", G, "播种"),
        ("未成林管护", M, "未成林管护"),
        ("间伐", M, "间伐"),
        ("补植补造", M, "补植补造"),
    ],
    22: [
        ("围栏安装", G, "围栏安装"),
        ("耕翻、松耙", G, "耕翻、松耙"),
        ("种子处理", G, "种子处理"),
        ("施肥", G, "施肥"),
        ("种草", G, "种草"),
        ("清除毒害草", M, "清除毒害草"),
    ],
    23: [
        ("改土", G, "改土"),
        ("地膜覆盖", G, "地膜覆盖"),
        ("设置沙障", G, "设置沙障"),
        ("栽植", G, "栽植"),
    ],
    24: [
        ("植物栽植", G, "植物栽植"),
        ("围网安装", G, "围网安装"),
        ("红树林管护", M, "红树林管护"),
    ],
    # Row 25 names no stage of its own: it refers to similar projects. These are the stages
    # common to every reconstruction site, for the office to extend per project.
    25: [
        ("废墟清理", G, "灾后恢复重建"),
        ("土石方开挖与回填", G, "灾后恢复重建"),
        ("物料搬运", G, "灾后恢复重建"),
        ("施工生活区服务", S, "灾后恢复重建"),
    ],
}
SHARES_ROW_4 = (5, 6, 7)  # the source says "（同第4行）" for these rows


def build(source: Path) -> list[dict]:
    with source.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    if len(rows) != 25:
        raise SystemExit(f"expected 25 rows, found {len(rows)}")
    texts = {int(row["no"]): row["tasks_and_stages"] for row in rows}
    domain_codes = {name: code for code, name in DOMAINS}
    objects: list[dict] = [
        {"model": "projects.domain", "fields": {"code": code, "name": name, "order": order}}
        for order, (code, name) in enumerate(DOMAINS, start=1)
    ]
    objects.append(
        {
            "model": "projects.directory",
            "fields": {
                "code": DIRECTORY_CODE,
                "name": "区以工代赈重点工程项目指导目录",
                "level": "district",
                "region": None,
                "based_on": None,
                "issued": None,
                "source": "区以工代赈实施方案附件：以工代赈重点工程项目指导目录",
            },
        }
    )
    for row in rows:
        number = int(row["no"])
        objects.append(
            {
                "model": "projects.category",
                "fields": {
                    "directory": [DIRECTORY_CODE],
                    "number": number,
                    "domain": [domain_codes[row["domain"]]],
                    "name": row["category"],
                    "tasks": row["tasks_and_stages"],
                    "guiding_department": row["guiding_department"],
                },
            }
        )
        stages = STAGES[4] if number in SHARES_ROW_4 else STAGES[number]
        source_text = texts[4] if number in SHARES_ROW_4 else texts[number]
        if number == 25:
            source_text = row["category"] + source_text
        names = [name for name, _kind, _words in stages]
        if len(set(names)) != len(names):
            raise SystemExit(f"row {number}: duplicate stage names")
        for order, (name, kind, words) in enumerate(stages, start=1):
            if words not in source_text:
                raise SystemExit(
                    f"row {number}: stage {name!r} not traceable to the source ({words!r})"
                )
            if len(name) > 30:
                raise SystemExit(f"row {number}: stage name too long: {name}")
            objects.append(
                {
                    "model": "projects.workstage",
                    "fields": {
                        "category": [DIRECTORY_CODE, number],
                        "order": order,
                        "name": name,
                        "kind": kind,
                    },
                }
            )
    return objects


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    objects = build(source)
    TARGET.write_text(json.dumps(objects, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    stages = sum(1 for obj in objects if obj["model"] == "projects.workstage")
    print(f"wrote {TARGET.relative_to(ROOT)}: 7 domains, 25 categories, {stages} work stages")


if __name__ == "__main__":
    main()
