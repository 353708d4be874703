"""Who may record, edit and complete which inspection (ROLES.md, 第十六条/第十七条), in one place.

- Platform inspections (第十六条): holders of maintenance.inspect_platform (the provincial authority's reviewers,
  the operator's publishers), for any org unit.
- Daily inspections (第十七条): an org unit records them for itself or its subtree (maintenance.add_inspection);
  the operator's "sees everything" does not make it the inspector of other units' daily work.
- Everything else is scope: visible_to(user, action) on the record.
"""

from ganfutong_admin.orgs.models import OrgUnit

from .models import Inspection, InspectionKind, InspectionStatus


def may_record(user, kind, org):
    """May `user` record (or edit, or complete) an inspection of this kind of org unit `org`?"""
    if not user.is_authenticated or not user.has_perm("maintenance.add_inspection"):
        return False
    if user.is_superuser:
        return True
    if kind == InspectionKind.PLATFORM:
        return user.has_perm("maintenance.inspect_platform")
    unit = getattr(user, "org_unit", None)
    return unit is not None and org is not None and org.path.startswith(unit.path)


def kinds_for(user):
    """The kinds of inspection the user may record at all."""
    if not user.has_perm("maintenance.add_inspection"):
        return []
    kinds = [InspectionKind.DAILY] if (user.is_superuser or user.org_unit_id) else []
    if user.has_perm("maintenance.inspect_platform"):
        kinds.insert(0, InspectionKind.PLATFORM)
    return kinds


def org_units_for_kind(user, kind):
    """The org units the user may inspect with this kind of inspection."""
    active = OrgUnit.objects.filter(is_active=True)
    if kind not in kinds_for(user):
        return active.none()
    if kind == InspectionKind.PLATFORM or user.is_superuser:
        return active
    return active.filter(path__startswith=user.org_unit.path)


def may_change(user, inspection):
    """Edit the findings of a draft: in scope for "change" (the model's scope rule holds the kind rule)."""
    return (inspection.status == InspectionStatus.DRAFT
            and Inspection.objects.visible_to(user, "change").filter(pk=inspection.pk).exists())
