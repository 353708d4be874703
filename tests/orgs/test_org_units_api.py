"""GET /api/v1/org-units/: the real division tree seeded by the data migration, readable as reference data."""

import csv
from pathlib import Path

import pytest
from testsupport import results

import ganfutong_admin.orgs as orgs_pkg

CSV = Path(orgs_pkg.__file__).with_name("jiangxi_divisions.csv")


@pytest.fixture
def divisions():
    with CSV.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_lists_all_131_units_with_code_name_kind_parent(make_user, api, divisions):
    user = make_user("donghu_submitter", "submitter", "360102")
    response = api(user).get("/api/v1/org-units/", {"page_size": 200})
    assert response.status_code == 200
    body = response.json()
    # 1 province + 11 cities + 100 counties (GB/T 2260) + 18 provincial departments + the operator
    assert body["count"] == 131
    rows = {row["code"]: row for row in results(response)}
    assert len(rows) == 131
    assert set(rows["360000"]) >= {"code", "name", "kind", "parent"}

    assert rows["360000"] == {**rows["360000"], "name": "江西省政务服务管理办公室", "kind": "provincial_authority",
                              "parent": None}
    assert (rows["360100"]["name"], rows["360100"]["kind"], rows["360100"]["parent"]) == (
        "南昌市", "city_authority", "360000")
    assert (rows["360102"]["name"], rows["360102"]["kind"], rows["360102"]["parent"]) == (
        "东湖区", "county_authority", "360100")
    assert (rows["360402"]["name"], rows["360402"]["parent"]) == ("濂溪区", "360400")
    assert rows["D3601"]["kind"] == "provincial_department"
    assert (rows["OP3601"]["kind"], rows["OP3601"]["parent"]) == ("operator", "360000")

    # Every division of the CSV is there under its parent.
    kinds = {"province": "provincial_authority", "city": "city_authority", "county": "county_authority"}
    for division in divisions:
        row = rows[division["code"]]
        assert row["kind"] == kinds[division["level"]], division
        assert row["parent"] == (division["parent_code"] or None), division
    counts = {k: sum(1 for r in rows.values() if r["kind"] == k) for k in kinds.values()}
    assert counts == {"provincial_authority": 1, "city_authority": 11, "county_authority": 100}


def test_filter_by_parent(make_user, api):
    user = make_user("nanchang_submitter", "submitter", "360100")
    response = api(user).get("/api/v1/org-units/", {"parent": "360100", "page_size": 200})
    assert response.status_code == 200
    codes = {row["code"] for row in results(response)}
    assert "360102" in codes and "360402" not in codes
    assert all(code.startswith("3601") for code in codes)


def test_anonymous_is_refused(api, db):
    assert api(None).get("/api/v1/org-units/").status_code in (401, 403)
