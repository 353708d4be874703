"""The "who sees what" table of docs/roles.md, read from the document itself, for every generated role × scope matrix.

docs/roles.md is the repository's copy of the role policy. Its table "Org-unit kinds and what they see (scope)" is
parsed here into SCOPE_OF_KIND (domain chapters), SECURITY_SCOPE_OF_KIND and ROLES_SEEING_ALL, and the matrices
compute their expected outcomes from these, never from `visible_to()`: edit the document and the matrices expect
the new policy, so code that does not follow it fails them. The parser is strict: a row or a wording it does not
know is an error (give the new wording a meaning in SCOPE_OF_PHRASE), never a silent default.

Each matrix adds what is particular to its models (who may create, decide ...). Functions here read the tables
when called, so `use(policy)` (tests/scoping/test_roles_doc.py) can put a policy parsed from another text in force.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "roles.md"
SCOPE_SECTION = "Org-unit kinds and what they see (scope)"
ROLES_SECTION = "Roles"

ALL, OWN_AND_COUNTIES, OWN = "all", "own and its counties", "own"

# First column of the scope table (without its parenthesis) -> the OrgUnit.kind it is about.
KIND_OF_ROW = {
    "provincial authority": "provincial_authority",
    "city authority": "city_authority",
    "county authority": "county_authority",
    "provincial department": "provincial_department",
    "operator": "operator",
    "third-party partner": "partner",
}
# "sees" column: the wordings of the document and the scope each means.
SCOPE_OF_PHRASE = {
    "every record": ALL,
    "every record, read only": ALL,
    "its own records and those of its counties": OWN_AND_COUNTIES,
    "its own records": OWN,
    "its own application and register entry": OWN,
    "only its own": OWN,
}
# The chapters whose records the matrices cover (the security chapter has its own table).
DOMAIN_CHAPTERS = ("service catalog", "filings", "announcements", "maintenance", "operations")
SECURITY = "security"


def _split_list(text):
    """ "a, b, c and d" -> ["a", "b", "c", "d"]."""
    return [part.strip() for part in re.split(r",\s*|\s+and\s+", text) if part.strip()]


def _phrase_scope(phrase):
    if phrase not in SCOPE_OF_PHRASE:
        raise ValueError(f"docs/roles.md: unknown scope wording {phrase!r}: give it a meaning in SCOPE_OF_PHRASE")
    return SCOPE_OF_PHRASE[phrase]


def _section(text, title):
    match = re.search(rf"^##\s+{re.escape(title)}\s*$(.*?)(?=^##\s|\Z)", text, flags=re.M | re.S)
    if not match:
        raise ValueError(f"docs/roles.md: no section {title!r}")
    return match.group(1)


def table_rows(text, title):
    """The body rows of the first markdown table of section `title`, as lists of stripped cells."""
    rows = [line.strip() for line in _section(text, title).splitlines() if line.strip().startswith("|")]
    if len(rows) < 3 or not re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", rows[1]):
        raise ValueError(f"docs/roles.md: section {title!r} holds no table")
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def chapter_scopes(sees):
    """The "sees" cell -> {chapter or None (every chapter): scope}."""
    scopes = {}
    for clause in (c.strip() for c in sees.split(";")):
        if m := re.fullmatch(r"every record of (?:the )?(.+)", clause):
            for chapter in _split_list(m.group(1)):
                scopes[re.sub(r"^the\s+", "", chapter)] = ALL
        elif m := re.fullmatch(r"in ([\w -]+), (.+)", clause):
            scopes[m.group(1).strip()] = _phrase_scope(m.group(2).strip())
        else:
            if None in scopes:
                raise ValueError(f"docs/roles.md: two general scopes in {sees!r}")
            scopes[None] = _phrase_scope(clause)
    return scopes


@dataclass(frozen=True)
class Policy:
    """What the scope table says: per org-unit kind, per chapter, the scope; the roles that see everything."""

    kinds: dict  # kind -> {chapter or None: scope}
    roles: dict  # role -> scope (rows "... role `x`")

    def scope(self, kind, chapter):
        scopes = self.kinds[kind]
        if chapter in scopes:
            return scopes[chapter]
        if None in scopes:
            return scopes[None]
        raise ValueError(f"docs/roles.md does not say what a {kind} sees in {chapter}")

    def scope_of_kind(self, chapters=DOMAIN_CHAPTERS):
        """{kind: scope} over `chapters`; the chapters must agree (the matrices use one scope per kind)."""
        table = {}
        for kind in self.kinds:
            found = {self.scope(kind, chapter) for chapter in chapters}
            if len(found) != 1:
                raise ValueError(f"docs/roles.md gives a {kind} different scopes in {chapters}: {found}")
            table[kind] = found.pop()
        return table

    @property
    def roles_seeing_all(self):
        return {role for role, scope in self.roles.items() if scope == ALL}


def parse(text):
    """The scope table of a docs/roles.md text as a Policy. Unknown rows or wordings raise ValueError."""
    kinds, roles = {}, {}
    for cells in table_rows(text, SCOPE_SECTION):
        if len(cells) != 2:
            raise ValueError(f"docs/roles.md: a scope row needs two cells: {cells}")
        who, sees = cells
        if m := re.search(r"role `(\w+)`", who):
            roles[m.group(1)] = _phrase_scope(sees)
            continue
        name = re.sub(r"\s*\(.*\)\s*$", "", who).strip()
        if name not in KIND_OF_ROW:
            raise ValueError(f"docs/roles.md: unknown org-unit kind {who!r}: add it to KIND_OF_ROW")
        kinds[KIND_OF_ROW[name]] = chapter_scopes(sees)
    missing = set(KIND_OF_ROW.values()) - set(kinds)
    if missing:
        raise ValueError(f"docs/roles.md: the scope table says nothing of {sorted(missing)}")
    return Policy(kinds=kinds, roles=roles)


def document_roles(text):
    """The role names of the "Roles" table."""
    return [cells[0] for cells in table_rows(text, ROLES_SECTION)]


DOC_TEXT = DOC.read_text(encoding="utf-8")
POLICY = parse(DOC_TEXT)

# "sees" column, from the document. The operator sees every record of the catalog, filings, announcements,
# maintenance and operations; in security it sees only its own (SECURITY_SCOPE_OF_KIND, for that chapter).
SCOPE_OF_KIND = POLICY.scope_of_kind()
SECURITY_SCOPE_OF_KIND = POLICY.scope_of_kind((SECURITY,))
ROLES_SEEING_ALL = POLICY.roles_seeing_all  # "every record, read only", wherever the auditor sits

# Not policy but the facts of the seeded org-unit tree the matrices use (GB/T 2260 codes of jiangxi_divisions.csv,
# the seeded department and operator); test_roles_doc.py checks them against the database.
PARENT = {"360102": "360100", "360402": "360400"}  # 东湖区 ⊂ 南昌市, 濂溪区 ⊂ 九江市
KIND = {
    "360000": "provincial_authority",
    "360100": "city_authority", "360400": "city_authority",
    "360102": "county_authority", "360402": "county_authority",
    "D3601": "provincial_department",
    "OP3601": "operator",
}
# Roles that read domain records at all; the three system roles hold no domain permission ("Roles" table).
READING_ROLES = {"submitter", "org_admin", "reviewer", "supervisor", "publisher", "auditor"}
SYSTEM_ROLES = {"sys_admin", "sec_admin", "audit_admin"}


@contextmanager
def use(policy):
    """Put another parsed policy in force for the functions below (and the matrices computed from them)."""
    global SCOPE_OF_KIND, SECURITY_SCOPE_OF_KIND, ROLES_SEEING_ALL
    saved = SCOPE_OF_KIND, SECURITY_SCOPE_OF_KIND, ROLES_SEEING_ALL
    SCOPE_OF_KIND = policy.scope_of_kind()
    SECURITY_SCOPE_OF_KIND = policy.scope_of_kind((SECURITY,))
    ROLES_SEEING_ALL = policy.roles_seeing_all
    try:
        yield policy
    finally:
        SCOPE_OF_KIND, SECURITY_SCOPE_OF_KIND, ROLES_SEEING_ALL = saved


def in_own_subtree(actor_code, owner_code):
    return owner_code == actor_code or PARENT.get(owner_code) == actor_code


def within(scope, actor_code, owner_code):
    """Is a record of `owner_code` within `scope` of the unit `actor_code`?"""
    if scope == ALL:
        return True
    if scope == OWN_AND_COUNTIES:
        return in_own_subtree(actor_code, owner_code)
    if scope == OWN:
        return owner_code == actor_code
    raise ValueError(scope)


def reaches(actor_code, owner_code, security=False):
    """Does the scope of the unit `actor_code` (by its kind) reach a record of `owner_code`?"""
    table = SECURITY_SCOPE_OF_KIND if security else SCOPE_OF_KIND
    return within(table[KIND[actor_code]], actor_code, owner_code)


def sees_everything(persons, person, security=False):
    role, code = persons[person]
    table = SECURITY_SCOPE_OF_KIND if security else SCOPE_OF_KIND
    return role in READING_ROLES and (role in ROLES_SEEING_ALL or table[KIND[code]] == ALL)


def sees(persons, person, owner_code, security=False):
    """Does `person` (a key of `persons`: name -> (role, org code)) see a record owned by `owner_code`?"""
    role, code = persons[person]
    if role not in READING_ROLES:
        return False
    return role in ROLES_SEEING_ALL or reaches(code, owner_code, security)
