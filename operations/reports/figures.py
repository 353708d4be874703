"""The figures of an operations report (第十四条), computed from the system's own data for a period.

FIGURES is one list of small figure functions. Each is a `Figure`: a key, a label, its columns, and
`count(org_ids, period)` -> {org unit id: {column key: number}} computed in one or two grouped queries over every org
unit at once (never a query per unit). Columns hold counts, which add up: a city row sums its own and its counties'
counts, and a rate column (`rate=(numerator, denominator)`) is derived from the sums, never averaged. Adding a
figure is adding one entry to FIGURES.

compute(period_start, period_end) returns the whole table as plain JSON: what a draft shows live, and what a
published report keeps as its snapshot.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from ganfutong_admin.core.measures import period_bounds
from ganfutong_admin.orgs.models import OrgKind, OrgUnit
from ganfutong_admin.workflow import kinds as filing_kinds
from ganfutong_admin.workflow.models import RECTIFICATION_OPEN_STATES, Filing, Rectification, RectificationStatus
from maintenance import selectors as maintenance
from services import selectors as services

from ..promotion import selectors as promotion

# The org units a report is about (as the evaluation groups them): cities, counties, provincial departments.
REPORTED_KINDS = (OrgKind.CITY_AUTHORITY, OrgKind.COUNTY_AUTHORITY, OrgKind.PROVINCIAL_DEPARTMENT)
DEPARTMENTS_GROUP = "departments"


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def bounds(self):
        """[first day 00:00, the day after the last 00:00) in local time."""
        return period_bounds(self.start, self.end)


@dataclass(frozen=True)
class Column:
    key: str
    label: object
    rate: tuple | None = None  # (numerator key, denominator key): a share in percent, derived after summing


@dataclass(frozen=True)
class Figure:
    key: str
    label: object
    columns: object  # a tuple of Column, or a callable(values by org) -> tuple of Column (columns that vary)
    count: Callable  # (org_ids, Period) -> {org id: {column key: number}}
    note: object = ""

    def columns_for(self, values):
        return tuple(self.columns(values) if callable(self.columns) else self.columns)


def _grouped(queryset, org_field, **counts):
    """{org id: {name: count}} in one GROUP BY over `queryset`."""
    rows = queryset.values(org_field).annotate(**counts).order_by()
    return {row.pop(org_field): row for row in rows}


# --- the figure functions ---------------------------------------------------------------------------------------

def services_figure(org_ids, period):
    """Services listed and delisted within the period (by the date the catalog records), and listed now."""
    since, until = period.bounds
    return _grouped(services.services().filter(owner_org_id__in=org_ids), "owner_org_id",
                    listed=Count("pk", filter=Q(listed_at__gte=since, listed_at__lt=until)),
                    delisted=Count("pk", filter=Q(delisted_at__gte=since, delisted_at__lt=until)),
                    on_platform=Count("pk", filter=Q(status="listed")))


def filings_figure(org_ids, period):
    """Filings submitted in the period, by kind; on time: decided by their due time (or without one)."""
    since, until = period.bounds
    rows = (Filing.objects.filter(owner_org_id__in=org_ids, submitted_at__gte=since, submitted_at__lt=until)
            .values("owner_org_id", "kind")
            .annotate(n=Count("pk"), ok=Count("pk", filter=Q(decided_at__isnull=False)
                                               & (Q(due_at__isnull=True) | Q(decided_at__lte=F("due_at")))))
            .order_by())
    found = {}
    for row in rows:
        values = found.setdefault(row["owner_org_id"], {"n": 0, "ok": 0})
        values[f"{row['kind']}:n"] = row["n"]
        values["n"] += row["n"]
        values["ok"] += row["ok"]
    return found


def _filing_columns(values):
    kinds = sorted({key[:-2] for unit in values.values() for key in unit if key.endswith(":n")})
    labels = {kind: (filing_kinds.get(kind).label if filing_kinds.get(kind) else kind) for kind in kinds}
    return (*(Column(f"{kind}:n", labels[kind]) for kind in kinds),
            Column("n", gettext_lazy("Filings submitted")), Column("ok", gettext_lazy("Decided on time")),
            Column("ok_rate", gettext_lazy("On-time rate"), rate=("ok", "n")))


def work_orders_figure(org_ids, period):
    """12345 work orders received in the period, by type; of them, replied within the time limit, and the callbacks
    that were satisfied or very satisfied."""
    since, until = period.bounds
    by_type = {f"type:{value}": Count("pk", filter=Q(type=value))
               for value, _label in maintenance.WorkOrderType.choices}
    return _grouped(
        maintenance.work_orders().filter(owner_org_id__in=org_ids, received_at__gte=since, received_at__lt=until),
        "owner_org_id", n=Count("pk"), **by_type,
        replied=Count("pk", filter=Q(replied_at__isnull=False)),
        on_time=Count("pk", filter=Q(replied_at__isnull=False) & (Q(due_at__isnull=True)
                                                                  | Q(replied_at__lte=F("due_at")))),
        rated=Count("pk", filter=~Q(satisfaction="")),
        satisfied=Count("pk", filter=Q(satisfaction__in=maintenance.SATISFIED_LEVELS)))


WORK_ORDER_COLUMNS = (
    *(Column(f"type:{value}", label) for value, label in maintenance.WorkOrderType.choices),
    Column("n", gettext_lazy("Received")), Column("replied", gettext_lazy("Replied")),
    Column("on_time", gettext_lazy("Replied on time")),
    Column("on_time_rate", gettext_lazy("On-time rate"), rate=("on_time", "replied")),
    Column("rated", pgettext_lazy("operations report", "Called back")), Column("satisfied", gettext_lazy("Satisfied")),
    Column("satisfied_rate", gettext_lazy("Satisfaction"), rate=("satisfied", "rated")),
)


def bad_reviews_figure(org_ids, period):
    """Bad reviews recorded in the period (not excluded by an upheld appeal) and how many were rectified (their
    rectification accepted)."""
    since, until = period.bounds
    return _grouped(maintenance.bad_reviews().filter(owner_org_id__in=org_ids, created_at__gte=since,
                                                     created_at__lt=until),
                    "owner_org_id", n=Count("pk"),
                    rectified=Count("pk", filter=Q(rectification__status=RectificationStatus.ACCEPTED)))


def uptime_figure(org_ids, period):
    """Availability monitoring (第十七条): checks and successful checks of the unit's services, the period's days."""
    rows = (maintenance.uptime_days().filter(service__owner_org_id__in=org_ids, date__gte=period.start,
                                             date__lte=period.end)
            .values("service__owner_org_id").annotate(checks=Sum("checks"), ok=Sum("successes")).order_by())
    return {row["service__owner_org_id"]: {"checks": row["checks"] or 0, "ok": row["ok"] or 0} for row in rows}


def rectifications_figure(org_ids, period):
    """Rectifications opened in the period; and, when computed, those open and those open past their due time."""
    since, until = period.bounds
    is_open = Q(status__in=RECTIFICATION_OPEN_STATES)
    return _grouped(Rectification.objects.filter(owner_org_id__in=org_ids, created_at__lt=until), "owner_org_id",
                    opened=Count("pk", filter=Q(created_at__gte=since)),
                    open=Count("pk", filter=is_open), overdue=Count("pk", filter=is_open & Q(due_at__lt=Now())))


def promotion_figure(org_ids, period):
    """Promotion activities held in the period (第十三条) and their reach, in one grouped query."""
    return promotion.activity_figures(org_ids, period.start, period.end)


FIGURES = [
    Figure("services", gettext_lazy("Services listed and delisted"),
           (Column("listed", pgettext_lazy("operations report", "Listed")),
            Column("delisted", pgettext_lazy("operations report", "Delisted")),
            Column("on_platform", gettext_lazy("On the platform now"))), services_figure),
    Figure("filings", gettext_lazy("Filings by kind"), _filing_columns, filings_figure),
    Figure("work_orders", gettext_lazy("12345 work orders by type"), WORK_ORDER_COLUMNS, work_orders_figure),
    Figure("bad_reviews", gettext_lazy("Bad reviews and their rectification"),
           (Column("n", pgettext_lazy("operations report", "Bad reviews")),
            Column("rectified", pgettext_lazy("operations report", "Rectified")),
            Column("rectified_rate", gettext_lazy("Rectified share"), rate=("rectified", "n"))), bad_reviews_figure),
    Figure("uptime", gettext_lazy("Uptime (availability monitoring)"),
           (Column("checks", gettext_lazy("Checks")), Column("ok", gettext_lazy("Successful checks")),
            Column("uptime", gettext_lazy("Uptime"), rate=("ok", "checks"))), uptime_figure),
    Figure("rectifications", gettext_lazy("Rectifications"),
           (Column("opened", gettext_lazy("Opened in the period")),
            Column("open", pgettext_lazy("operations report", "Open")),
            Column("overdue", gettext_lazy("Overdue"))), rectifications_figure,
           note=gettext_lazy("Open and overdue as at the time the figures were computed.")),
    Figure("promotion", gettext_lazy("Promotion activities"),
           (Column("activities", pgettext_lazy("operations report", "Activities held")),
            Column("views", pgettext_lazy("operations report", "Views")),
            Column("participants", pgettext_lazy("operations report", "Participants")),
            Column("registrations", pgettext_lazy("operations report", "New registrations"))), promotion_figure),
]


# --- the table ------------------------------------------------------------------------------------------------

def rate(numerator, denominator):
    """A share in percent, one decimal; None without a denominator."""
    return round(100 * numerator / denominator, 1) if denominator else None


def _finish(values, columns):
    """The figure's cells for one row: counts as they are (0 when absent), rates derived from them."""
    cells = {c.key: values.get(c.key, 0) for c in columns if c.rate is None}
    for c in columns:
        if c.rate is not None:
            cells[c.key] = rate(cells.get(c.rate[0], values.get(c.rate[0], 0)),
                                cells.get(c.rate[1], values.get(c.rate[1], 0)))
    return cells


