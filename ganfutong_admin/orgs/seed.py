"""The real org-unit tree: the province, 11 cities and 100 counties (GB/T 2260), provincial
departments and the operator. Idempotent: running it again updates names and adds what is missing."""

import csv
from pathlib import Path

DIVISIONS_CSV = Path(__file__).with_name("jiangxi_divisions.csv")

PROVINCIAL_AUTHORITY_NAME = "江西省政务服务管理办公室"
LEVEL_TO_KIND = {"province": "provincial_authority", "city": "city_authority", "county": "county_authority"}

# Provincial departments (省直业务部门) that run service zones (专区) on the platform.
PROVINCIAL_DEPARTMENTS = [
    ("D3601", "江西省公安厅"),
    ("D3602", "江西省人力资源和社会保障厅"),
    ("D3603", "江西省医疗保障局"),
    ("D3604", "江西省住房和城乡建设厅"),
    ("D3605", "江西省教育厅"),
    ("D3606", "江西省民政厅"),
    ("D3607", "江西省卫生健康委员会"),
    ("D3608", "江西省市场监督管理局"),
    ("D3609", "江西省税务局"),
    ("D3610", "江西省自然资源厅"),
    ("D3611", "江西省交通运输厅"),
    ("D3612", "江西省生态环境厅"),
    ("D3613", "江西省农业农村厅"),
    ("D3614", "江西省商务厅"),
    ("D3615", "江西省文化和旅游厅"),
    ("D3616", "江西省司法厅"),
    ("D3617", "江西省退役军人事务厅"),
    ("D3618", "江西省残疾人联合会"),
]
OPERATOR = ("OP3601", "赣服通平台运营中心")


def seed_org_units(OrgUnit):
    """Create or update the tree. `OrgUnit` is passed in so a data migration can use its historical model."""
    by_code = {}
    with DIVISIONS_CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    # Parents before children: province, then cities, then counties.
    order = {"province": 0, "city": 1, "county": 2}
    for row in sorted(rows, key=lambda r: (order[r["level"]], r["code"])):
        parent = by_code.get(row["parent_code"]) if row["parent_code"] else None
        kind = LEVEL_TO_KIND[row["level"]]
        name = PROVINCIAL_AUTHORITY_NAME if kind == "provincial_authority" else row["name"]
        by_code[row["code"]] = _upsert(OrgUnit, row["code"], name, kind, parent, division_code=row["code"])
    province = by_code["360000"]
    for code, name in PROVINCIAL_DEPARTMENTS:
        _upsert(OrgUnit, code, name, "provincial_department", province)
    _upsert(OrgUnit, OPERATOR[0], OPERATOR[1], "operator", province)
    return OrgUnit.objects.count()


def _upsert(OrgUnit, code, name, kind, parent, division_code=""):
    unit = OrgUnit.objects.filter(code=code).first() or OrgUnit(code=code)
    unit.name, unit.kind, unit.parent, unit.division_code = name, kind, parent, division_code
    # Historical models in migrations have no custom save(): compute the path here too.
    unit.path = f"{parent.path if parent else ''}{code}/"
    unit.save()
    return unit
