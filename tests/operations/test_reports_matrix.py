"""The role × scope matrix of operations reports (第十四条): a draft is read by the provincial authority, the operator
that drafts it and auditors; a published report by every reading role; lists, export, API and detail pages agree.
The "owners" of this matrix are the two states, since every report belongs to the operator."""

import matrix
import rolepolicy
from matrix import ApiDetail, ApiList, Export, PageDetail, PageList, Spec
from reports_fixture import make_report
from testsupport import PEOPLE

STATES = ("draft", "published")
ALL_SEEING = {"province_reviewer", "province_supervisor", "operator_publisher", "auditor"}


def _make(c):
    quarter = 1 + STATES.index(c.owner)
    return make_report(quarter=quarter, title=c.label, number=f"MTX-{c.owner}", status=c.owner)


def _sees(person, state):
    role = PEOPLE[person][0]
    if role not in rolepolicy.READING_ROLES:
        return False
    return state == "published" or person in ALL_SEEING


SPEC = Spec(
    "operationsreport", STATES, make=_make, sees=_sees,
    label=lambda state: f"MTX-operationsreport-{state}",
    lists=(ApiList("/api/v1/operations/reports/", "title"),
           PageList("operations:report-list", lambda report: report.title),
           Export("operations:report-list", column=1)),
    details=(ApiDetail(lambda report: f"/api/v1/operations/reports/{report.pk}/", "title"),
             PageDetail("operations:report-detail"), PageDetail("operations:report-print", name="print")),
)

globals().update(matrix.tests(SPEC))
