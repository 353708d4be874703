"""The org-unit tree and the base every org-owned record inherits (第三条, 第四条 谁建设、谁负责)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .scoping import ALL_ACTIONS, ScopedQuerySet


class OrgKind(models.TextChoices):
    PROVINCIAL_AUTHORITY = "provincial_authority", _("Provincial authority")
    CITY_AUTHORITY = "city_authority", _("City authority")
    COUNTY_AUTHORITY = "county_authority", _("County authority")
    PROVINCIAL_DEPARTMENT = "provincial_department", _("Provincial department")
    OPERATOR = "operator", _("Platform operator")
    PARTNER = "partner", _("Third-party partner")


class OrgUnitQuerySet(models.QuerySet):
    def subtree_of(self, org):
        """The unit and everything below it, by materialized path (one indexed prefix match)."""
        return self.filter(path__startswith=org.path)

    def operator(self):
        """The platform operator (平台运营机构): owner of announcements and of system accounts."""
        return self.filter(kind="operator", is_active=True).order_by("path").first()


class OrgUnit(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    division_code = models.CharField(
        _("division code (GB/T 2260)"), max_length=6, blank=True, db_index=True
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=32, choices=OrgKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent"),
    )
    # e.g. "360000/360100/360102/": a prefix match selects a subtree without recursion.
    path = models.CharField(_("path"), max_length=255, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrgUnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = f"{self.parent.path if self.parent_id else ''}{self.code}/"
        super().save(*args, **kwargs)

    @property
    def depth(self):
        return self.path.count("/") - 1

    def is_within(self, other):
        """True when this unit is `other` or below it."""
        return self.path.startswith(other.path)


class OrgOwned(models.Model):
    """Base of every record that belongs to an org unit: ownership, authorship, history and scope."""

    owner_org = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner org unit")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(inherit=True)

    # Org-unit kinds (beyond the provincial authority) that reach every record, per action (docs/roles.md):
    # the operator, every record of the catalog, filings, announcements, maintenance and operations; security
    # models give it none (its own only), and a model may narrow it to some actions (e.g. {"operator": {"view"}}).
    scope_everything = {"operator": ALL_ACTIONS}

    class Meta:
        abstract = True
