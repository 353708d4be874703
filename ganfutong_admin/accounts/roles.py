"""The role policy of ROLES.md, in one place: each role and the permissions it carries.

Roles are Django groups (created by a data migration). Permissions are attached after every migrate,
so a permission added by a later chapter reaches its roles without a hand-written migration.
Entries are `app_label.codename`; `app_label.view_*` means every view permission of that app.
"""

from fnmatch import fnmatch

from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_lazy as _

# Apps whose records are domain data (auditors and supervisors read them all). Chapters add theirs.
DOMAIN_APPS = ["orgs", "workflow", "channel_integration", "announcements", "services", "maintenance"]

# Maintenance (第十六条–第十九条): what every reader of the chapter sees.
_MAINTENANCE_READ = [
    "maintenance.view_inspection", "maintenance.view_inspectiontemplate", "maintenance.view_faultreport",
    "maintenance.view_availabilityanomaly", "maintenance.view_uptimeday", "maintenance.view_workorder",
    "maintenance.view_workordertimelimit", "maintenance.view_badreview", "maintenance.view_budgetplan",
]

_SUBMITTER = [
    "orgs.view_orgunit",
    "workflow.view_filing", "workflow.add_filing", "workflow.change_filing", "workflow.submit_filing",
    "workflow.view_rectification", "workflow.answer_rectification",
    "channel_integration.view_legacyapp", "channel_integration.add_legacyapp",
    "channel_integration.change_legacyapp",
    "services.view_service", "services.add_service", "services.change_service", "services.import_services",
    "services.view_selftestreport", "services.add_selftestreport", "services.change_selftestreport",
    "services.view_techstandard", "services.report_emergency_delisting",
    *_MAINTENANCE_READ,
    # daily inspections (第十七条), fault reports (第十六条), work orders and bad reviews (第十八条), budgets (第十九条)
    "maintenance.add_inspection", "maintenance.change_inspection",
    "maintenance.add_faultreport", "maintenance.change_faultreport",
    "maintenance.handle_workorder", "maintenance.appeal_badreview",
    "maintenance.add_budgetplan", "maintenance.change_budgetplan",
    # 第十七条: the owner of a service acknowledges its availability anomalies (with a note)
    "maintenance.acknowledge_anomaly",
]
_REVIEW = [
    "orgs.view_orgunit",
    "workflow.view_filing", "workflow.review_filing",
    "workflow.view_rectification", "workflow.add_rectification", "workflow.review_rectification",
    "channel_integration.view_legacyapp",
    "services.view_service", "services.view_selftestreport", "services.view_techstandard",
    "services.add_techstandard", "services.change_techstandard", "services.publish_standard",
    "announcements.view_announcement",
    *_MAINTENANCE_READ,
    # the provincial authority inspects the platform (第十六条), closes fault reviews, decides extensions
    # of work orders and appeals against malicious bad reviews (第十八条)
    "maintenance.inspect_platform", "maintenance.add_inspection", "maintenance.change_inspection",
    "maintenance.add_inspectiontemplate", "maintenance.change_inspectiontemplate",
    "maintenance.review_fault", "maintenance.approve_extension", "maintenance.review_appeal",
    # the provincial authority sets the hotline's working-day time limits per work-order type (第十八条)
    "maintenance.change_workordertimelimit",
]

ROLE_PERMISSIONS = {
    "submitter": _SUBMITTER,
    "org_admin": _SUBMITTER + ["workflow.sign_off"],
    "reviewer": _REVIEW,
    # Supervisors read everything and open rectifications from spot checks; deciding filings and
    # accepting rectifications is the reviewer's (ROLES.md), so no review_* permission here.
    "supervisor": ["workflow.add_rectification"] + [f"{app}.view_*" for app in DOMAIN_APPS],
    "publisher": [
        "orgs.view_orgunit", "workflow.view_filing", "workflow.view_rectification",
        "channel_integration.view_legacyapp",
        "services.view_service", "services.view_selftestreport", "services.view_techstandard",
        "services.record_listing", "services.record_delisting", "services.report_emergency_delisting",
        "announcements.view_announcement", "announcements.add_announcement", "announcements.change_announcement",
        "announcements.publish_announcement",
        *_MAINTENANCE_READ,
        # 第九条/第十七条: the operator inspects the platform, runs monitoring, dispatches work orders
        "maintenance.inspect_platform", "maintenance.add_inspection", "maintenance.change_inspection",
        "maintenance.add_inspectiontemplate", "maintenance.change_inspectiontemplate",
        "maintenance.add_faultreport", "maintenance.change_faultreport",
        "maintenance.manage_monitoring", "maintenance.acknowledge_anomaly",
        "maintenance.add_workorder", "maintenance.dispatch_workorder",
        # bad reviews of platform cases (办件差评) entered by hand, by the operator who handles complaints
        "maintenance.add_badreview",
    ],
    "auditor": [f"{app}.view_*" for app in DOMAIN_APPS] + ["accounts.export_scores"],
    "sys_admin": [
        "orgs.view_orgunit",
        "accounts.view_user", "accounts.add_user", "accounts.change_user",
        "workflow.view_calendarday", "workflow.add_calendarday", "workflow.change_calendarday",
        "workflow.delete_calendarday", "workflow.view_calendaryear", "workflow.add_calendaryear",
        "workflow.change_calendaryear",
    ],
    "sec_admin": ["orgs.view_orgunit", "accounts.view_user", "accounts.assign_role", "auth.view_group"],
    "audit_admin": ["audit.view_securityevent", "audit.export_securityevent"],
}

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


def matching_permissions(permission_model, spec):
    app_label, pattern = spec.split(".", 1)
    perms = permission_model.objects.filter(content_type__app_label=app_label)
    if "*" not in pattern:
        return list(perms.filter(codename=pattern))
    return [p for p in perms if fnmatch(p.codename, pattern)]


def sync_roles(group_model, permission_model):
    for role, specs in ROLE_PERMISSIONS.items():
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
