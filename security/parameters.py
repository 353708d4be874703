"""The security chapter's policy parameters, declared in SecurityConfig.policy_parameters(). A record reads them when
its clock starts and stores what it got, so that a new version never re-judges an old record."""

from django.utils.translation import gettext_lazy as _

from ganfutong_admin.policy.parameters import ParameterSpec, Unit

INCIDENT_REPORT_LIMIT_MINUTES = "SECURITY_INCIDENT_REPORT_LIMIT_MINUTES"
DRILL_INTERVAL_MONTHS = "SECURITY_DRILL_INTERVAL_MONTHS"
TRAINING_MIN_ATTENDEES = "SECURITY_TRAINING_MIN_ATTENDEES_PER_YEAR"
MLPS_HIGH_MONTHS = "SECURITY_MLPS_ASSESSMENT_MONTHS_LEVEL3_UP"
MLPS_LOW_MONTHS = "SECURITY_MLPS_ASSESSMENT_MONTHS_LEVEL2"

PARAMETERS = (
    ParameterSpec(INCIDENT_REPORT_LIMIT_MINUTES, _("Reporting limit of security incidents"), "第二十二条",
                  Unit.MINUTES, default=60, min=5, max=1440,
                  help=_("Minutes from the occurrence of a security incident to its report; a later report is "
                         "flagged late.")),
    ParameterSpec(DRILL_INTERVAL_MONTHS, _("Drill interval of emergency plans"), "第二十三条", Unit.MONTHS,
                  default=12, min=1, max=24,
                  help=_("Months from a plan's taking effect, or its last drill, to the next drill that is due.")),
    ParameterSpec(TRAINING_MIN_ATTENDEES, _("Security training coverage per org unit and year"), "第二十条",
                  Unit.PEOPLE, default=5, min=1, max=500,
                  help=_("Attendances of an org unit's staff at security training sessions in a calendar year below "
                         "which the unit is listed as under-trained.")),
    ParameterSpec(MLPS_HIGH_MONTHS, _("MLPS assessment interval, level 3 and above"), "第二十二条", Unit.MONTHS,
                  default=12, min=1, max=36,
                  help=_("Months from a connected system's last MLPS assessment to the next one, for systems of "
                         "level 3 and above (assessed at least once a year).")),
    ParameterSpec(MLPS_LOW_MONTHS, _("MLPS assessment interval, level 2"), "第二十二条", Unit.MONTHS,
                  default=24, min=1, max=60,
                  help=_("Months from a level-2 system's last MLPS assessment to the next one; level-1 systems have "
                         "no mandatory assessment.")),
)
