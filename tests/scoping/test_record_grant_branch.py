"""Scoping adds the per-record grant branch (`OR pk IN (guardian grants)`) only for a user who holds a grant: for
everyone else the filter is `owner IN (subtree)`, which the owner index serves (issue 9). The flag on the user
row follows guardian's table as grants come and go."""

import pytest
from factories import LegacyAppFactory, org
from guardian.shortcuts import assign_perm, remove_perm

from ganfutong_admin.accounts.models import User
from ganfutong_admin.channel_integration.models import LegacyApp

pytestmark = pytest.mark.django_db
PERMISSION = "channel_integration.view_legacyapp"


def visible_sql(user):
    return str(LegacyApp.objects.visible_to(user).query)


def test_without_a_grant_the_filter_has_no_grant_branch(make_user):
    user = make_user("donghu", "submitter", "360102")
    assert user.has_record_grants is False
    assert "guardian" not in visible_sql(user)
    assert "owner_org_id" in visible_sql(user)


def test_a_grant_adds_the_branch_and_its_record_and_removing_it_takes_both_away(make_user):
    user = make_user("donghu", "submitter", "360102")
    other = make_user("bystander", "submitter", "360102")
    own = LegacyAppFactory(owner_org=org("360102"))
    outside = LegacyAppFactory(owner_org=org("360400"))

    assign_perm(PERMISSION, user, outside)
    assert user.has_record_grants is True  # the object the caller holds
    fresh = User.objects.get(pk=user.pk)
    assert fresh.has_record_grants is True  # and the row
    assert "guardian" in visible_sql(fresh)
    assert set(LegacyApp.objects.visible_to(fresh)) == {own, outside}
    assert User.objects.get(pk=other.pk).has_record_grants is False

    remove_perm(PERMISSION, user, outside)
    fresh = User.objects.get(pk=user.pk)
    # (the caller's own object may still say True: that only keeps the branch, never hides a record)
    assert fresh.has_record_grants is False
    assert set(LegacyApp.objects.visible_to(fresh)) == {own}


def test_the_flag_stays_while_another_grant_remains(make_user):
    user = make_user("donghu", "submitter", "360102")
    first, second = LegacyAppFactory(owner_org=org("360400")), LegacyAppFactory(owner_org=org("360500"))
    assign_perm(PERMISSION, user, first)
    assign_perm(PERMISSION, user, second)
    remove_perm(PERMISSION, user, first)
    fresh = User.objects.get(pk=user.pk)
    assert fresh.has_record_grants is True
    assert list(LegacyApp.objects.visible_to(fresh)) == [second]
