"""The risk register (page, API), the heat map and the assessment list (page, API) run a fixed number of queries,
measured by tests/querycounts.py with 10 and 100 records in scope (over 南昌市 and its districts).

- risk API (10) and page (13): as every list of the chapter (session, user, permissions ×2, org unit, COUNT,
  rows with score and overdue computed in SQL, session save ×3; pages add the shell ×2 and the filter's org units).
- heat map (11): session, user, permissions ×2, org unit, the one grouped count of open risks, the shell ×2,
  session save ×3.
- assessment API (11): the list's 10 plus one prefetch of the findings with their rectifications; page (13).
- a scoped user: one more per scoped queryset (visible_to() asks whether the user is an auditor).
"""

import querycounts
from factories_security import assessment, risk
from querycounts import Pin, every_row, one_page

from ganfutong_admin.orgs.models import OrgUnit

PAGE_QUERIES = 13
API_QUERIES = 10
HEAT_MAP = 11
ASSESSMENT_API = 11
SCOPED_EXTRA = 1


def units(city="360100"):
    return list(OrgUnit.objects.filter(path__startswith=OrgUnit.objects.get(code=city).path).order_by("path"))


def populate(n, user):
    found = units()
    for i in range(n):
        risk(found[i % len(found)].code, likelihood=1 + i % 5, impact=1 + (i // 5) % 5, due_in_days=i % 7 - 3)


def populate_assessments(n, user):
    found = units()
    for i in range(n):
        assessment(found[i % len(found)].code, findings=("弱口令",), user=user)


PINS = [
    Pin("security:risk-list", "province_reviewer", PAGE_QUERIES, rows=one_page),
    Pin("security:risk-list", "province_reviewer", PAGE_QUERIES, {"overdue": "true", "sort": "-score"}),
    Pin("/api/v1/security/risks/", "province_reviewer", API_QUERIES, rows=every_row),
    Pin("security:risk-heat-map", "province_reviewer", HEAT_MAP),
    Pin("security:risk-list", "nanchang_submitter", PAGE_QUERIES + SCOPED_EXTRA, rows=one_page),
    Pin("/api/v1/security/risks/", "nanchang_submitter", API_QUERIES + SCOPED_EXTRA, rows=every_row),
    Pin("security:risk-heat-map", "nanchang_submitter", HEAT_MAP + SCOPED_EXTRA),
]
ASSESSMENT_PINS = [
    Pin("security:assessment-list", "province_reviewer", PAGE_QUERIES, rows=one_page),
    Pin("/api/v1/security/assessments/", "province_reviewer", ASSESSMENT_API, rows=every_row),
    Pin("security:assessment-list", "nanchang_submitter", PAGE_QUERIES + SCOPED_EXTRA, rows=one_page),
    Pin("/api/v1/security/assessments/", "nanchang_submitter", ASSESSMENT_API + SCOPED_EXTRA, rows=every_row),
]

test_query_counts = querycounts.test(PINS, populate)
test_assessment_query_counts = querycounts.test(ASSESSMENT_PINS, populate_assessments)
