"""Role × scope matrix of the hotline (第十八条): WorkOrder, BadReview and their pages and API.
Generated from the policy table below, written from ROLES.md (never from visible_to() itself):

- work orders and bad reviews are org-owned: a city sees its own and its counties', a county and a department
  their own; the provincial authority, the operator ("every record of ... maintenance") and auditors see
  everything; the three system roles nothing (403 on lists, 404 on records);
- submitters and org admins "answer ... work orders assigned to its org unit": acknowledge, return, request an
  extension, reply; and appeal bad reviews of their subtree;
- the operator's publishers "dispatch work orders": dispatch, reopen, enter orders by hand, record callbacks and
  bad reviews of platform cases;
- reviewers "approve work-order extensions and bad-review appeals", and set the time limits (provincial
  authority);
- out of scope is 404; in scope but not the person's to do is 403.
"""

import pytest
import rolepolicy
from django.urls import reverse
from django.utils import timezone
from factories import org
from factories_hotline import WorkOrderFactory, make_bad_review, make_service
from rolepolicy import KIND, READING_ROLES, SCOPE_OF_KIND, in_own_subtree
from testsupport import PEOPLE, results

from maintenance.hotline.models import BadReview, WorkOrder, WorkOrderExtension

# --- the policy, from ROLES.md ----------------------------------------------------------------------------------

PERSONS_TABLE = {**PEOPLE, "nanchang_admin": ("org_admin", "360100")}
PERSONS = list(PERSONS_TABLE)
OWNERS = ["360100", "360102", "360400", "360402", "D3601"]

HANDLERS = {"submitter", "org_admin"}
OPERATOR = {"publisher"}
REVIEWERS = {"reviewer"}
ACTION_ROLES = {
    "acknowledge": HANDLERS, "return": HANDLERS, "request_extension": HANDLERS, "reply": HANDLERS,
    "dispatch": OPERATOR, "reopen": OPERATOR, "callback": OPERATOR,
    "approve_extension": REVIEWERS, "deny_extension": REVIEWERS,
    "appeal": HANDLERS, "uphold": REVIEWERS, "reject_appeal": REVIEWERS,
}


def role_of(person):
    return PERSONS_TABLE[person][0]


def reads(person):
    return role_of(person) in READING_ROLES


def sees(person, owner_code):
    return rolepolicy.sees(PERSONS_TABLE, person, owner_code)


def acts(person, action, owner_code):
    role, code = PERSONS_TABLE[person]
    if role not in ACTION_ROLES[action]:
        return False
    return SCOPE_OF_KIND[KIND[code]] == "all" or in_own_subtree(code, owner_code)


def label(kind, owner):
    return f"MTX-{kind}-{owner}"


# --- fixtures ---------------------------------------------------------------------------------------------------

@pytest.fixture
def person(make_user):
    def make(name):
        role, code = PERSONS_TABLE[name]
        return make_user(name, role, code)

    return make


@pytest.fixture
def records(db):
    made = {}
    for code in OWNERS:
        wo = WorkOrderFactory(owner_org=org(code), title=label("workorder", code))
        made["workorder", code] = wo
        made["badreview", code] = make_bad_review(owner_code=code, case_number=label("badreview", code))
    return made


# --- lists and exports ------------------------------------------------------------------------------------------

LISTS = {
    # kind: (API list, page url name, field of the API row holding the label)
    "workorder": ("/api/v1/maintenance/work-orders/", "maintenance:hotline-workorder-list", "title"),
    "badreview": ("/api/v1/maintenance/bad-reviews/", "maintenance:hotline-badreview-list", "case_number"),
}


@pytest.mark.parametrize("kind", list(LISTS))
@pytest.mark.parametrize("name", PERSONS)
def test_api_list(records, person, api, name, kind):
    url, _, field = LISTS[kind]
    response = api(person(name)).get(url, {"page_size": 200})
    if not reads(name):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert {row[field] for row in results(response)} == {label(kind, c) for c in OWNERS if sees(name, c)}


@pytest.mark.parametrize("kind", list(LISTS))
@pytest.mark.parametrize("name", PERSONS)
def test_html_list_and_export(records, person, web, name, kind):
    from io import BytesIO

    from openpyxl import load_workbook

    _, url_name, _ = LISTS[kind]
    client = web(person(name))
    page = client.get(reverse(url_name))
    export = client.get(reverse(url_name), {"export": "xlsx"})
    if not reads(name):
        assert (page.status_code, export.status_code) == (403, 403)
        return
    assert page.status_code == 200 and export.status_code == 200
    expected = {label(kind, c) for c in OWNERS if sees(name, c)}
    assert page.context["paginator"].count == len(expected)
    content = page.content.decode()
    for code in OWNERS:
        assert (label(kind, code) in content) == sees(name, code), code
    sheet = load_workbook(BytesIO(b"".join(export.streaming_content))).active
    cells = {str(v) for row in sheet.iter_rows(min_row=2, values_only=True) for v in row}
    assert {c for c in OWNERS if label(kind, c) in cells} == {c for c in OWNERS if sees(name, c)}


