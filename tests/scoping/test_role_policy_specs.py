"""The role policy names only permissions that exist: a typo in roles.py would otherwise silently
leave a role without a right it is meant to have (sync_roles skips what it cannot find)."""

from django.contrib.auth.models import Group, Permission

from ganfutong_admin.accounts.roles import all_role_permissions, matching_permissions


def test_every_entry_of_the_policy_matches_a_permission(db):
    dangling = sorted({spec for specs in all_role_permissions().values() for spec in specs
                       if not matching_permissions(Permission, spec)})
    assert dangling == []


def test_the_groups_carry_exactly_the_policy(db):
    for role, specs in all_role_permissions().items():
        wanted = {p.pk for spec in specs for p in matching_permissions(Permission, spec)}
        assert set(Group.objects.get(name=role).permissions.values_list("pk", flat=True)) == wanted, role
