"""Promotion's demo data (第十三条): plans and ~30 activities over several cities and months, something on every
promotion page, and seeding twice changes nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from operations.promotion.models import PromotionActivity, PromotionPlan

pytestmark = pytest.mark.django_db


def snapshot():
    return (sorted(PromotionPlan.objects.values_list("owner_org__code", "year", "activity_target", "version")),
            sorted(PromotionActivity.objects.values_list("owner_org__code", "title", "held_on", "views", "version")))


def test_promotion_demo_is_idempotent_and_fills_the_pages(client):
    call_command("seed_demo", verbosity=0)
    first = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == first
    assert len(first[0]) >= 4 and len(first[1]) >= 30
    from ganfutong_admin.accounts.models import User

    client.force_login(User.objects.get(username="province_supervisor"))
    for name in ("operations:promotion-list", "operations:promotion-plan-list"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and response.context["object_list"], name
    activity = PromotionActivity.objects.first()
    assert client.get(activity.get_absolute_url()).status_code == 200
    from collections import Counter

    year = Counter(a.held_on.year for a in PromotionActivity.objects.all()).most_common(1)[0][0]
    summary = client.get(reverse("operations:promotion-summary"), {"year": year}).context
    assert len(summary["cities"]) >= 4
    assert sum(1 for m in summary["months"] if m["activities"]) >= 6
