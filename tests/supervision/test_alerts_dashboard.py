"""The alerts by city (第二十四条): each city with its counties, the provincial level apart; counts by level; the
page and the API agree; a city sees only its own row."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from factories_supervision import ago, rectification, run

from supervision.alerts.models import Alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerts():
    rectification("360100", due=ago(hours=2))  # 南昌市: reminder
    rectification("360102", due=ago(days=4))  # 东湖区 (南昌市): yellow
    rectification("360402", due=ago(days=11))  # 濂溪区 (九江市): red
    rectification("D3601", due=ago(days=1))  # 省公安厅: provincial level
    done = rectification("360400", due=ago(days=1))  # 九江市: raised, then resolved
    run("supervision.rectification_overdue")
    done.status = "accepted"
    done.save()
    run("supervision.rectification_overdue", now=timezone.now() + timedelta(minutes=1))
    assert Alert.objects.count() == 5


def test_the_provincial_supervisor_sees_every_city(alerts, make_user, web, api):
    user = make_user("sup", "supervisor", "360000")
    page = web(user).get(reverse("supervision:alert-dashboard"))
    rows = {r["key"]: r for r in page.context["rows"]}
    assert list(rows) == ["360100", "360400", "provincial"]
    assert (rows["360100"]["name"], rows["360100"]["reminder"], rows["360100"]["yellow"], rows["360100"]["red"]) == (
        "南昌市", 1, 1, 0)
    assert (rows["360400"]["red"], rows["360400"]["active"], rows["360400"]["resolved"]) == (1, 1, 1)
    assert (rows["provincial"]["name"], rows["provincial"]["active"]) == ("省本级", 1)
    assert page.context["totals"] == {"reminder": 2, "yellow": 1, "red": 1, "resolved": 1, "active": 4}
    assert "南昌市" in page.content.decode()
    body = api(user).get("/api/v1/supervision/alerts/by-city/").json()
    assert [(r["key"], r["active"]) for r in body["rows"]] == [("360100", 2), ("360400", 1), ("provincial", 1)]
    assert body["totals"]["active"] == 4


def test_a_city_sees_its_own_row_only(alerts, make_user, web):
    page = web(make_user("nc", "submitter", "360100")).get(reverse("supervision:alert-dashboard"))
    assert [r["key"] for r in page.context["rows"]] == ["360100"]
    assert "九江市" not in page.content.decode()


def test_the_system_roles_are_refused(alerts, make_user, web, api):
    user = make_user("sa", "sys_admin", "360000")
    assert web(user).get(reverse("supervision:alert-dashboard")).status_code == 403
    assert api(user).get("/api/v1/supervision/alerts/by-city/").status_code == 403


def test_the_menu_offers_the_chapter(alerts, make_user, web):
    page = web(make_user("aud", "auditor", "360000")).get(reverse("supervision:alert-list"))
    html = page.content.decode()
    assert "监督考核" in html and reverse("supervision:alert-dashboard") in html
    assert 'id="run-rules"' not in html
    sup = web(make_user("sup2", "supervisor", "360000")).get(reverse("supervision:alert-list"))
    assert 'id="run-rules"' in sup.content.decode()
