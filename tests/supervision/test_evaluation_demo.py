"""The demo of the evaluation: the last quarter finalized for every org unit, compared with the quarter before,
the current quarter being scored; seeding twice changes nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from supervision.evaluation.models import EvaluationPeriod, ScoreSheet
from supervision.evaluation.scoring import evaluated_units


@pytest.mark.django_db
def test_demo_evaluations():
    call_command("seed_demo", verbosity=0)
    periods = list(EvaluationPeriod.objects.order_by("start"))
    assert [p.status for p in periods] == ["finalized", "finalized", "draft"]
    last = periods[1]
    today = timezone.localdate()
    assert last.end < today and periods[2].start <= today <= periods[2].end
    assert ScoreSheet.objects.filter(period=last).count() == len(evaluated_units())
    assert last.previous() == periods[0]
    totals = set(ScoreSheet.objects.filter(period=last).values_list("total", flat=True))
    assert len(totals) > 2  # the last quarter has figures of its own
    assert ScoreSheet.objects.filter(period=last).exclude(evidence=[]).exists()
    before = sorted(ScoreSheet.objects.values_list("period_id", "owner_org_id", "total", "rank_overall"))
    call_command("seed_demo", verbosity=0)
    assert EvaluationPeriod.objects.count() == 3
    assert sorted(ScoreSheet.objects.values_list("period_id", "owner_org_id", "total", "rank_overall")) == before


@pytest.mark.django_db
def test_demo_accountability_is_linked_to_a_red_card():
    from supervision.accountability.models import AccountabilityRecord

    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    record = AccountabilityRecord.objects.get()
    link = record.links.get()
    assert (record.owner_org.code, link.target.level) == ("360102", "red")
