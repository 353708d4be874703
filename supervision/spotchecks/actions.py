"""Drawing a campaign's sample and recording a check (one transaction each)."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.language import office_language, stored
from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.models import Rectification
from services import selectors

from ..alerts.dashboard import city_of
from .draw import draw
from .models import CampaignStatus, SpotCheckCampaign, SpotCheckItem, Strata


class CampaignError(Exception):
    pass


def new_seed():
    return secrets.token_hex(8)


def build_frame(strata):
    """[(service id, stratum)] of every listed service, sorted by id (two queries)."""
    rows = list(selectors.listed_services().values_list("pk", "owner_org_id", "category").order_by("pk"))
    if strata == Strata.CATEGORY:
        return [[pk, category or ""] for pk, _org, category in rows]
    if strata in (Strata.CITY, Strata.ORG_KIND):
        units = list(OrgUnit.objects.only("pk", "code", "name", "kind", "path"))
        if strata == Strata.CITY:
            groups = city_of(units)
            return [[pk, groups.get(org, ("", ""))[0]] for pk, org, _c in rows]
        kinds = {u.pk: u.kind for u in units}
        return [[pk, kinds.get(org, "")] for pk, org, _c in rows]
    return [[pk, ""] for pk, _org, _c in rows]


def draw_campaign(campaign_pk, user):
    """Freeze the frame and draw the sample (once)."""
    with transaction.atomic():
        campaign = SpotCheckCampaign.objects.select_for_update(of=("self",)).get(pk=campaign_pk)
        if campaign.status != CampaignStatus.DRAFT:
            raise CampaignError(_("The sample of this campaign was drawn already."))
        frame = build_frame(campaign.strata)
        sample = draw([tuple(row) for row in frame], campaign.seed, campaign.sample_size, campaign.sample_rate)
        owners = dict(selectors.services().filter(pk__in=sample).values_list("pk", "owner_org_id"))
        strata = dict((pk, stratum) for pk, stratum in frame)
        SpotCheckItem.objects.bulk_create([
            SpotCheckItem(campaign=campaign, service_id=pk, owner_org_id=owners[pk], stratum=strata[pk] or "",
                          created_by=user) for pk in sample])
        campaign.frame, campaign.drawn_at, campaign.status = frame, timezone.now(), CampaignStatus.RUNNING
        campaign.version += 1
        campaign._change_reason = stored(lambda: _("Sample drawn"))
        campaign.save()
    return campaign, sample


def record_check(item, user, results, note=""):
    """Store the result per checklist item; failed items open one rectification for the service's owner."""
    checklist = item.campaign.checklist
    unknown = set(results) - set(checklist)
    if unknown or set(results) != set(checklist):
        raise CampaignError(_("Give a result for every checklist item, and only for those."))
    with transaction.atomic():
        item = SpotCheckItem.objects.select_for_update(of=("self",)).select_related("service", "campaign").get(
            pk=item.pk)
        if item.checked_at is not None:
            raise CampaignError(_("This service was checked already."))
        item.results, item.note, item.checked_at, item.checked_by = results, note, timezone.now(), user
        failed = [name for name in checklist if not results[name]]
        if failed:
            with office_language():
                item.rectification = Rectification.open_for(
                    source=item, owner_org=item.owner_org, user=user,
                    title=(_("Spot check: %(service)s") % {"service": item.service.name})[:200],
                    description=_("Failed in the spot check “%(campaign)s”: %(items)s.") % {
                        "campaign": item.campaign.name, "items": "、".join(failed)} + (f"\n{note}" if note else ""))
        item.save()
    return item


