"""The demo of electronic supervision: alerts of every level after seed_demo, and seeding twice changes nothing."""

import pytest
from django.core.management import call_command

from supervision.alerts.models import Alert


@pytest.mark.django_db
def test_demo_has_every_level_and_is_idempotent():
    call_command("seed_demo", verbosity=0)
    levels = set(Alert.objects.values_list("level", flat=True))
    assert levels == {"reminder", "yellow", "red"}
    assert Alert.objects.filter(status="acknowledged", acknowledged_by__username="donghu_submitter").exists()
    rules = set(Alert.objects.values_list("rule", flat=True))
    assert "supervision.rectification_overdue" in rules
    before = sorted(Alert.objects.values_list("rule", "source_id", "level", "status", "version"))
    call_command("seed_demo", verbosity=0)
    assert sorted(Alert.objects.values_list("rule", "source_id", "level", "status", "version")) == before
