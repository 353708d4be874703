"""A list's 单位（含下级） filter offers only the units whose records the user reaches (issue 15, point 2).

Before, every list offered all ~130 units to everyone: a 九江市 user could pick 南昌市's counties (and learn
the names of units it has nothing to do with)."""

import pytest
from django.urls import reverse

from ganfutong_admin.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db

LISTS = [
    "workflow:filing-list",
    "workflow:rectification-list",
    "channel_integration:legacyapp-list",
    "services:service-list",
    "maintenance:hotline-workorder-list",
    "maintenance:hotline-badreview-list",
    "maintenance:fault-list",
    "maintenance:advance-filing-list",
    "maintenance:anomaly-list",
]


def offered(response):
    field = response.context["filter"].form.fields["org"]
    return {unit.code for unit in field.queryset}


def subtree_codes(code):
    return set(OrgUnit.objects.subtree_of(OrgUnit.objects.get(code=code)).values_list("code", flat=True))


@pytest.mark.parametrize("url_name", LISTS)
def test_a_city_user_chooses_among_its_own_units(web, people, url_name):
    response = web(people["jiujiang_submitter"]).get(reverse(url_name))
    assert response.status_code == 200
    codes = offered(response)
    assert codes == subtree_codes("360400")  # 九江市 and its counties
    assert "360100" not in codes and "360102" not in codes  # not 南昌市, not 东湖区
    assert f'<option value="{OrgUnit.objects.get(code="360100").pk}"' not in response.content.decode()


@pytest.mark.parametrize("url_name", LISTS)
def test_the_province_and_the_auditor_choose_among_all(web, people, url_name):
    for person in ("province_reviewer", "auditor"):
        response = web(people[person]).get(reverse(url_name))
        assert offered(response) == set(OrgUnit.objects.values_list("code", flat=True)), person


def test_the_operator_gets_all_where_it_sees_all(web, people):
    # The operator sees every record of the catalog (docs/roles.md), so it may filter by any unit.
    response = web(people["operator_publisher"]).get(reverse("services:service-list"))
    assert offered(response) == set(OrgUnit.objects.values_list("code", flat=True))


def test_a_unit_outside_reach_is_not_a_choice_in_the_api(api, people):
    nanchang = OrgUnit.objects.get(code="360100")
    refused = api(people["jiujiang_submitter"]).get("/api/v1/filings/", {"org": nanchang.pk})
    assert refused.status_code == 400 and "org" in refused.json()
    own = OrgUnit.objects.get(code="360402")
    assert api(people["jiujiang_submitter"]).get("/api/v1/filings/", {"org": own.pk}).status_code == 200
