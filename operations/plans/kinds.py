from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.chapters import SupervisionRule
from ganfutong_admin.workflow.kinds import FilingKind

FILING_KINDS = (
    # 备案: the provincial authority acknowledges the plan, it does not approve it.
    FilingKind(code="operations_plan", label=_("Operations plan"), article="第十二条", detail_attr="operations_plan",
               create_url="operations:plan-create", edit_url="operations:plan-edit",
               detail_template="operations/plans/_plan_details.html", for_the_record=True),
)


def rules():
    from .deadline import missing_plans

    return (SupervisionRule("operations.operations_plan_missing", _("No operations plan filed for this year"),
                            "第十二条", missing_plans),)
