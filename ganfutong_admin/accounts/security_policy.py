"""The security policy of accounts and sign-in (GB/T 22239-2019 level 3: 身份鉴别, 访问控制), as policy
parameters: each value has a version history and is read when it applies (at sign-in, at a password change,
when a token is issued), never on every request.

    from ganfutong_admin.accounts.security_policy import PASSWORD_MIN_LENGTH
    from ganfutong_admin.policy.parameters import value
    value(PASSWORD_MIN_LENGTH)

The minimums are level 3's floor: a version cannot weaken the policy below them.
"""

from dataclasses import replace

from django.utils.translation import gettext_lazy as _

from ganfutong_admin.policy.parameters import ParameterSpec, Unit

ARTICLE = "第二十一条"

PASSWORD_MIN_LENGTH = "PASSWORD_MIN_LENGTH"
PASSWORD_HISTORY = "PASSWORD_HISTORY"
PASSWORD_MAX_AGE_DAYS = "PASSWORD_MAX_AGE_DAYS"
SESSION_IDLE_MINUTES = "SESSION_IDLE_MINUTES"
SYSTEM_ROLE_IDLE_MINUTES = "SYSTEM_ROLE_IDLE_MINUTES"
SESSION_ABSOLUTE_HOURS = "SESSION_ABSOLUTE_HOURS"
MAX_CONCURRENT_SESSIONS = "MAX_CONCURRENT_SESSIONS"
API_TOKEN_DAYS = "API_TOKEN_DAYS"
LOCKOUT_FAILURE_LIMIT = "LOCKOUT_FAILURE_LIMIT"
LOCKOUT_MINUTES = "LOCKOUT_MINUTES"
IP_FAILURE_LIMIT = "IP_FAILURE_LIMIT"
DORMANT_ACCOUNT_DAYS = "DORMANT_ACCOUNT_DAYS"

SECURITY_PARAMETERS = (
    ParameterSpec(PASSWORD_MIN_LENGTH, _("Minimum password length"), ARTICLE, Unit.CHARACTERS,
                  default=12, min=12, max=64,
                  help=_("A password also needs three of: upper case, lower case, digits, symbols.")),
    ParameterSpec(PASSWORD_HISTORY, _("Passwords that cannot be reused"), ARTICLE, Unit.TIMES,
                  default=5, min=5, max=24, help=_("A new password may not be one of this many last ones.")),
    ParameterSpec(PASSWORD_MAX_AGE_DAYS, _("Password lifetime of system roles and reviewers"), ARTICLE, Unit.DAYS,
                  default=90, min=30, max=90,
                  help=_("After this many days the password must be changed at the next sign-in.")),
    ParameterSpec(SESSION_IDLE_MINUTES, _("Idle timeout"), ARTICLE, Unit.MINUTES, default=30, min=5, max=30,
                  help=_("A session ends after this long without a request.")),
    ParameterSpec(SYSTEM_ROLE_IDLE_MINUTES, _("Idle timeout of the system roles"), ARTICLE, Unit.MINUTES,
                  default=15, min=5, max=15, help=_("The idle timeout of sys_admin, sec_admin and audit_admin.")),
    ParameterSpec(SESSION_ABSOLUTE_HOURS, _("Longest session"), ARTICLE, Unit.HOURS, default=12, min=1, max=12,
                  help=_("A session ends this long after sign-in, however active.")),
    ParameterSpec(MAX_CONCURRENT_SESSIONS, _("Concurrent sessions per account"), ARTICLE, Unit.TIMES,
                  default=3, min=1, max=10, help=_("Signing in once more ends the oldest session.")),
    ParameterSpec(API_TOKEN_DAYS, _("API token lifetime"), ARTICLE, Unit.DAYS, default=7, min=1, max=30,
                  help=_("A token issued today stops working after this many days.")),
    ParameterSpec(LOCKOUT_FAILURE_LIMIT, _("Failed sign-ins before an account is locked"), ARTICLE, Unit.TIMES,
                  default=5, min=3, max=10,
                  help=_("Failures are counted per account, whatever address they come from.")),
    ParameterSpec(LOCKOUT_MINUTES, _("First lockout of an account"), ARTICLE, Unit.MINUTES,
                  default=30, min=5, max=1440, help=_("Each further lockout in a row lasts twice as long.")),
    ParameterSpec(IP_FAILURE_LIMIT, _("Failed sign-ins from one address per hour"), ARTICLE, Unit.TIMES,
                  default=100, min=20, max=1000,
                  help=_("Past this many an address is refused for the hour, whatever account it tries.")),
    ParameterSpec(DORMANT_ACCOUNT_DAYS, _("Dormant account"), ARTICLE, Unit.DAYS, default=90, min=30, max=365,
                  help=_("An account not signed in for this long is disabled.")),
)

# The security administrator sets these (docs/roles.md: sec_admin, "security policy"), not the provincial
# reviewers who set the measures' time limits.
SET_PERMISSION = "accounts.set_security_policy"
SECURITY_PARAMETERS = tuple(replace(parameter, set_permission=SET_PERMISSION) for parameter in SECURITY_PARAMETERS)
