"""docs/roles.md is the policy the matrices hold the code to (tests/rolepolicy.py parses its scope table).

- the parser reads the document as it is, and refuses what it does not know (a new row, a new wording);
- a change of the document that the code does not follow fails the generated matrix: the same runner, with a
  policy parsed from an edited copy of the text, fails against the code, and passes with the document;
- the facts the tables take from outside the document (which org unit is of which kind, the role names) hold.
"""

import re

import matrix
import pytest
import rolepolicy
from factories import LegacyAppFactory, org
from matrix import ApiDetail, ApiList, Export, PageDetail, PageList, Spec
from rolepolicy import ALL, OWN, OWN_AND_COUNTIES

from ganfutong_admin.accounts import roles
from ganfutong_admin.orgs.models import OrgUnit

TEXT = rolepolicy.DOC_TEXT


def edited(old, new):
    assert TEXT.count(old) == 1, old
    return TEXT.replace(old, new)


def test_the_scope_table_is_read_from_the_document():
    policy = rolepolicy.parse(TEXT)
    assert set(policy.kinds) == {"provincial_authority", "city_authority", "county_authority",
                                 "provincial_department", "operator", "partner"}
    assert set(rolepolicy.SCOPE_OF_KIND) == set(policy.kinds)
    assert set(rolepolicy.SCOPE_OF_KIND.values()) == {ALL, OWN_AND_COUNTIES, OWN}
    assert rolepolicy.SCOPE_OF_KIND["operator"] != rolepolicy.SECURITY_SCOPE_OF_KIND["operator"]
    assert rolepolicy.ROLES_SEEING_ALL == {"auditor"}
    assert set(rolepolicy.KIND.values()) <= set(rolepolicy.SCOPE_OF_KIND)


@pytest.mark.parametrize(("old", "new", "complaint"), [
    ("| county authority (县级) | its own records |", "| county authority (县级) | its own records and more |",
     "unknown scope wording"),
    ("| provincial department (省直部门) |", "| provincial bureau (省直部门) |", "unknown org-unit kind"),
    ("| third-party partner | its own application and register entry |\n", "", "says nothing of ['partner']"),
    ("in security, only its own", "in security, its own and its partners'", "unknown scope wording"),
    ("## Org-unit kinds and what they see (scope)", "## Kinds", "no section"),
    ("announcements, maintenance and operations;", "announcements and operations;", "does not say what a operator"),
])
def test_what_the_parser_does_not_know_is_an_error(old, new, complaint):
    with pytest.raises(ValueError, match=re.escape(complaint)):
        rolepolicy.parse(edited(old, new)).scope_of_kind()


def test_one_scope_per_kind_outside_security():
    text = edited("maintenance and operations; in security, only its own",
                  "maintenance and operations; in filings, only its own; in security, only its own")
    with pytest.raises(ValueError, match="different scopes"):
        rolepolicy.parse(text).scope_of_kind()


# --- a change of the document fails the matrix ------------------------------------------------------------------

OWNERS = ("360100", "360102", "360400", "360402", "D3601")
# The legacy-app register, read: lists, export and details (the same runner as the generated matrices).
REGISTER = Spec(
    "legacyapp", OWNERS,
    make=lambda c: LegacyAppFactory(owner_org=org(c.owner), name=c.label),
    lists=(ApiList("/api/v1/legacy-apps/", "name"), PageList("channel_integration:legacyapp-list"),
           Export("channel_integration:legacyapp-list")),
    details=(ApiDetail(lambda r: f"/api/v1/legacy-apps/{r.pk}/", "name"),
             PageDetail("channel_integration:legacyapp-detail")),
)

EDITS = {
    "county sees every record": ("| county authority (县级) | its own records |",
                                 "| county authority (县级) | every record |"),
    "city sees only its own": ("| city authority (市级) | its own records and those of its counties |",
                               "| city authority (市级) | its own records |"),
    "operator sees only its own": (
        "every record of the service catalog, filings, announcements, maintenance and operations; in security, "
        "only its own", "its own records"),
    "auditors see their own": ("| auditors (any org unit, role `auditor`) | every record, read only |",
                               "| auditors (any org unit, role `auditor`) | its own records |"),
}


@pytest.fixture
def policy_of(request):
    """The policy parsed from the document, or from a copy with one edit of EDITS."""

    def parse(edit=None):
        return rolepolicy.parse(edited(*EDITS[edit]) if edit else TEXT)

    return parse


def test_the_register_matrix_passes_with_the_document(db, request, policy_of):
    with rolepolicy.use(policy_of()):
        assert matrix.failures(REGISTER, request, shapes=("list", "detail")) == []


def expectations(policy):
    with rolepolicy.use(policy):
        return {(person, owner): REGISTER.sees(person, owner) for person in REGISTER.people for owner in OWNERS}


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edit_the_code_does_not_follow_fails_the_matrix(db, request, policy_of, edit):
    """Exactly the cases whose expectation the edit changes fail: every list and export of a person whose scope
    changed, every detail of a record that changed sides."""
    before, after = expectations(policy_of()), expectations(policy_of(edit))
    changed = {pair for pair in before if before[pair] != after[pair]}
    assert changed, edit
    with rolepolicy.use(policy_of(edit)):
        failed = matrix.failures(REGISTER, request, shapes=("list", "detail"))
    persons = {person for person, _owner in changed}
    assert sorted(failed) == sorted(
        [f"list-{e.name}-{p}" for e in REGISTER.lists for p in REGISTER.people if p in persons]
        + [f"detail-{e.name}-{p}-{o}" for e in REGISTER.details for p in REGISTER.people for o in OWNERS
           if (p, o) in changed])
    # Afterwards the document's policy is in force again.
    assert rolepolicy.SCOPE_OF_KIND == policy_of().scope_of_kind()


# --- what the tables take from elsewhere ------------------------------------------------------------------------

def test_the_org_units_of_the_matrices_are_of_the_kinds_the_table_says(db):
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=rolepolicy.KIND).select_related("parent")}
    assert {code: u.kind for code, u in units.items()} == rolepolicy.KIND
    # Below the province (which sees everything anyway), PARENT is every parent link among these units.
    links = {code: u.parent.code for code, u in units.items() if u.parent and u.parent.code in rolepolicy.KIND}
    assert {code: parent for code, parent in links.items() if parent != "360000"} == rolepolicy.PARENT


def test_the_roles_are_the_document_roles():
    documented = set(rolepolicy.document_roles(TEXT))
    assert set(roles.all_role_permissions()) == documented
    assert rolepolicy.READING_ROLES | rolepolicy.SYSTEM_ROLES == documented
    assert rolepolicy.SYSTEM_ROLES == set(roles.SYSTEM_ROLES)
    assert rolepolicy.ROLES_SEEING_ALL <= rolepolicy.READING_ROLES
