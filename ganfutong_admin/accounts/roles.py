"""The role policy of ROLES.md, in one place: each role and the permissions it carries.

Roles are Django groups (created by a data migration). Permissions are attached after every migrate,
so a permission added by a later chapter reaches its roles without a hand-written migration.
Entries are `app_label.codename`; `app_label.view_*` means every view permission of that app.
"""

from fnmatch import fnmatch

from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_lazy as _

# Kernel apps whose records are domain data (auditors and supervisors read them all); chapters add theirs
# through the chapter contract (ChapterConfig.domain_data).
KERNEL_DOMAIN_APPS = ["orgs", "workflow", "channel_integration", "announcements"]

_SUBMITTER = [
    "orgs.view_orgunit",
    "workflow.view_filing", "workflow.add_filing", "workflow.change_filing", "workflow.submit_filing",
    "workflow.view_rectification", "workflow.answer_rectification",
    "channel_integration.view_legacyapp", "channel_integration.add_legacyapp",
    "channel_integration.change_legacyapp",
]
_REVIEW = [
    "orgs.view_orgunit",
    "workflow.view_filing", "workflow.review_filing",
    "workflow.view_rectification", "workflow.add_rectification", "workflow.review_rectification",
    "channel_integration.view_legacyapp",
    "announcements.view_announcement",
]

# The kernel's grants. Every role of ROLES.md is a key here (the role groups are created from these keys);
# chapters add their grants to the same roles through ChapterConfig.role_permissions.
ROLE_PERMISSIONS = {
    "submitter": _SUBMITTER,
    # org_admin holds everything a submitter holds (ROLE_INCLUDES) plus the sign-offs its chapters declare.
    "org_admin": [],
    "reviewer": _REVIEW,
    # Supervisors read everything and open rectifications from spot checks; deciding filings and
    # accepting rectifications is the reviewer's (ROLES.md), so no review_* permission here.
    "supervisor": ["workflow.add_rectification"],
    "publisher": [
        "orgs.view_orgunit", "workflow.view_filing", "workflow.view_rectification",
        "channel_integration.view_legacyapp",
        "announcements.view_announcement", "announcements.add_announcement", "announcements.change_announcement",
        "announcements.publish_announcement",
    ],
    "auditor": ["accounts.export_scores"],
    # Accounts (create, disable, reset, unlock) and the calendar; never roles, grants or the security policy.
    "sys_admin": [
        "orgs.view_orgunit",
        "accounts.view_user", "accounts.add_user", "accounts.change_user",
        "workflow.view_calendarday", "workflow.add_calendarday", "workflow.change_calendarday",
        "workflow.delete_calendarday", "workflow.view_calendaryear", "workflow.add_calendaryear",
        "workflow.change_calendaryear",
    ],
    # Roles, per-record grants, the security policy and other people's API tokens; never accounts themselves
    # (no add_user / change_user) and never the security log.
    "sec_admin": ["orgs.view_orgunit", "accounts.view_user", "accounts.assign_role", "accounts.grant_record",
                  "accounts.set_security_policy", "accounts.revoke_api_tokens", "auth.view_group"],
    "audit_admin": ["audit.view_securityevent", "audit.export_securityevent"],
}
# A role that holds every permission of another one (ROLES.md: "org_admin: what a submitter may, plus ...").
ROLE_INCLUDES = {"org_admin": "submitter"}
# Roles that read every domain record (view_* of every domain app).
READ_ALL_ROLES = ("supervisor", "auditor")


def domain_apps():
    from ganfutong_admin.core import chapters

    return KERNEL_DOMAIN_APPS + [label for label in chapters.domain_apps() if label not in KERNEL_DOMAIN_APPS]


def all_role_permissions():
    """role -> permission specs: the kernel's, every chapter's, the included roles', and view_* of every
    domain app for the roles that read everything."""
    from ganfutong_admin.core import chapters

    merged = {role: list(specs) for role, specs in ROLE_PERMISSIONS.items()}
    for role, specs in chapters.role_permissions().items():
        if role not in merged:
            raise ValueError(f"a chapter grants permissions to an unknown role {role!r}")
        merged[role].extend(specs)
    for role, included in ROLE_INCLUDES.items():
        merged[role] = merged[included] + merged[role]
    for role in READ_ALL_ROLES:
        merged[role] += [f"{app}.view_*" for app in domain_apps()]
    return merged


