"""Issue 10 in Chromium, with the second factor on as in production: sys_admin creates an account for 九江市;
sec_admin grants it the submitter role; the new user signs in with the initial password, is made to change it,
enrols an authenticator (the code computed from the secret the page shows, with django-otp's own TOTP function),
and finds 九江市's filings only; audit_admin finds every step in the security log. Screenshots in var/screenshots/."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from factories import PASSWORD, FilingFactory, org

from ganfutong_admin.accounts.models import User
from ganfutong_admin.audit.models import EventKind, SecurityEvent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Jiujiang#Filing2026"


def code_for(secret_bytes):
    return f"{totp(secret_bytes, step=30, t0=0, digits=6):06d}"


@pytest.fixture
def otp_on(settings):
    settings.OTP_REQUIRED = True


@pytest.fixture
def admins(make_user):
    """The three system roles, each with an enrolled authenticator (their own sign-ins pass it too)."""
    people = {}
    for role in ("sys_admin", "sec_admin", "audit_admin"):
        user = make_user(f"journey_{role}", role, "360000")
        people[role] = (user, TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True))
    return people


def sign_in_with_second_factor(page, login, user, device):
    login(page, user.username, PASSWORD)
    assert "/accounts/otp/verify/" in page.url
    page.fill("#id_code", code_for(device.bin_key))
    page.click("#otp-submit")
    page.wait_for_url(lambda url: "/accounts/otp/" not in url)


def test_an_account_from_creation_to_its_first_work_list(otp_on, admins, new_page, login, shot):
    jiujiang_filing = FilingFactory(owner_org=org("360400"), title="九江市政务服务例外申请", submitted=True)
    nanchang_filing = FilingFactory(owner_org=org("360100"), title="南昌市政务服务例外申请", submitted=True)

    # sys_admin creates the account; the initial password is shown once.
    sys_admin, device = admins["sys_admin"]
    page = new_page()
    sign_in_with_second_factor(page, login, sys_admin, device)
    page.goto("/accounts/admin/accounts/new/")
    page.select_option("#id_org_unit", value=str(org("360400").pk))
    page.fill("#id_username", "jiujiang_newcomer")
    page.fill("#id_full_name", "陈新")
    page.fill("#id_phone", "0792-8888888")
    page.click("#account-submit")
    page.wait_for_selector("#one-time-password")
    initial = page.inner_text("#one-time-password").strip()
    assert len(initial) >= 12
    shot(page, "issue10-1-account-created")
    newcomer = User.objects.get(username="jiujiang_newcomer")
    assert newcomer.org_unit.code == "360400" and newcomer.must_change_password
    assert not newcomer.check_password("") and newcomer.check_password(initial)

    # sys_admin may not grant the role: the role page is not his.
    response = page.goto(f"/accounts/admin/roles/{newcomer.pk}/")
    assert response.status == 403

    # sec_admin grants the submitter role.
    sec_admin, device = admins["sec_admin"]
    page = new_page()
    sign_in_with_second_factor(page, login, sec_admin, device)
    page.goto(f"/accounts/admin/roles/{newcomer.pk}/")
    page.check("#role-form input[name=roles][value=submitter]")
    page.click("#role-submit")
    page.wait_for_load_state()
    shot(page, "issue10-2-role-granted")
    assert set(newcomer.groups.values_list("name", flat=True)) == {"submitter"}

    # The new user: initial password, forced change, then the second factor from the user menu.
    page = new_page()
    login(page, "jiujiang_newcomer", initial)
    assert "/accounts/password/" in page.url
    page.goto("/filings/")
    assert "/accounts/password/" in page.url  # nothing else before the change
    shot(page, "issue10-3-forced-change")
    page.fill("#id_old_password", initial)
    page.fill("#id_new_password1", "short1A")
    page.fill("#id_new_password2", "short1A")
    with page.expect_navigation():
        page.click("#password-change-submit")
    shot(page, "issue10-3b-password-refused")
    assert "/accounts/password/" in page.url
    assert "请修正以下错误" in page.inner_text("main") and "密码至少需要 12 个字符" in page.inner_text("main")
    page.fill("#id_old_password", initial)
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.click("#password-change-submit")
    page.wait_for_url(lambda url: "/accounts/password/" not in url)
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password and newcomer.check_password(NEW_PASSWORD)

    page.click("#user-menu")
    page.click("#user-menu-second-factor")
    page.wait_for_selector("#otp-secret")
    assert page.locator("#otp-qr").count() == 1
    secret = b32decode(re.sub(r"\s", "", page.inner_text("#otp-secret")))
    shot(page, "issue10-4-enrol")
    page.fill("#id_code", code_for(secret))
    page.click("#otp-submit")
    page.wait_for_selector("#recovery-codes")
    assert len(re.findall(r"\b[0-9a-z]{4,}\b", page.inner_text("#recovery-codes"))) >= 10
    page.click("#otp-continue")

    page.goto("/filings/?view=all")
    listed = page.inner_text("main")
    assert jiujiang_filing.title in listed and nanchang_filing.title not in listed
    shot(page, "issue10-5-work-list")
    assert page.goto(f"/filings/{nanchang_filing.pk}/").status == 404

    # Signing in again now asks for the second factor as well.
    page = new_page()
    login(page, "jiujiang_newcomer", NEW_PASSWORD)
    assert "/accounts/otp/verify/" in page.url

    # audit_admin finds every step in the security log: what was done to the account, and what it did.
    for kind in (EventKind.ACCOUNT_CREATE, EventKind.ROLE_GRANT):
        assert SecurityEvent.objects.filter(kind=kind, target="jiujiang_newcomer").count() == 1, kind
    for kind in (EventKind.LOGIN, EventKind.PASSWORD_CHANGE, EventKind.OTP_ENROLLED):
        assert SecurityEvent.objects.filter(kind=kind, username="jiujiang_newcomer").exists(), kind
    audit_admin, device = admins["audit_admin"]
    page = new_page()
    sign_in_with_second_factor(page, login, audit_admin, device)
    page.goto("/security-log/?username=jiujiang_newcomer")
    shot(page, "issue10-6-security-log")
    own = page.inner_text("main")
    for label in ("登录", "密码已修改", "已绑定第二因子"):
        assert label in own, label
    for kind, label, actor in (("account_create", "账号已创建", sys_admin), ("role_grant", "已授予角色", sec_admin)):
        page.goto(f"/security-log/?kind={kind}")
        rows = page.inner_text("main")
        assert label in rows and "jiujiang_newcomer" in rows and actor.username in rows, kind