# --- single records ---------------------------------------------------------------------------------------------

DETAILS = {
    "workorder": ("/api/v1/maintenance/work-orders/", "maintenance:hotline-workorder-detail", "title"),
    "badreview": ("/api/v1/maintenance/bad-reviews/", "maintenance:hotline-badreview-detail", "case_number"),
}


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("kind", list(DETAILS))
@pytest.mark.parametrize("name", PERSONS)
def test_detail(records, person, api, web, name, kind, owner):
    api_url, url_name, field = DETAILS[kind]
    obj = records[kind, owner]
    user = person(name)
    response = api(user).get(f"{api_url}{obj.pk}/")
    page = web(user).get(reverse(url_name, args=[obj.pk]))
    if sees(name, owner):
        assert (response.status_code, page.status_code) == (200, 200)
        assert response.json()[field] == label(kind, owner)
        assert label(kind, owner) in page.content.decode()
    else:
        assert (response.status_code, page.status_code) == (404, 404)
        assert label(kind, owner) not in response.content.decode() + page.content.decode()


# --- work-order transitions -------------------------------------------------------------------------------------

def work_order_in(state, owner):
    """A work order of `owner` in the state an action starts from."""
    traits = {"dispatched": {"dispatched": True}, "processing": {}, "replied": {"replied": True},
              "closed": {"status": "closed", "satisfaction": "unsatisfied", "replied_at": timezone.now()},
              "extension_requested": {"status": "extension_requested"}}[state]
    wo = WorkOrderFactory(owner_org=org(owner), **traits)
    if state == "extension_requested":
        from factories import UserFactory

        WorkOrderExtension.objects.create(work_order=wo, requested_days=3, reason="协调",
                                          requested_by=UserFactory(username="requester"),
                                          due_before=wo.due_at)
    return wo


# action: (starting state, inputs, state after)
WORK_ORDER_ACTIONS = {
    "acknowledge": ("dispatched", {}, "processing"),
    "return": ("processing", {"comment": "不属于本单位职责"}, "returned"),
    "request_extension": ("processing", {"comment": "需协调", "extension_days": 3}, "extension_requested"),
    "reply": ("processing", {"reply": "已办结"}, "replied"),
    "callback": ("replied", {"satisfaction": "satisfied"}, "closed"),
    "reopen": ("closed", {"comment": "重新办理"}, "processing"),
    "approve_extension": ("extension_requested", {}, "processing"),
    "deny_extension": ("extension_requested", {"comment": "不同意"}, "processing"),
}
PAGE_ACTIONS = {"acknowledge", "return", "request_extension", "reply", "callback", "reopen"}


def post_action(client, via, wo, action, inputs):
    data = {"action": action, "version": wo.version, **inputs}
    if via == "api":
        return client.post(f"/api/v1/maintenance/work-orders/{wo.pk}/transitions/", data, format="json")
    if action in PAGE_ACTIONS:
        return client.post(reverse("maintenance:hotline-workorder-transition", args=[wo.pk]), data)
    return client.post(reverse("maintenance:hotline-extension-decision", args=[wo.pk]), data)


@pytest.mark.parametrize("via", ["page", "api"])
@pytest.mark.parametrize("owner", ["360100", "360102", "360400", "D3601"])
@pytest.mark.parametrize("action", list(WORK_ORDER_ACTIONS))
@pytest.mark.parametrize("name", PERSONS)
def test_work_order_transition(db, person, api, web, name, action, owner, via):
    state, inputs, after = WORK_ORDER_ACTIONS[action]
    wo = work_order_in(state, owner)
    user = person(name)
    client = api(user) if via == "api" else web(user)
    response = post_action(client, via, wo, action, inputs)
    wo.refresh_from_db()
    if acts(name, action, owner):
        assert response.status_code == (200 if via == "api" else 302), response.content[:300]
        assert wo.status == after and wo.version == 2
        assert wo.events.filter(action=action, actor=user).exists()
    else:
        assert response.status_code == (403 if sees(name, owner) else 404)
        assert (wo.status, wo.version) == (state, 1)


@pytest.mark.parametrize("via", ["page", "api"])
@pytest.mark.parametrize("name", PERSONS)
def test_dispatch(db, person, api, web, name, via):
    """Orders waiting for dispatch belong to the operator: only the all-seeing see them; only publishers act."""
    wo = WorkOrderFactory(received=True)
    user = person(name)
    if via == "api":
        response = api(user).post(f"/api/v1/maintenance/work-orders/{wo.pk}/transitions/",
                                  {"action": "dispatch", "version": 1, "target_org": "360400"}, format="json")
    else:
        url = reverse("maintenance:hotline-workorder-dispatch", args=[wo.pk])
        page = web(user).get(url)
        response = web(user).post(url, {"target_org": org("360400").pk, "version": 1})
    wo.refresh_from_db()
    if acts(name, "dispatch", "OP3601"):
        assert response.status_code == (200 if via == "api" else 302)
        assert (wo.status, wo.owner_org.code) == ("dispatched", "360400")
        if via == "page":
            assert page.status_code == 200
    else:
        assert response.status_code == (403 if sees(name, "OP3601") else 404)
        assert wo.status == "received"