def _add(into, values):
    for key, n in values.items():
        into[key] = into.get(key, 0) + n


def reported_units():
    """The reported org units with the group (a city, or the provincial departments) each is counted in: one query."""
    units = list(OrgUnit.objects.filter(kind__in=REPORTED_KINDS, is_active=True).select_related("parent")
                 .order_by("path"))
    cities = {u.pk: u for u in units if u.kind == OrgKind.CITY_AUTHORITY}
    grouped = []
    for unit in units:
        if unit.kind == OrgKind.CITY_AUTHORITY:
            group = unit.pk
        elif unit.kind == OrgKind.COUNTY_AUTHORITY:
            group = next((pk for pk, city in cities.items() if unit.path.startswith(city.path)), None)
        else:
            group = DEPARTMENTS_GROUP
        if group is not None:
            grouped.append((unit, group))
    return grouped, cities


def compute(period_start, period_end, figures=None):
    """Every figure for every reported org unit, every city (with its counties) and the provincial departments, and
    the total: one query for the units and one or two per figure, whatever the number of units."""
    figures = FIGURES if figures is None else figures
    period = Period(period_start, period_end)
    grouped, cities = reported_units()
    org_ids = [unit.pk for unit, _group in grouped]
    raw = {figure.key: figure.count(org_ids, period) for figure in figures}
    columns = {figure.key: figure.columns_for(raw[figure.key]) for figure in figures}

    group_sums = {}
    total = {figure.key: {} for figure in figures}
    units = []
    for unit, group in grouped:
        values = {}
        for figure in figures:
            own = raw[figure.key].get(unit.pk, {})
            _add(group_sums.setdefault(group, {}).setdefault(figure.key, {}), own)
            _add(total[figure.key], own)
            values[figure.key] = _finish(own, columns[figure.key])
        units.append({"id": unit.pk, "code": unit.code, "name": unit.name, "kind": unit.kind,
                      "group": str(group), "path": unit.path,
                      "has_data": any(raw[f.key].get(unit.pk) for f in figures)})
        units[-1]["values"] = values

    groups = [{"key": str(pk), "id": pk, "code": city.code, "name": city.name, "path": city.path}
              for pk, city in cities.items()]
    groups.append({"key": DEPARTMENTS_GROUP, "id": None, "code": "", "name": _("Provincial departments"), "path": ""})
    for group in groups:
        sums = group_sums.get(group["id"] if group["id"] is not None else DEPARTMENTS_GROUP, {})
        group["values"] = {f.key: _finish(sums.get(f.key, {}), columns[f.key]) for f in figures}

    return {
        "period": [period_start.isoformat(), period_end.isoformat()],
        "computed_at": timezone.now().isoformat(),
        "figures": [{"key": f.key, "label": str(f.label), "note": str(f.note),
                     "columns": [{"key": c.key, "label": str(c.label), "rate": bool(c.rate)}
                                 for c in columns[f.key]]} for f in figures],
        "groups": groups,
        "units": units,
        "total": {f.key: _finish(total[f.key], columns[f.key]) for f in figures},
    }
