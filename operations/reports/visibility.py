"""What a reader sees of an operations report (第十四条). Those who see every report's owner side (the provincial
authority, auditors, the operator that drafts them) see every row and finding. An org unit sees the published
report, the rows of its own subtree (a city: itself, its counties and its city row) and the findings that are
general or name a unit of its subtree: a finding naming 南昌市 is not shown to 九江市."""

from django.db.models import Exists, OuterRef

from ganfutong_admin.orgs.scoping import user_sees_everything

from .models import OperationsReport, ReportFinding, ReportFindingUnit


def sees_all_rows(user, report):
    org = getattr(user, "org_unit", None)
    return user_sees_everything(user, OperationsReport) or (org is not None and org.pk == report.owner_org_id)


def findings_for(user, report):
    """The findings of `report` the user reads, with the units they name (prefetched)."""
    qs = ReportFinding.objects.filter(report=report).prefetch_related("named__org_unit", "named__rectification")
    if sees_all_rows(user, report):
        return qs
    org = user.org_unit
    names_any = Exists(ReportFindingUnit.objects.filter(finding=OuterRef("pk")))
    names_mine = Exists(ReportFindingUnit.objects.filter(finding=OuterRef("pk"), org_unit__path__startswith=org.path))
    return qs.filter(~names_any | names_mine)


def visible_named(user, report, finding):
    """The units a finding names that the user may read of (all, or those of the user's subtree)."""
    named = list(finding.named.all())
    if sees_all_rows(user, report):
        return named
    return [n for n in named if n.org_unit.path.startswith(user.org_unit.path)]


def rows_for(user, report, table):
    """The unit rows and the group rows of a figure table (figures.compute) the user reads."""
    if sees_all_rows(user, report):
        return table["units"], table["groups"], True
    path = user.org_unit.path
    units = [u for u in table["units"] if u["path"].startswith(path)]
    groups = [g for g in table["groups"] if g["path"] and g["path"].startswith(path)]
    return units, groups, False


__all__ = ["findings_for", "rows_for", "sees_all_rows", "visible_named"]