@pytest.mark.parametrize("name", PERSONS)
def test_extension_decision_page(db, person, web, name):
    wo = work_order_in("extension_requested", "360102")
    response = web(person(name)).get(reverse("maintenance:hotline-extension-decision", args=[wo.pk]))
    if acts(name, "approve_extension", "360102"):
        assert response.status_code == 200 and response.context["extension"] is not None
    else:
        assert response.status_code == (403 if sees(name, "360102") else 404)


# --- creating ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("owner", ["360102", "D3601"])
@pytest.mark.parametrize("name", PERSONS)
def test_intake_api_and_manual_entry(db, person, api, web, name, owner):
    service = make_service(owner, code=f"MTX-SVC-{owner}")
    user = person(name)
    base = {"type": "complaint", "title": "矩阵工单", "content": "内容", "citizen_name": "张三",
            "citizen_phone": "13812345678", "service_code": service.code}
    api_response = api(user).post("/api/v1/maintenance/work-orders/", {**base, "hotline_id": f"MTX-{name}"},
                                  format="json")
    page_response = web(user).post(reverse("maintenance:hotline-workorder-create"), base)
    made = WorkOrder.objects.filter(title="矩阵工单")
    if role_of(name) in OPERATOR:
        assert (api_response.status_code, page_response.status_code) == (201, 302), api_response.content
        assert set(made.values_list("owner_org__code", "status", "created_by__username")) == {
            (owner, "dispatched", name)}
        assert made.count() == 2
    else:
        assert (api_response.status_code, page_response.status_code) == (403, 403)
        assert not made.exists()


@pytest.mark.parametrize("name", PERSONS)
def test_bad_review_entry(db, person, web, name):
    client = web(person(name))
    url = reverse("maintenance:hotline-badreview-create")
    response = client.post(url, {"case_number": "GFT-BJ-MTX-1", "owner_org": org("360400").pk,
                                 "rating": "unsatisfied", "comment": "态度差"})
    made = BadReview.objects.filter(case_number="GFT-BJ-MTX-1")
    if role_of(name) in OPERATOR:
        assert response.status_code == 302
        review = made.get()
        assert (review.owner_org.code, review.rectification.owner_org.code) == ("360400", "360400")
    else:
        assert response.status_code == 403 and client.get(url).status_code == 403
        assert not made.exists()


# --- bad-review appeals -----------------------------------------------------------------------------------------

BAD_REVIEW_ACTIONS = {"appeal": ("active", "appealed"), "uphold": ("appealed", "excluded"),
                      "reject_appeal": ("appealed", "appeal_rejected")}


@pytest.mark.parametrize("via", ["page", "api"])
@pytest.mark.parametrize("owner", ["360100", "360102", "360400", "D3601"])
@pytest.mark.parametrize("action", list(BAD_REVIEW_ACTIONS))
@pytest.mark.parametrize("name", PERSONS)
def test_bad_review_transition(db, person, api, web, name, action, owner, via):
    state, after = BAD_REVIEW_ACTIONS[action]
    review = make_bad_review(case_number=f"MTX-{owner}", owner_code=owner, status=state)
    user = person(name)
    data = {"action": action, "version": 1, "comment": "理由"}
    if via == "api":
        response = api(user).post(f"/api/v1/maintenance/bad-reviews/{review.pk}/transitions/", data, format="json")
    else:
        response = web(user).post(reverse("maintenance:hotline-badreview-transition", args=[review.pk]), data)
    review.refresh_from_db()
    if acts(name, action, owner):
        assert response.status_code == (200 if via == "api" else 302), response.content[:300]
        assert review.status == after
        assert review.rectification.status == ("waived" if action == "uphold" else "open")
    else:
        assert response.status_code == (403 if sees(name, owner) else 404)
        assert review.status == state


# --- the policy table itself ------------------------------------------------------------------------------------

def test_policy_table_is_not_trivial():
    assert [o for o in OWNERS if sees("nanchang_submitter", o)] == ["360100", "360102"]
    assert [o for o in OWNERS if sees("operator_publisher", o)] == OWNERS
    assert [o for o in OWNERS if acts("nanchang_admin", "reply", o)] == ["360100", "360102"]
    assert [o for o in OWNERS if acts("lianxi_submitter", "acknowledge", o)] == ["360402"]
    assert not any(acts("operator_publisher", "reply", o) for o in OWNERS)
    assert all(acts("operator_publisher", "dispatch", o) for o in OWNERS)
    assert [n for n in PERSONS if acts(n, "approve_extension", "360102")] == ["province_reviewer"]
    assert not any(sees(n, o) for n in ("sys_admin", "sec_admin", "audit_admin") for o in OWNERS)
