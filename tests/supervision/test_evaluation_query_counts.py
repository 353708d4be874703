"""Computing a period is a bounded number of queries, independent of the number of org units (pinned).

With the default tree (EVALUATION.md): the dimensions and the indicators (2), the cities (1), one grouped query
per declared figure the tree uses (services 2, maintenance 4 — the reports-on-time figure runs 4: two counts of two
tables —, supervision 1 + 3 alert counts + 3 alert evidences, operations 2, security 5: staff trained 2 with the
policy minimum in force, risk treatments, drills and supplier personnel 1 each; operations' promotion 2: activities
and plans; its report and circular rectifications 1), the manual scores (1).
"""

import pytest
from factories_evaluation import alert, period, rectification, uptime, work_orders

from ganfutong_admin.orgs.models import OrgUnit
from supervision.evaluation.scoring import compute, evaluated_units

COMPUTE_QUERIES = 30


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50, None])
def test_computing_a_period_runs_a_fixed_number_of_queries(count, django_assert_num_queries):
    p = period(tree="default")
    units = evaluated_units()
    chosen = units if count is None else units[:count]
    for unit in chosen[:5]:
        work_orders(unit.code, on_time=1, late=1)
        uptime(unit.code, 100, 99)
        rectification(unit.code)
        alert(unit.code, "yellow")
    OrgUnit.objects.first()  # warm the content-type cache
    with django_assert_num_queries(COMPUTE_QUERIES):
        sheets = compute(p, chosen)
    assert len(sheets) == len(chosen)
    with django_assert_num_queries(COMPUTE_QUERIES + 1):  # + the evaluated org units
        assert len(compute(p)) == len(units) > 100
