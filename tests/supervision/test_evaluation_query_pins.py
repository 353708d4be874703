"""The evaluation lists (pages and API) run a fixed number of queries whatever the number of periods or sheets.
Measured with 10 and 100 rows: periods (the period list) and score sheets of one finalized period (the ranking
page and the scores API).

- period list (12): the shared part, the shell, COUNT and the rows;
- ranking page of a finalized period (17): the period, its previous period, the sheets with their org units, the
  previous period's sheets of those org units, the tree (dimensions with indicators, the adjustments), the
  timeline, the transitions offered;
- API lists (10): COUNT and the rows;
- a scoped user: one more per scoped queryset.
"""

from datetime import date, timedelta

import querycounts
from factories import org
from querycounts import Pin, every_row, one_page

from ganfutong_admin.orgs.models import OrgUnit
from supervision.evaluation.models import EvaluationPeriod, ScoreSheet

SUPERVISOR, COUNTY = "province_supervisor", "donghu_submitter"


def populate(n, user):
    authority = org("360000")
    periods = [EvaluationPeriod(name=f"考核{i}", kind="quarter", start=date(2000, 1, 1) + timedelta(days=100 * i),
                                end=date(2000, 3, 1) + timedelta(days=100 * i), owner_org=authority,
                                status="finalized") for i in range(n)]
    EvaluationPeriod.objects.bulk_create(periods)
    final = EvaluationPeriod.objects.order_by("-start").first()
    units = list(OrgUnit.objects.filter(kind__in=("county_authority", "city_authority")).order_by("path")[:n])
    if org("360102") not in units:
        units[-1] = org("360102")
    ScoreSheet.objects.bulk_create([
        ScoreSheet(period=final, owner_org=u, total=90 - i / 10, org_kind=u.kind, rank_overall=i + 1,
                   rank_in_kind=i + 1, dimension_scores=[], items=[], evidence=[]) for i, u in enumerate(units)])


def latest():
    return EvaluationPeriod.objects.order_by("-start").first()


PINS = [
    Pin("supervision:evaluation-list", SUPERVISOR, 12, rows=one_page),
    Pin("/api/v1/supervision/evaluation-periods/", SUPERVISOR, 10, rows=every_row),
    Pin("/api/v1/supervision/scores/", SUPERVISOR, 10, rows=every_row),
    Pin("supervision:evaluation-list", COUNTY, 13, rows=one_page),
    Pin("/api/v1/supervision/scores/", COUNTY, 11, rows=lambda n: 1),
]

test_query_counts = querycounts.test(PINS, populate)


def test_ranking_page_is_bounded(make_user, web, django_assert_num_queries):
    from django.urls import reverse

    user = make_user(SUPERVISOR, "supervisor", "360000")
    for n in (10, 100):
        ScoreSheet.objects.all().delete()
        EvaluationPeriod.objects.all().delete()
        populate(n, user)
        client = web(user)
        url = reverse("supervision:evaluation-detail", args=[latest().pk])
        client.get(url)
        with django_assert_num_queries(RANKING_QUERIES):
            response = client.get(url)
        assert len(response.context["rows"]) == n


RANKING_QUERIES = 17
