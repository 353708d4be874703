"""The auditor's export of a finalized evaluation (第二十五条): Excel through the one export path (a summary sheet,
one sheet per indicator with each org unit's figure and score, the evidence behind every deduction) and the
results as an official document (GB/T 9704-2012). Every export is a security event; nothing is changed.
Readers need accounts.export_scores; the rows are the sheets in the reader's scope."""

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from ganfutong_admin.audit.models import EventKind, record
from ganfutong_admin.core.documents import OfficialDocument, Section, docx_response
from ganfutong_admin.core.exports import xlsx_sheets_response
from ganfutong_admin.core.scoping import get_visible_or_404
from ganfutong_admin.orgs.models import OrgKind, OrgUnit

from .models import EvaluationPeriod, ScoreSheet

EXPORT_PERMISSION = "accounts.export_scores"


def exportable(request, pk):
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    period = get_visible_or_404(EvaluationPeriod, request.user, pk)
    if not period.is_final:
        raise Http404
    sheets = list(ScoreSheet.objects.visible_to(request.user, "view").filter(period=period)
                  .select_related("owner_org").order_by("rank_overall"))
    return period, sheets


def _sheet_title(text, used):
    title = re.sub(r"[\[\]:*?/\\]", "", text)[:28] or "-"
    base, n = title, 2
    while title in used:
        title, n = f"{base[:26]}{n}", n + 1
    used.add(title)
    return title


def figure(item):
    return pgettext("evaluation export", "No data") if item["no_data"] else item["raw"]


def workbook(period, sheets):
    """[(title, columns, rows)] of the export: what the page and the API show, in the same numbers."""
    dimensions = sheets[0].dimension_scores if sheets else []
    summary = [
        (pgettext("evaluation export", "Rank"), lambda s: s.rank_overall),
        (pgettext("evaluation export", "Org unit"), lambda s: s.owner_org.name),
        (pgettext("evaluation export", "Kind"), lambda s: OrgKind(s.org_kind).label),
        (pgettext("evaluation export", "City"), lambda s: s.city_name),
        (pgettext("evaluation export", "Total score"), lambda s: float(s.total)),
        *[(d["name"], lambda s, i=i: s.dimension_scores[i]["score"]) for i, d in enumerate(dimensions)],
        (pgettext("evaluation export", "Rank among its kind"), lambda s: s.rank_in_kind),
        (pgettext("evaluation export", "Rank within its city"), lambda s: s.rank_in_city),
    ]
    used = {pgettext("evaluation export", "Summary"), pgettext("evaluation export", "Evidence")}
    result = [(pgettext("evaluation export", "Summary"), summary, sheets)]
    items = sheets[0].items if sheets else []
    for index, item in enumerate(items):
        columns = [
            (pgettext("evaluation export", "Org unit"), lambda s: s.owner_org.name),
            (pgettext("evaluation export", "Figure"), lambda s, i=index: figure(s.items[i])),
            (pgettext("evaluation export", "Points"), lambda s, i=index: s.items[i]["points"]),
            (pgettext("evaluation export", "Score"), lambda s, i=index: s.items[i]["score"]),
        ]
        result.append((_sheet_title(item["label"], used), columns, sheets))
    evidence = [(s, e) for s in sheets for e in s.evidence]
    result.append((pgettext("evaluation export", "Evidence"), [
        (pgettext("evaluation export", "Org unit"), lambda row: row[0].owner_org.name),
        (pgettext("evaluation export", "Item"), lambda row: row[1]["indicator"]),
        (pgettext("evaluation export", "Record"), lambda row: row[1]["label"]),
        (pgettext("evaluation export", "Date"), lambda row: row[1]["date"]),
    ], evidence))
    return result


@login_required
@require_GET
def export_xlsx(request, pk):
    period, sheets = exportable(request, pk)
    record(EventKind.EXPORT, user=request.user, request=request, target=f"evaluation-{period.pk}", format="xlsx",
           period=period.name)
    return xlsx_sheets_response(workbook(period, sheets), f"evaluation-{period.start:%Y%m%d}")


def official_document(period, sheets):
    authority = OrgUnit.objects.filter(kind=OrgKind.PROVINCIAL_AUTHORITY).order_by("path").first()
    issuer = authority.name if authority else _("Provincial authority")
    best = sheets[0] if sheets else None
    paragraphs = [_("In accordance with Article 25 of the measures, the operation and management of the Ganfutong "
                    "platform by every org unit in %(period)s (%(start)s to %(end)s) was evaluated against the "
                    "weighted indicator system; %(count)s org units were evaluated.") % {
        "period": period.name, "start": f"{period.start:%Y-%m-%d}", "end": f"{period.end:%Y-%m-%d}",
        "count": len(sheets)}]
    if best is not None:
        paragraphs.append(_("%(org)s ranks first with %(total)s points.") % {"org": best.owner_org.name,
                                                                             "total": best.total})
    rows = [[s.rank_overall, s.owner_org.name, OrgKind(s.org_kind).label, s.city_name or "—", s.total]
            for s in sheets]
    return OfficialDocument(
        issuer=issuer, number=_("Ganfutong evaluation [%(year)s] No. %(n)s") % {"year": period.end.year,
                                                                                 "n": period.pk},
        title=_("Notice of the evaluation results of %(period)s") % {"period": period.name},
        recipients=_("To the government service administrations of every city and county, and the provincial "
                     "departments:"),
        sections=[Section(_("1. Evaluation"), paragraphs),
                  Section(_("2. Requirements"), [_("Org units with deductions shall rectify the problems behind "
                                                    "them and report the rectification within 15 working days.")])],
        date=period.finalized_at.date() if period.finalized_at else None,
        tables=[(_("Annex: ranking"), [
            pgettext("evaluation export", "Rank"), pgettext("evaluation export", "Org unit"),
            pgettext("evaluation export", "Kind"), pgettext("evaluation export", "City"),
            pgettext("evaluation export", "Total score")], rows)],
    )


@login_required
@require_GET
def export_docx(request, pk):
    period, sheets = exportable(request, pk)
    record(EventKind.EXPORT, user=request.user, request=request, target=f"evaluation-{period.pk}", format="docx",
           period=period.name)
    return docx_response(official_document(period, sheets), f"evaluation-{period.start:%Y%m%d}")
