"""Role x scope matrix for announcements, generated from a policy table written from ROLES.md (never from
`visible_to()` itself).

ROLES.md: the operator sees every announcement and its publishers write them ("publisher | operator |
announcements"); the provincial authority sees everything (its reviewers and supervisors read announcements,
deciding nothing about them); auditors read everything; submitters and org admins have no business with
announcements (no permission: 403 on lists, 404 on a record); the three system roles hold no domain data.

To exercise "out of scope" for a role that does read announcements, the table adds a publisher sitting in a
city authority (a city sees its own records and its counties'): the policy puts that person in a subtree.
"""

import pytest
import rolepolicy
from django.urls import reverse
from factories import org
from factories_announcements import AnnouncementFactory
from rolepolicy import KIND, SCOPE_OF_KIND, in_own_subtree
from testsupport import PEOPLE, results

from ganfutong_admin.announcements.models import Announcement

# --- the policy, from ROLES.md ----------------------------------------------------------------------------

PERSONS = {**PEOPLE, "nanchang_publisher": ("publisher", "360100")}
OWNERS = ["OP3601", "360100", "360102", "360400"]
READING_ROLES = {"publisher", "reviewer", "supervisor", "auditor"}
PUBLISHING_ROLES = {"publisher"}  # create and edit drafts, publish, withdraw


def reads(person):
    return PERSONS[person][0] in READING_ROLES


def sees(person, owner_code):
    return reads(person) and rolepolicy.sees(PERSONS, person, owner_code)


def publishes(person):
    return PERSONS[person][0] in PUBLISHING_ROLES


def may_publish(person, owner_code):
    """May write / publish / withdraw an announcement owned by `owner_code`."""
    role, code = PERSONS[person]
    if role not in PUBLISHING_ROLES:
        return False
    return SCOPE_OF_KIND[KIND[code]] == "all" or in_own_subtree(code, owner_code)


def label(owner_code):
    return f"MTX-announcement-{owner_code}"


# --- fixtures ---------------------------------------------------------------------------------------------

@pytest.fixture
def records(db):
    """One announcement per owner, in every computed state across owners (all visible to the back office)."""
    traits = [{"public": True}, {}, {"scheduled": True}, {"withdrawn": True}]
    return {code: AnnouncementFactory(owner_org=org(code), title=label(code), **trait)
            for code, trait in zip(OWNERS, traits, strict=True)}


@pytest.fixture
def person(make_user):
    def make(name):
        role, code = PERSONS[name]
        return make_user(name, role, code)

    return make


NAMES = list(PERSONS)


# --- lists ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_api_list(records, person, api, name):
    response = api(person(name)).get("/api/v1/announcements/", {"page_size": 200})
    if not reads(name):
        assert response.status_code == 403, response.content
        return
    assert response.status_code == 200, response.content
    expected = {label(code) for code in OWNERS if sees(name, code)}
    assert {row["title"] for row in results(response)} == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("name", NAMES)
def test_html_list(records, person, web, name):
    response = web(person(name)).get(reverse("announcements:announcement-list"))
    if not reads(name):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    expected = {label(code) for code in OWNERS if sees(name, code)}
    assert response.context["paginator"].count == len(expected)
    content = response.content.decode()
    for code in OWNERS:
        assert (label(code) in content) == sees(name, code), code


@pytest.mark.parametrize("name", NAMES)
def test_export(records, person, web, name):
    response = web(person(name)).get(reverse("announcements:announcement-list"), {"export": "xlsx"})
    if not reads(name):
        assert response.status_code == 403
        return
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    titles = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert titles == {label(code) for code in OWNERS if sees(name, code)}


# --- details ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", NAMES)
def test_api_detail(records, person, api, name, owner):
    response = api(person(name)).get(f"/api/v1/announcements/{records[owner].pk}/")
    if sees(name, owner):
        assert response.status_code == 200, response.content
        assert response.json()["title"] == label(owner)
    else:
        assert response.status_code == 404, response.content
        assert label(owner) not in response.content.decode()


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", NAMES)
def test_html_detail(records, person, web, name, owner):
    response = web(person(name)).get(reverse("announcements:announcement-detail", args=[records[owner].pk]))
    if sees(name, owner):
        assert response.status_code == 200
        assert label(owner) in response.content.decode()
        offered = {t.action for t in response.context["transitions"]}
        status = records[owner].status
        expected = ({"draft": {"publish"}, "published": {"withdraw"}}.get(status, set())
                    if may_publish(name, owner) else set())
        assert offered == expected
    else:
        assert response.status_code == 404
        assert label(owner) not in response.content.decode()


