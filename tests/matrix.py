"""The role × scope matrix runner (DESIGN §8; the NetBox `ViewTestCases` / CISO Assistant role-matrix pattern).

A matrix module declares one `Spec` per model: the people (role, org code), the owners of the records, how to make
one record per owner with a recognisable label, its list and detail endpoints, what it creates and changes and its
transitions, each with the expectation function computed from tests/rolepolicy.py (docs/roles.md), never from
`visible_to()`. `tests(spec, ...)` then returns the generated, parametrized test functions, which the module puts
in its namespace (`globals().update(matrix.tests(SPEC))`):

    test_<spec>_list           every list endpoint (API, page, Excel export) × person
    test_<spec>_detail         every detail endpoint × person × owner
    test_<spec>_create_page    every create form × person
    test_<spec>_create         every create request × person × owner
    test_<spec>_change         every change (edit form, PATCH ...) × person × owner
    test_<spec>_transition     every transition × person × owner
    test_<spec>_action         every other request on a record (a note, a form under it ...) × person × owner
    test_<spec>_expectations_are_not_trivial   the expectations of the spec are not all alike

The outcomes every case asserts:
- a person whose role reads no such records: 403 on lists (and exports); every record is 404 to them;
- in scope: 200 and the record's label shown; out of scope: 404, the label absent, not counted, not exported;
- create: 403 for a role that creates no such record, 400 naming the field for an owner outside the person's
  reach (nothing saved), success (exactly one record made) otherwise;
- change / transition: success when the person may and sees the record; else 404 when the record is out of sight,
  and when visible the action's `refused` outcome (403, 404 "does not exist for this action", or a redirect back to
  the page with a message): the record unchanged (`state`) and the effect (`happened`) absent.

Builders (`make`, `url`, `data`, `done`, ...) take a `Ctx`: the person, their user, the owner, the record, the
records of every owner, what the spec's `setup` returned, the client. A changed URL or payload is one line of
one spec.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import rolepolicy
from django.urls import reverse
from testsupport import PEOPLE, results

API, PAGE = "api", "page"


# --- what a builder gets --------------------------------------------------------------------------------------

@dataclass
class Ctx:
    spec: "Spec"
    request: Any
    person: str
    owner: str | None = None
    user: Any = None
    env: Any = None
    records: dict = field(default_factory=dict)
    record: Any = None
    client: Any = None
    result: Any = None  # the record a create made

    @property
    def label(self):
        return self.spec.label(self.owner)

    @property
    def role(self):
        return self.spec.people[self.person][0]

    def fixture(self, name):
        return self.request.getfixturevalue(name)


def _resolve(url, c, record=False):
    """A URL given as a callable of the Ctx, a path, or an URL name (reversed with the record's pk if `record`)."""
    if callable(url):
        return url(c)
    if url.startswith("/"):
        return url
    return reverse(url, args=[c.record.pk]) if record else reverse(url)


def _call(client, via, method, url, data):
    if via == API and method != "get":
        return getattr(client, method)(url, data or {}, format="json")
    return getattr(client, method)(url, data or {})


def _body(response):
    if hasattr(response, "streaming_content"):
        return ""
    return response.content.decode()


def _fresh(record):
    if hasattr(record, "refresh_from_db") and record.pk is not None:
        record.refresh_from_db()
    return record


# --- refusals ---------------------------------------------------------------------------------------------------

def FORBIDDEN(sees):  # (named as the constants they are)
    """Visible but not the person's to do: 403."""
    return 403 if sees else 404


def HIDDEN(sees):
    """Not the person's to change: the record "does not exist" for this action (NetBox-style restricted queryset)."""
    return 404


def REDIRECT(sees):
    """Visible: back to the page with the refusal as a message (302); out of sight: 404."""
    return 302 if sees else 404


# --- lists ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ApiList:
    """An API list: `label` is the row's field (or a function of the row) holding the label."""

    path: str
    label: str | Callable = "title"
    params: dict = field(default_factory=lambda: {"page_size": 200})
    name: str = "api"

    via = API

    def check(self, c, response, expected, every):
        body = response.json()
        read = self.label if callable(self.label) else (lambda row: row[self.label])
        assert {read(row) for row in results(response)} == expected
        assert body["count"] == len(expected)


@dataclass(frozen=True)
class PageList:
    """A list page: `label` reads the label of an object of page_obj.object_list (None: not read); the page is
    counted (paginator) and, unless `shown=False` (a list that does not print the labelled field), its HTML holds
    exactly the labels in scope."""

    url: str
    label: Callable | None = None
    params: dict = field(default_factory=dict)
    counted: bool = True
    shown: bool = True
    name: str = "page"

    via = PAGE

    def check(self, c, response, expected, every):
        page = response.context.get("page_obj")
        paginator = page.paginator if page is not None else response.context["paginator"]
        if self.counted:
            assert paginator.count == len(expected)
        if self.label is not None:
            objects = page.object_list if page is not None else response.context["object_list"]
            assert {self.label(obj) for obj in objects} == expected
        if self.shown:
            content = response.content.decode()
            assert {lab for lab in every if lab in content} == expected


@dataclass(frozen=True)
class Export:
    """The Excel export of a list page: `column` holds the label (exactly the rows in scope), or None: the labels
    are looked for in every cell."""

    url: str
    column: int | None = None
    params: dict = field(default_factory=lambda: {"export": "xlsx"})
    name: str = "export"

    via = PAGE

    def check(self, c, response, expected, every):
        from openpyxl import load_workbook

        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        if self.column is None:
            cells = {str(value) for row in rows for value in row if value is not None}
            assert every & cells == expected
        else:
            assert {row[self.column] for row in rows} == expected


def run_list(c, endpoint):
    spec = c.spec
    response = c.client.get(_resolve(endpoint.url if endpoint.via == PAGE else endpoint.path, c), endpoint.params)
    if not spec.reads(c.person):
        assert response.status_code == 403, _body(response)[:500]
        return
    assert response.status_code == 200, _body(response)[:500]
    every = {spec.label(o) for o in spec.owners}
    expected = {spec.label(o) for o in spec.owners if spec.sees(c.person, o)}
    endpoint.check(c, response, expected, every)


# --- details ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ApiDetail:
    """`path(record)`; `label`: the field equal to the label (None: the label is somewhere in the body)."""

    path: Callable
    label: str | None = "title"
    name: str = "api"
    also: Callable | None = None

    via = API

    def url(self, c):
        return self.path(c.record)

    def shows(self, c, response):
        if self.label is None:
            assert c.label in response.content.decode()
        else:
            assert response.json()[self.label] == c.label


@dataclass(frozen=True)
class PageDetail:
    """A detail page (URL name, reversed with the record's pk, or a function of the record); `also(c, response)`:
    what the page must offer this person (asserted when the record is in scope)."""

    url_name: str | Callable
    name: str = "page"
    also: Callable | None = None

    via = PAGE

    def url(self, c):
        if callable(self.url_name):
            return self.url_name(c.record)
        return reverse(self.url_name, args=[c.record.pk])

    def shows(self, c, response):
        assert c.label in response.content.decode()


def run_detail(c, endpoint):
    response = c.client.get(endpoint.url(c))
    if c.spec.sees(c.person, c.owner):
        assert response.status_code == 200, _body(response)[:500]
        endpoint.shows(c, response)
        if endpoint.also is not None:
            endpoint.also(c, response)
    else:
        assert response.status_code == 404, _body(response)[:500]
        assert c.label not in _body(response)


# --- creating ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CreatePage:
    """A create form: 200 when the person's role creates such records at all, else 403; the owner field offers
    exactly the owners `may(person, owner)` allows (`offered=None`: the form has no owner to check)."""

    url: str
    may_start: Callable
    may: Callable | None = None
    offered: Callable | None = lambda response: {
        o.code for o in response.context["form"].fields["owner_org"].queryset}
    name: str = "page"


def run_create_page(c, page):
    response = c.client.get(_resolve(page.url, c))
    if not page.may_start(c.person):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    if page.offered is not None and page.may is not None:
        offered = page.offered(response)
        assert {o for o in c.spec.owners if o in offered} == {o for o in c.spec.owners if page.may(c.person, o)}


@dataclass(frozen=True)
class Create:
    """A create request for a record of `c.owner`.

    `created(c)`: the records the request would make (exactly one on success, none otherwise); `done(c, response)`
    asserts on success (the made record is `c.result`); `error_fields`: on 400, the errors name one of them.
    The spec's records are not made; `make(c)`: a record of the owner the request needs (a service ...), as
    `c.record`. `form_page`: also GET the URL (200 when the person may create such records, else 403)."""

    name: str
    via: str
    url: str | Callable
    data: Callable
    created: Callable
    may_start: Callable
    may: Callable
    done: Callable | None = None
    error_fields: tuple | None = ("owner_org",)
    success: int | None = None
    owners: tuple | None = None
    make: Callable | None = None
    form_page: bool = False


def run_create(c, create):
    if create.make is not None:
        c.record = create.make(c)
    url = _resolve(create.url, c)
    if create.form_page:
        assert c.client.get(url).status_code == (200 if create.may_start(c.person) else 403)
    response = _call(c.client, create.via, "post", url, create.data(c))
    made = create.created(c)
    if not create.may_start(c.person):
        assert response.status_code == 403, _body(response)[:500]
    elif create.may(c.person, c.owner):
        assert response.status_code == (create.success or (201 if create.via == API else 302)), (
            _body(response)[:2000])
        c.result = made.get()
        if create.done is not None:
            create.done(c, response)
        return
    else:
        assert response.status_code == 400, _body(response)[:2000]
        if create.error_fields:
            errors = response.json() if create.via == API else response.context["form"].errors
            assert set(errors) & set(create.error_fields), errors
    assert not made.exists()


# --- changes and transitions --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Action:
    """A request on one record of `c.owner` (an edit, a transition, a note ...).

    Allowed when `may(person, owner)` and the person sees the record: the response is `success` (200 for the API
    and for a GET, 302 for a page POST), `happened(c)` holds and `done(c, response)` asserts the rest. Otherwise
    404 out of sight, `refused(sees)` when visible; `happened(c)` does not hold, `state(record)` is unchanged.
    `make(c)`: the record to act on (default: the spec's record of the owner). `form_page`: GET the URL first
    (200 when allowed, else the refusal). `before(c)`: asserts run before the request (what a page offers).
    """

    name: str
    via: str
    url: str | Callable
    may: Callable
    data: Callable | None = None
    method: str = "post"
    make: Callable | None = None
    happened: Callable | None = None
    state: Callable | None = None
    done: Callable | None = None
    success: int | None = None
    refused: Callable = FORBIDDEN
    form_page: bool = False
    before: Callable | None = None
    owners: tuple | None = None
    fixtures: tuple = ()

    def success_status(self):
        if self.success is not None:
            return self.success
        return 200 if self.via == API or self.method == "get" else 302


def run_action(c, action):
    for name in action.fixtures:
        c.fixture(name)
    if action.make is not None:
        c.record = action.make(c)
    sees = c.spec.sees(c.person, c.owner)
    allowed = sees and action.may(c.person, c.owner)
    # A refusal may depend on the person as well (`refused(sees, c)`), e.g. a guard that refuses with a message.
    refusal = action.refused(sees) if action.refused.__code__.co_argcount == 1 else action.refused(sees, c)
    url = _resolve(action.url, c, record=True)
    if action.before is not None:
        action.before(c)
    if action.form_page:
        assert c.client.get(url).status_code == (200 if allowed else refusal)
    before = action.state(_fresh(c.record)) if action.state else None
    response = _call(c.client, action.via, action.method, url, action.data(c) if action.data else None)
    _fresh(c.record)
    if allowed:
        assert response.status_code == action.success_status(), (response.status_code, _body(response)[:1500])
        if action.happened is not None:
            assert action.happened(c)
        if action.done is not None:
            action.done(c, response)
        return
    assert response.status_code == refusal, (response.status_code, _body(response)[:1500])
    if refusal == 404:
        assert c.label not in _body(response)
    if action.happened is not None:
        assert not action.happened(c)
    if action.state is not None:
        assert action.state(c.record) == before


# --- the spec ------------------------------------------------------------------------------------------------------

def _default_reads(spec):
    return lambda person: spec.people[person][0] in rolepolicy.READING_ROLES


def _default_sees(spec):
    return lambda person, owner: rolepolicy.sees(spec.people, person, owner)


@dataclass
class Spec:
    """One model's matrix. `make(c)` makes the record of `c.owner` (labelled `label(owner)`); `setup(c)` runs once
    per case before it (what every record needs: standards, templates ...), its result is `c.env`.

    `reads(person)`: the role reads such records at all (default: a reading role of rolepolicy);
    `sees(person, owner)`: in scope (default: rolepolicy.sees over `people`)."""

    name: str
    owners: tuple
    make: Callable
    people: dict = field(default_factory=lambda: dict(PEOPLE))
    label: Callable | None = None
    setup: Callable | None = None
    reads: Callable | None = None
    sees: Callable | None = None
    lists: tuple = ()
    details: tuple = ()
    create_pages: tuple = ()
    creates: tuple = ()
    changes: tuple = ()
    transitions: tuple = ()
    actions: tuple = ()

    def __post_init__(self):
        self.owners = tuple(self.owners)
        if self.label is None:
            self.label = lambda owner, _name=self.name: f"MTX-{_name}-{owner}"
        if self.reads is None:
            self.reads = _default_reads(self)
        if self.sees is None:
            self.sees = _default_sees(self)


# --- generating the tests --------------------------------------------------------------------------------------------

def _start(spec, request, person, owner=None, with_records=True):
    c = Ctx(spec=spec, request=request, person=person, owner=owner)
    if spec.setup is not None:
        c.env = spec.setup(c)
    if with_records:
        for code in spec.owners:
            c.owner = code
            c.records[code] = spec.make(c)
        c.record = c.records.get(owner)
    c.owner = owner
    role, code = spec.people[person]
    c.user = request.getfixturevalue("make_user")(person, role, code)
    return c


def _run_list(spec, request, endpoint, person, owner):
    c = _start(spec, request, person)
    c.client = c.fixture("api" if endpoint.via == API else "web")(c.user)
    run_list(c, endpoint)


def _run_detail(spec, request, endpoint, person, owner):
    c = _start(spec, request, person, owner)
    c.client = c.fixture("api" if endpoint.via == API else "web")(c.user)
    run_detail(c, endpoint)


def _run_create_page(spec, request, page, person, owner):
    c = _start(spec, request, person, with_records=False)
    c.client = c.fixture("web")(c.user)
    run_create_page(c, page)


def _run_create(spec, request, create, person, owner):
    c = _start(spec, request, person, owner, with_records=False)
    c.client = c.fixture("api" if create.via == API else "web")(c.user)
    run_create(c, create)


def _run_action(spec, request, action, person, owner):
    c = _start(spec, request, person, owner, with_records=action.make is None)
    c.client = c.fixture("api" if action.via == API else "web")(c.user)
    run_action(c, action)


def _by_person(items, spec):
    return [(item, p, None) for item in items for p in spec.people]


def _by_person_and_owner(items, spec):
    return [(item, p, o) for item in items for p in spec.people for o in (getattr(item, "owners", None) or spec.owners)]


# shape: (the spec's items of that shape, how they are crossed with people and owners, the runner)
SHAPES = {
    "list": (lambda s: s.lists, _by_person, _run_list),
    "detail": (lambda s: s.details, _by_person_and_owner, _run_detail),
    "create_page": (lambda s: s.create_pages, _by_person, _run_create_page),
    "create": (lambda s: s.creates, _by_person_and_owner, _run_create),
    "change": (lambda s: s.changes, _by_person_and_owner, _run_action),
    "transition": (lambda s: s.transitions, _by_person_and_owner, _run_action),
    "action": (lambda s: s.actions, _by_person_and_owner, _run_action),
}


def cases(spec, shape):
    items, cross, _run = SHAPES[shape]
    return cross(items(spec), spec)


def _generated(spec, shape):
    run = SHAPES[shape][2]
    params = [pytest.param(item, person, owner, id=_ids(item.name, person, owner))
              for item, person, owner in cases(spec, shape)]

    @pytest.mark.django_db
    @pytest.mark.parametrize(("item", "person", "owner"), params)
    def test(request, item, person, owner):
        run(spec, request, item, person, owner)

    return test


def failures(spec, request, shapes=tuple(SHAPES)):
    """Run the spec's cases in this test, each in a transaction rolled back after it; the ids of those that fail.
    (For tests of the matrices themselves: what a policy change does to them.)"""
    from django.db import transaction

    failed = []
    for shape in shapes:
        for item, person, owner in cases(spec, shape):
            try:
                with transaction.atomic():
                    try:
                        SHAPES[shape][2](spec, request, item, person, owner)
                    finally:
                        transaction.set_rollback(True)
            except AssertionError:
                failed.append(_ids(shape, item.name, person, owner))
    return failed


def _ids(*parts):
    return "-".join(str(p) for p in parts if p is not None)


def outcomes(spec):
    """Every expectation of the spec, as {(shape, name): set of outcomes over people × owners}."""
    people, found = list(spec.people), {}
    found["sees", ""] = {spec.sees(p, o) for p in people for o in spec.owners}
    if spec.lists:
        found["reads", ""] = {spec.reads(p) for p in people}
    for k in spec.creates:
        found["create", k.name] = {(k.may_start(p), k.may_start(p) and k.may(p, o))
                                   for p in people for o in (k.owners or spec.owners)}
    for page in spec.create_pages:
        found["create_page", page.name] = {page.may_start(p) for p in people}
    for a in (*spec.changes, *spec.transitions, *spec.actions):
        found[f"action {a.name}", ""] = {
            (spec.sees(p, o), spec.sees(p, o) and a.may(p, o)) for p in people for o in (a.owners or spec.owners)}
    return found


def _not_trivial_test(spec):
    def test():
        """A matrix whose expectations are all alike cannot tell a right policy from a wrong one."""
        trivial = sorted(key for key, seen in outcomes(spec).items() if len(seen) < 2)
        assert trivial == []

    return test


def tests(*specs):
    """The generated test functions of the specs, by name, for the module's namespace."""
    made = {}
    for spec in specs:
        generated = {shape: _generated(spec, shape) for shape in SHAPES if cases(spec, shape)}
        generated["expectations_are_not_trivial"] = _not_trivial_test(spec)
        for shape, test in generated.items():
            name = f"test_{spec.name}_{shape}"
            test.__name__ = test.__qualname__ = name
            assert name not in made, name
            made[name] = test
    return made