ROLE_LABELS = {
    "submitter": _("Submitter"),
    "org_admin": _("Org unit administrator"),
    "reviewer": _("Reviewer"),
    "supervisor": _("Supervisor"),
    "publisher": _("Publisher"),
    "auditor": _("Auditor"),
    "sys_admin": _("System administrator"),
    "sec_admin": _("Security administrator"),
    "audit_admin": _("Security auditor"),
}

# 三员分立: these are held alone and never with is_superuser.
SYSTEM_ROLES = frozenset({"sys_admin", "sec_admin", "audit_admin"})

# Which org-unit kinds may hold each role (docs/roles.md, "who"): deciding and supervising is the provincial
# authority's, publishing the operator's; the system roles sit with the provincial authority or the operator
# that runs the platform; anyone's staff may submit, head its unit or audit.
ALL_ORG_KINDS = frozenset({"provincial_authority", "city_authority", "county_authority", "provincial_department",
                           "operator", "partner"})
SYSTEM_ROLE_KINDS = frozenset({"provincial_authority", "operator"})
ROLE_ORG_KINDS = {
    "submitter": ALL_ORG_KINDS,
    "org_admin": ALL_ORG_KINDS,
    "reviewer": frozenset({"provincial_authority"}),
    "supervisor": frozenset({"provincial_authority"}),
    "publisher": frozenset({"operator"}),
    "auditor": ALL_ORG_KINDS,
    "sys_admin": SYSTEM_ROLE_KINDS,
    "sec_admin": SYSTEM_ROLE_KINDS,
    "audit_admin": SYSTEM_ROLE_KINDS,
}


def roles_for_org_kind(kind):
    """The roles an account of an org unit of `kind` may hold, in the order of ROLE_PERMISSIONS."""
    return [role for role in ROLE_PERMISSIONS if kind in ROLE_ORG_KINDS[role]]


TWO_SYSTEM_ROLES = _("holds two system roles (%(roles)s): each of sys_admin, sec_admin and audit_admin is held "
                     "by a different person")
BUSINESS_BESIDE_SYSTEM = _("holds a business role (%(business)s) beside the system role %(system)s: a system "
                           "role is held alone")
SUPERUSER_WITH_SYSTEM_ROLE = _("is a superuser and holds the system role %(system)s")
SUPERUSER_OUTSIDE_DEMO = _("is a superuser outside the embedded demo: in production nobody is a superuser")


def separation_problems(role_names, is_superuser=False, demo=True):
    """What breaks the separation of duties (三员分立) in one account's roles: [message], empty when nothing does.
    The one rule behind the system check, the role page and the m2m signal."""
    held = set(role_names)
    system = sorted(held & SYSTEM_ROLES)
    business = sorted(held - SYSTEM_ROLES)
    problems = []
    if len(system) > 1:
        problems.append(TWO_SYSTEM_ROLES % {"roles": ", ".join(system)})
    if system and business:
        problems.append(BUSINESS_BESIDE_SYSTEM % {"business": ", ".join(business), "system": system[0]})
    if is_superuser and system:
        problems.append(SUPERUSER_WITH_SYSTEM_ROLE % {"system": system[0]})
    if is_superuser and not demo:
        problems.append(SUPERUSER_OUTSIDE_DEMO)
    return problems


def matching_permissions(permission_model, spec):
    app_label, pattern = spec.split(".", 1)
    perms = permission_model.objects.filter(content_type__app_label=app_label)
    if "*" not in pattern:
        return list(perms.filter(codename=pattern))
    return [p for p in perms if fnmatch(p.codename, pattern)]


def sync_roles(group_model, permission_model):
    for role, specs in all_role_permissions().items():
        group, _ = group_model.objects.get_or_create(name=role)
        wanted = {p.pk for spec in specs for p in matching_permissions(permission_model, spec)}
        group.permissions.set(wanted)


def sync_roles_after_migrate(sender, using=DEFAULT_DB_ALIAS, apps=None, **kwargs):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # Permissions of apps that come later in INSTALLED_APPS are not created yet: make them now.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles(Group, Permission)
