"""第五条 register: a record cannot be created in, or moved into, someone else's jurisdiction."""

from factories import LegacyAppFactory, org

from ganfutong_admin.channel_integration.models import LegacyApp


def payload(owner_code, name="移动办事小程序"):
    return {"owner_org": owner_code, "name": name, "app_type": "mini_program", "migration_plan": "并入赣服通",
            "target_date": "2026-12-31"}


def test_county_submitter_cannot_create_in_another_county(make_user, api):
    donghu = make_user("donghu_submitter", "submitter", "360102")
    response = api(donghu).post("/api/v1/legacy-apps/", payload("360103"), format="json")  # 西湖区, same city
    assert response.status_code == 400
    assert response.json()["owner_org"]
    assert not LegacyApp.objects.exists()


def test_county_submitter_cannot_move_a_record_into_another_county(make_user, api):
    donghu = make_user("donghu_submitter", "submitter", "360102")
    app = LegacyAppFactory(owner_org=org("360102"), name="东湖区旧应用")
    for target in ("360103", "360402", "360100"):
        response = api(donghu).patch(f"/api/v1/legacy-apps/{app.pk}/", {"owner_org": target, "vendor": "x"},
                                     format="json")
        assert response.status_code == 400, target
        assert response.json()["owner_org"]
        app.refresh_from_db()
        assert app.owner_org.code == "360102" and app.vendor != "x"
    # Same with a full update (PUT).
    response = api(donghu).put(f"/api/v1/legacy-apps/{app.pk}/", payload("360103", name=app.name), format="json")
    assert response.status_code == 400
    app.refresh_from_db()
    assert app.owner_org.code == "360102"


def test_city_submitter_can_create_for_its_county_and_move_between_its_counties(make_user, api):
    nanchang = make_user("nanchang_submitter", "submitter", "360100")
    response = api(nanchang).post("/api/v1/legacy-apps/", payload("360102"), format="json")
    assert response.status_code == 201, response.content
    app = LegacyApp.objects.get(pk=response.json()["id"])
    assert (app.owner_org.code, app.created_by) == ("360102", nanchang)
    assert response.json()["owner_org"] == "360102"

    response = api(nanchang).patch(f"/api/v1/legacy-apps/{app.pk}/", {"owner_org": "360103"}, format="json")
    assert response.status_code == 200
    app.refresh_from_db()
    assert app.owner_org.code == "360103"

    response = api(nanchang).patch(f"/api/v1/legacy-apps/{app.pk}/", {"owner_org": "360402"}, format="json")
    assert response.status_code == 400
    app.refresh_from_db()
    assert app.owner_org.code == "360103"


def test_unknown_owner_code_is_a_400(make_user, api):
    nanchang = make_user("nanchang_submitter", "submitter", "360100")
    response = api(nanchang).post("/api/v1/legacy-apps/", payload("999999"), format="json")
    assert response.status_code == 400
    assert "owner_org" in response.json()
    assert not LegacyApp.objects.exists()


def test_html_form_refuses_another_county(make_user, web):
    donghu = make_user("donghu_submitter", "submitter", "360102")
    data = {**payload(str(org("360103").pk)), "status": "planned"}
    response = web(donghu).post("/legacy-apps/new/", data)
    assert response.status_code == 400
    assert "owner_org" in response.context["form"].errors
    assert not LegacyApp.objects.exists()
