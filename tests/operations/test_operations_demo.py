"""The chapter's demo data: something on every page, and seeding twice changes nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from operations.responsible.models import ResponsiblePerson

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(ResponsiblePerson.objects.values_list("owner_org__code", "duty", "name", "version"))


def test_demo_is_idempotent_and_fills_the_pages(client):
    call_command("seed_demo", verbosity=0)
    first = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == first and len(first) >= 20
    from ganfutong_admin.accounts.models import User

    client.force_login(User.objects.get(username="province_supervisor"))
    for name in ("operations:responsible-list", "operations:responsible-coverage"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and response.context["object_list"], name
    gaps = {u.code: u.missing for u in client.get(reverse("operations:responsible-coverage"), {
        "show": "all", "parent": ResponsiblePerson.objects.filter(owner_org__code="360100").first().owner_org_id,
    }).context["object_list"]}
    assert gaps["360100"] == 0 and gaps["360102"] == 2  # expired hotline, no data-security officer
