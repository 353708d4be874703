"""The "who sees what" table of ROLES.md, written once for every generated role × scope matrix.

Matrices compute their expected outcomes from this table, never from `visible_to()`, so the code is
held to the document. Each matrix adds what is particular to its models (who may create, decide ...).
"""

# Org units the matrices use (GB/T 2260 codes of jiangxi_divisions.csv, the seeded department and operator).
PARENT = {"360102": "360100", "360402": "360400"}  # 东湖区 ⊂ 南昌市, 濂溪区 ⊂ 九江市
KIND = {
    "360000": "provincial_authority",
    "360100": "city_authority", "360400": "city_authority",
    "360102": "county_authority", "360402": "county_authority",
    "D3601": "provincial_department",
    "OP3601": "operator",
}
# "sees" column. The operator sees every record of the catalog, filings, announcements, maintenance and
# operations; in security it sees only its own (SECURITY_SCOPE_OF_KIND, for that chapter).
SCOPE_OF_KIND = {
    "provincial_authority": "all",
    "city_authority": "own and its counties",
    "county_authority": "own",
    "provincial_department": "own",
    "operator": "all",
}
SECURITY_SCOPE_OF_KIND = {**SCOPE_OF_KIND, "operator": "own"}
# Roles that read domain records at all; the three system roles hold no domain permission.
READING_ROLES = {"submitter", "org_admin", "reviewer", "supervisor", "publisher", "auditor"}
ROLES_SEEING_ALL = {"auditor"}  # "every record, read only", wherever the auditor sits


def in_own_subtree(actor_code, owner_code):
    return owner_code == actor_code or PARENT.get(owner_code) == actor_code


def sees(persons, person, owner_code, scope_of_kind=SCOPE_OF_KIND):
    """Does `person` (a key of `persons`: name -> (role, org code)) see a record owned by `owner_code`?"""
    role, code = persons[person]
    if role not in READING_ROLES:
        return False
    if role in ROLES_SEEING_ALL or scope_of_kind[KIND[code]] == "all":
        return True
    return in_own_subtree(code, owner_code)
