"""Query-count pins as tables (DESIGN §7: a list runs a fixed number of queries whatever the page size).

Each app declares its pins as a list of `Pin` (the list: an API path or a page's URL name; who asks: a person of
testsupport.PEOPLE; the pinned number of queries; query string; extra setup) and gets one parametrized test
(API lists are asked for page_size=200, so that all 100 rows are serialized in one response):

    test_query_counts = querycounts.test(PINS, populate)

Every pin is measured twice, with `populate(n, user)` making n = 10 and n = 100 records, and must run exactly the
pinned number of queries both times. One warm-up request runs first (process-wide caches such as ContentType).
What a pin may also check of the measured response: `rows(n)` rows shown (API results or the page's
object_list), `count(n)` the list's count (API count or the paginator's), `check(response, n)` anything else.

The shared part of every number: session, user, user permissions, group permissions, the user's org unit, and
the session save (SESSION_SAVE_EVERY_REQUEST: savepoint, UPDATE, release); pages add the shell (unread
notifications, role names). A scoped user (not the provincial authority) costs one more query per scoped
queryset, whatever the rows: visible_to() asks whether the user is an auditor.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from testsupport import PEOPLE

API_PAGE_SIZE = {"page_size": 200}
PAGE_ROWS = 25


def every_row(n):
    return n


def one_page(n, size=PAGE_ROWS):
    return min(n, size)


def in_scope(owners, seen):
    """Rows spread over `owners` in turn (row i owned by owners[i % len]): how many the `seen` ones own."""
    return lambda n: sum(1 for i in range(n) if owners[i % len(owners)] in seen)


@dataclass(frozen=True)
class Pin:
    url: str  # an API path ("/api/...") or a page's URL name
    who: str  # a person of PEOPLE
    queries: int
    params: dict = field(default_factory=dict)
    rows: Callable | None = None
    count: Callable | None = None
    check: Callable | None = None
    setup: Callable | None = None  # setup(n, user) after populate, for this pin only

    @property
    def is_api(self):
        return self.url.startswith("/api/")

    @property
    def query(self):
        return {**API_PAGE_SIZE, **self.params} if self.is_api else self.params

    @property
    def id(self):
        query = "&".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.who}-{self.url}" + (f"?{query}" if query else "")


def measure(pin, populate, n, make_user, web, api, django_assert_num_queries):
    role, code = PEOPLE[pin.who]
    user = make_user(pin.who, role, code)
    populate(n, user)
    if pin.setup is not None:
        pin.setup(n, user)
    client = api(user) if pin.is_api else web(user)
    url = pin.url if pin.url.startswith("/") else reverse(pin.url)
    assert client.get(url, pin.query).status_code == 200  # warm-up
    with django_assert_num_queries(pin.queries):
        response = client.get(url, pin.query)
    assert response.status_code == 200
    if pin.rows is not None:
        shown = len(response.json()["results"]) if pin.is_api else len(response.context["object_list"])
        assert shown == pin.rows(n)
    if pin.count is not None:
        total = response.json()["count"] if pin.is_api else response.context["paginator"].count
        assert total == pin.count(n)
    if pin.check is not None:
        pin.check(response, n)


def test(pins, populate, sizes=(10, 100)):
    """The parametrized test of an app's pins: every pin at every size."""
    ids = [pin.id for pin in pins]
    assert len(set(ids)) == len(ids), "two pins measure the same list for the same person"

    @pytest.mark.django_db
    @pytest.mark.parametrize("n", sizes)
    @pytest.mark.parametrize("pin", pins, ids=ids)
    def test_query_counts(make_user, web, api, django_assert_num_queries, pin, n):
        measure(pin, populate, n, make_user, web, api, django_assert_num_queries)

    return test_query_counts
