"""The maintenance chapter's policy parameters (第十六条、第十八条), declared in MaintenanceConfig.policy_parameters().

Each area reads them at the moment a record's clock starts and stores what it got (a deadline, or the value
itself), so that a new version never changes a running deadline or a judgement already made.
"""

from django.utils.translation import gettext_lazy as _

from ganfutong_admin.policy.parameters import ParameterSpec, Unit
from ganfutong_admin.policy.parameters import value as policy_value

ADVANCE_FILING_WORKING_DAYS = "ADVANCE_FILING_WORKING_DAYS"
FAULT_REPORT_LIMIT_MINUTES = "FAULT_REPORT_LIMIT_MINUTES"
BAD_REVIEW_RECTIFICATION_WORKING_DAYS = "BAD_REVIEW_RECTIFICATION_WORKING_DAYS"
HOTLINE_ACK_WORKING_DAYS = "HOTLINE_ACK_WORKING_DAYS"
SERVICE_UNAVAILABLE_ALERT_MINUTES = "SERVICE_UNAVAILABLE_ALERT_MINUTES"
# The handling time limit of each work-order type (maintenance.hotline.models.WorkOrderType values).
HOTLINE_HANDLE_WORKING_DAYS = {
    "consultation": "HOTLINE_HANDLE_WORKING_DAYS_CONSULTATION",
    "help_request": "HOTLINE_HANDLE_WORKING_DAYS_HELP_REQUEST",
    "suggestion": "HOTLINE_HANDLE_WORKING_DAYS_SUGGESTION",
    "complaint": "HOTLINE_HANDLE_WORKING_DAYS_COMPLAINT",
    "report": "HOTLINE_HANDLE_WORKING_DAYS_REPORT",
}
_HANDLE_LABELS = {
    "consultation": (_("Handling time limit of consultations"), 2),
    "help_request": (_("Handling time limit of help requests"), 10),
    "suggestion": (_("Handling time limit of suggestions"), 10),
    "complaint": (_("Handling time limit of complaints"), 15),
    "report": (_("Handling time limit of reports"), 15),
}

PARAMETERS = (
    ParameterSpec(ADVANCE_FILING_WORKING_DAYS, _("Lead time of advance filings"), "第十六条", Unit.WORKING_DAYS,
                  default=3, min=1, max=30,
                  help=_("Full working days between the first submission of an advance filing (major event, system "
                         "upgrade) and the day its window opens; a shorter lead is flagged late.")),
    ParameterSpec(FAULT_REPORT_LIMIT_MINUTES, _("Reporting limit of faults"), "第十六条", Unit.MINUTES,
                  default=60, min=5, max=1440,
                  help=_("Minutes from the occurrence of a fault to its report; a later report is flagged late.")),
    ParameterSpec(HOTLINE_ACK_WORKING_DAYS, _("Acknowledgement time limit of work orders"), "第十八条",
                  Unit.WORKING_DAYS, default=1, min=1, max=10,
                  help=_("Working days the responsible org unit has to acknowledge a dispatched 12345 work order.")),
    *(ParameterSpec(HOTLINE_HANDLE_WORKING_DAYS[type_], label, "第十八条", Unit.WORKING_DAYS, default=default,
                    min=1, max=60,
                    help=_("Working days to handle a 12345 work order of this type, from its dispatch."))
      for type_, (label, default) in _HANDLE_LABELS.items()),
    ParameterSpec(BAD_REVIEW_RECTIFICATION_WORKING_DAYS, _("Rectification time limit of bad reviews"), "第十八条",
                  Unit.WORKING_DAYS, default=15, min=1, max=60,
                  help=_("Working days to rectify the cause of a bad review of a handled case.")),
    ParameterSpec(SERVICE_UNAVAILABLE_ALERT_MINUTES, _("Unavailability that raises a supervision alert"),
                  "第十七条", Unit.MINUTES, default=60, min=5, max=1440,
                  help=_("Minutes a listed service may stay unavailable (an unresolved anomaly) before electronic "
                         "supervision raises an alert for its owner.")),
)


def hotline_limits(work_order_type, at):
    """(acknowledge, handle) working days of a work-order type for a clock starting at `at`."""
    return (policy_value(HOTLINE_ACK_WORKING_DAYS, at),
            policy_value(HOTLINE_HANDLE_WORKING_DAYS[str(work_order_type)], at))
