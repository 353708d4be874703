"""The demo shows the feature alive: every parameter has its initial version, one change is scheduled with its
reason, and seeding twice changes nothing."""

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from ganfutong_admin.audit.models import EventKind, SecurityEvent
from ganfutong_admin.core import chapters
from ganfutong_admin.policy import demo
from ganfutong_admin.policy.models import ParameterVersion


@pytest.fixture
def seeded(db):
    call_command("seed_demo", verbosity=0)


def snapshot():
    return (list(ParameterVersion.objects.order_by("pk").values_list("name", "value", "effective_from", "reason")),
            SecurityEvent.objects.filter(kind=EventKind.POLICY_CHANGE).count())


def test_every_parameter_shows_its_initial_version_and_one_change_is_scheduled(seeded, web):
    today = timezone.localdate()
    for spec in chapters.policy_parameters():
        initial = ParameterVersion.objects.get(name=spec.name, effective_from=demo.INITIAL_FROM)
        assert (initial.value, initial.article, initial.reason) == (spec.default, spec.article, demo.INITIAL_REASON)
    scheduled = ParameterVersion.objects.filter(effective_from__gt=today)
    assert scheduled.count() == 1
    change = scheduled.get()
    name, value, reason = demo.SCHEDULED
    assert (change.name, change.value, change.reason, change.set_by.username) == (name, value, reason,
                                                                                  "province_reviewer")
    assert SecurityEvent.objects.filter(kind=EventKind.POLICY_CHANGE, target=name).count() == 1
    # What a new user sees on the page.
    from django.contrib.auth import get_user_model

    supervisor = get_user_model().objects.get(username="province_supervisor")
    html = web(supervisor).get("/policy-parameters/").content.decode()
    assert f'data-scheduled-version="{change.effective_from.isoformat()}"' in html
    assert html.count('data-default="true"') == 0  # every parameter has a version in force


def test_seeding_twice_changes_nothing(seeded):
    before = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == before


@pytest.mark.parametrize(("today", "expected"), [
    ("2026-12-02", "2027-01-01"), ("2026-12-20", "2027-02-01"), ("2026-11-10", "2026-12-01"),
    ("2027-01-31", "2027-03-01"),
])
def test_the_scheduled_date_is_the_first_of_a_month_at_least_two_weeks_ahead(today, expected):
    assert demo.scheduled_date(date.fromisoformat(today)).isoformat() == expected
