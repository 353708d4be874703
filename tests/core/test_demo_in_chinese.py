"""The demo a new user sees after `make run` speaks Chinese and does not contradict itself (issue 15,
point 10): history reasons, the calendar's source column, work-order timelines."""

import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from ganfutong_admin.accounts.models import User
from maintenance.hotline.models import WorkOrder

pytestmark = pytest.mark.django_db
LATIN_WORD = re.compile(r"[a-z]{3,}")  # an English word; acronyms such as CDN are Chinese usage


@pytest.fixture
def demo():
    call_command("seed_demo", verbosity=0)


def test_no_history_reason_is_english(demo):
    reasons = set()
    for model in apps.get_models():
        if model.__name__.startswith("Historical") and hasattr(model, "history_change_reason"):
            reasons |= set(model.objects.exclude(history_change_reason=None).values_list(
                "history_change_reason", flat=True))
    english = sorted(r for r in reasons if LATIN_WORD.search(r))
    assert english == []
    assert "演示数据" in reasons


def test_the_calendar_names_its_source_in_chinese(demo, web):
    page = web(User.objects.get(username="sys_admin")).get(reverse("workflow:calendar")).content.decode()
    assert "chinese-calendar" not in page
    assert "国务院法定节假日安排" in page


def test_work_order_timelines_start_when_the_order_was_received(demo):
    for order in WorkOrder.objects.prefetch_related("events"):
        times = [event.created_at for event in order.events.all()]
        received = next(e for e in order.events.all() if e.action == "receive")
        assert received.created_at == order.received_at, order.hotline_id
        assert times == sorted(times), order.hotline_id
