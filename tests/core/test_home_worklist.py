"""The home work list: what waits for me, what is overdue, what falls due this week; nothing out of scope."""

from datetime import timedelta

import pytest
from django.utils import timezone
from factories import FilingFactory, LegacyAppFactory, RectificationFactory, org

from ganfutong_admin.core import worklist


def section(html, card_id, next_card_id):
    """The HTML of one card of the page (between its id and the next card's)."""
    start = html.index(f'id="{card_id}"')
    return html[start:html.index(f'id="{next_card_id}"', start)]


@pytest.fixture
def scene(make_user):
    now = timezone.now()
    users = {
        "reviewer": make_user("province_reviewer", "reviewer", "360000"),
        "donghu": make_user("donghu_submitter", "submitter", "360102"),
        "jiujiang": make_user("jiujiang_submitter", "submitter", "360400"),
    }
    records = {
        "submitted": FilingFactory(owner_org=org("360102"), submitted=True, title="WL-东湖-待审核"),
        "returned": FilingFactory(owner_org=org("360102"), title="WL-东湖-被退回", status="returned",
                                  due_at=None),
        "overdue": FilingFactory(owner_org=org("360102"), overdue=True, title="WL-东湖-已逾期"),
        "approved": FilingFactory(owner_org=org("360102"), title="WL-东湖-已批准", status="approved",
                                  due_at=now - timedelta(days=3)),
        "jj_submitted": FilingFactory(owner_org=org("360400"), submitted=True, title="WL-九江-待审核"),
        "jj_returned": FilingFactory(owner_org=org("360400"), title="WL-九江-被退回", status="returned"),
        "jj_overdue": FilingFactory(owner_org=org("360400"), overdue=True, title="WL-九江-已逾期"),
        "rect_open": RectificationFactory(owner_org=org("360102"), title="WL-东湖-整改",
                                          due_at=now + timedelta(days=3)),
        "rect_overdue": RectificationFactory(owner_org=org("360102"), title="WL-东湖-整改逾期",
                                             due_at=now - timedelta(days=1)),
        "jj_rect": RectificationFactory(owner_org=org("360400"), title="WL-九江-整改",
                                        due_at=now - timedelta(days=1)),
        "jj_app": LegacyAppFactory(owner_org=org("360400"), name="WL-九江-旧应用",
                                   target_date=timezone.localdate() - timedelta(days=10)),
    }
    return users, records


def titles(rows):
    return {getattr(r, "title", None) or r.name for r in rows}


def test_reviewer_sees_submitted_filings_waiting(scene, web):
    users, _ = scene
    response = web(users["reviewer"]).get("/")
    assert response.status_code == 200
    ctx = response.context
    assert titles(ctx["waiting_filings"]) == {"WL-东湖-待审核", "WL-东湖-已逾期", "WL-九江-待审核", "WL-九江-已逾期"}
    assert ctx["waiting_filings_count"] == 4
    html = response.content.decode()
    waiting = section(html, "card-waiting-filings", "card-waiting-rects")
    assert "WL-东湖-待审核" in waiting and "WL-九江-待审核" in waiting
    assert "WL-东湖-被退回" not in waiting  # the owner's turn, not the reviewer's
    overdue = section(html, "card-overdue-filings", "card-overdue-rects")
    assert "WL-东湖-已逾期" in overdue and "WL-九江-已逾期" in overdue
    assert "WL-东湖-待审核" not in overdue and "WL-东湖-已批准" not in overdue
    assert ctx["overdue_filings_count"] == 2
    assert ctx["overdue_legacy_apps"] == 1


def test_county_submitter_sees_its_returned_filing_and_nothing_out_of_scope(scene, web):
    users, _ = scene
    response = web(users["donghu"]).get("/")
    assert response.status_code == 200
    ctx = response.context
    html = response.content.decode()
    waiting = section(html, "card-waiting-filings", "card-waiting-rects")
    assert "WL-东湖-被退回" in waiting
    assert "WL-东湖-被退回" in titles(ctx["waiting_filings"])
    assert "WL-东湖-待审核" not in titles(ctx["waiting_filings"])  # waiting for the province, not for me
    overdue = section(html, "card-overdue-filings", "card-overdue-rects")
    assert "WL-东湖-已逾期" in overdue
    assert titles(ctx["overdue_filings"]) == {"WL-东湖-已逾期"}
    assert titles(ctx["waiting_rects"]) == {"WL-东湖-整改", "WL-东湖-整改逾期"}
    assert titles(ctx["overdue_rects"]) == {"WL-东湖-整改逾期"}
    assert titles(ctx["due_week_rects"]) == {"WL-东湖-整改"}
    due_week = html[html.index('id="card-due-week-rects"'):]
    assert "WL-东湖-整改" in due_week and "WL-东湖-整改逾期" not in due_week
    # Nothing of 九江市, anywhere on the page or in any figure.
    assert "九江" not in html
    assert ctx["overdue_filings_count"] == 1 and ctx["overdue_legacy_apps"] == 0


def test_city_submitter_of_another_city(scene, web):
    users, _ = scene
    response = web(users["jiujiang"]).get("/")
    html = response.content.decode()
    assert "WL-九江-被退回" in section(html, "card-waiting-filings", "card-waiting-rects")
    assert "WL-九江-已逾期" in section(html, "card-overdue-filings", "card-overdue-rects")
    assert "东湖" not in html
    assert response.context["overdue_legacy_apps"] == 1


def test_system_roles_see_an_empty_work_list(scene, make_user, web):
    admin = make_user("sys_admin", "sys_admin", "360000")
    response = web(admin).get("/")
    assert response.status_code == 200
    ctx = response.context
    assert ctx["waiting_filings_count"] == ctx["overdue_filings_count"] == ctx["overdue_rects_count"] == 0
    assert "WL-" not in response.content.decode()


def test_worklist_build_is_scoped(scene):
    users, _ = scene
    data = worklist.build(users["donghu"])
    assert titles(data["due_week_rects"]) == {"WL-东湖-整改"}
    assert titles(data["due_week_filings"]) == {"WL-东湖-待审核"}
    assert data["waiting_filings_count"] == 1  # the returned one (draft / returned / oral report)


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