# --- create -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", NAMES)
def test_api_create(db, person, api, name, owner):
    payload = {"owner_org": owner, "title": f"新公告-{owner}", "category": "general", "body": "<p>正文</p>"}
    response = api(person(name)).post("/api/v1/announcements/", payload, format="json")
    created = Announcement.objects.filter(title=f"新公告-{owner}")
    if not publishes(name):
        assert response.status_code == 403, response.content
        assert not created.exists()
    elif may_publish(name, owner):
        assert response.status_code == 201, response.content
        a = created.get()
        assert (a.owner_org.code, a.created_by.username, a.status) == (owner, name, "draft")
    else:
        assert response.status_code == 400, response.content
        assert "owner_org" in response.json()
        assert not created.exists()


@pytest.mark.parametrize("name", NAMES)
def test_html_create_page(db, person, web, name):
    response = web(person(name)).get(reverse("announcements:announcement-create"))
    assert response.status_code == (200 if publishes(name) else 403)


# --- update and transitions -------------------------------------------------------------------------------

@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", NAMES)
def test_api_update_draft(db, person, api, name, owner):
    a = AnnouncementFactory(owner_org=org(owner), title=label(owner))
    response = api(person(name)).patch(f"/api/v1/announcements/{a.pk}/", {"title": "改过的标题", "version": 1},
                                       format="json")
    a.refresh_from_db()
    if may_publish(name, owner):
        assert response.status_code == 200, response.content
        assert (a.title, a.version) == ("改过的标题", 2)
    else:
        # Not the person's to change: the record "does not exist" for this action, as in every API.
        assert response.status_code == 404, response.content
        assert (a.title, a.version) == (label(owner), 1)


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", NAMES)
def test_html_edit_draft(db, person, web, name, owner):
    a = AnnouncementFactory(owner_org=org(owner), title=label(owner))
    url = reverse("announcements:announcement-edit", args=[a.pk])
    data = {"owner_org": str(a.owner_org_id), "title": "网页改过的标题", "category": "general",
            "body": "<p>正文</p>", "version": "1"}
    response = web(person(name)).post(url, data)
    a.refresh_from_db()
    if may_publish(name, owner):
        assert response.status_code == 302
        assert (a.title, a.version) == ("网页改过的标题", 2)
    else:
        assert response.status_code == 404  # not theirs to change: "does not exist" for this action
        assert (a.title, a.version) == (label(owner), 1)


@pytest.mark.parametrize("action", ["publish", "withdraw"])
@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", NAMES)
def test_api_transition(db, person, api, name, owner, action):
    a = AnnouncementFactory(owner_org=org(owner), title=label(owner), **({"public": True} if action == "withdraw"
                                                                        else {}))
    before = a.status
    response = api(person(name)).post(f"/api/v1/announcements/{a.pk}/transitions/",
                                      {"action": action, "version": a.version, "comment": "撤回原因"}, format="json")
    a.refresh_from_db()
    if may_publish(name, owner):
        assert response.status_code == 200, response.content
        assert (a.status, a.version) == ({"publish": "published", "withdraw": "withdrawn"}[action], 2)
        return
    assert response.status_code == (403 if sees(name, owner) else 404), response.content
    assert (a.status, a.version) == (before, 1)


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", NAMES)
def test_html_transition(db, person, web, name, owner):
    a = AnnouncementFactory(owner_org=org(owner), title=label(owner))
    response = web(person(name)).post(reverse("announcements:announcement-transition", args=[a.pk]),
                                      {"action": "publish", "version": 1})
    a.refresh_from_db()
    if may_publish(name, owner):
        assert response.status_code == 302
        assert a.status == "published"
    elif sees(name, owner):
        assert response.status_code == 403  # visible, not theirs to publish
        assert a.status == "draft"
    else:
        assert response.status_code == 404
        assert a.status == "draft"


# --- the policy table itself ------------------------------------------------------------------------------

def test_policy_table_is_not_trivial():
    assert {sees(n, o) for n in NAMES for o in OWNERS} == {True, False}
    assert [o for o in OWNERS if sees("operator_publisher", o)] == OWNERS
    assert [o for o in OWNERS if sees("nanchang_publisher", o)] == ["360100", "360102"]
    assert [o for o in OWNERS if sees("auditor", o)] == OWNERS
    assert not any(sees(n, o) for n in ("donghu_submitter", "sys_admin", "audit_admin") for o in OWNERS)
    assert sorted(n for n in NAMES if any(may_publish(n, o) for o in OWNERS)) == [
        "nanchang_publisher", "operator_publisher"]
