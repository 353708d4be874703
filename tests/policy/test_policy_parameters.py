"""The policy-parameter mechanism (ganfutong_admin.policy): value(name, at) at the boundaries of an effective date,
the declarations collected through the chapter contract, and the environment settings that are gone."""

import importlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.conf import settings
from factories import policy_version

from ganfutong_admin.core import chapters
from ganfutong_admin.policy import parameters
from ganfutong_admin.policy.models import AppendOnlyError, ParameterVersion
from ganfutong_admin.policy.parameters import ParameterSpec, Unit, UnknownParameter, value

SH = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")

OPERATIONS = {"OPERATIONS_PLAN_DUE_WORKING_DAYS": 40}
KERNEL = {"REVIEW_WORKING_DAYS": 5, "EMERGENCY_WRITTEN_FILING_WORKING_DAYS": 1,
          "RECTIFICATION_DEFAULT_WORKING_DAYS": 10}
# 第二十二条 (reporting a security incident; MLPS assessments of connected systems), 第二十三条 (drilling each
# emergency plan), 第二十条 (training)
SECURITY = {"SECURITY_INCIDENT_REPORT_LIMIT_MINUTES": 60, "SECURITY_DRILL_INTERVAL_MONTHS": 12,
            "SECURITY_TRAINING_MIN_ATTENDEES_PER_YEAR": 5, "SECURITY_MLPS_ASSESSMENT_MONTHS_LEVEL3_UP": 12,
            "SECURITY_MLPS_ASSESSMENT_MONTHS_LEVEL2": 24}
# accounts and sign-in (MLPS level 3), read at sign-in, at a password change and when a token is issued
ACCOUNTS = {"PASSWORD_MIN_LENGTH": 12, "PASSWORD_HISTORY": 5, "PASSWORD_MAX_AGE_DAYS": 90, "SESSION_IDLE_MINUTES": 30,
            "SYSTEM_ROLE_IDLE_MINUTES": 15, "SESSION_ABSOLUTE_HOURS": 12, "MAX_CONCURRENT_SESSIONS": 3,
            "API_TOKEN_DAYS": 7, "LOCKOUT_FAILURE_LIMIT": 5, "LOCKOUT_MINUTES": 30, "IP_FAILURE_LIMIT": 100,
            "DORMANT_ACCOUNT_DAYS": 90}
MAINTENANCE = {
    "ADVANCE_FILING_WORKING_DAYS": 3, "FAULT_REPORT_LIMIT_MINUTES": 60, "BAD_REVIEW_RECTIFICATION_WORKING_DAYS": 15,
    "HOTLINE_ACK_WORKING_DAYS": 1, "HOTLINE_HANDLE_WORKING_DAYS_CONSULTATION": 2,
    "HOTLINE_HANDLE_WORKING_DAYS_HELP_REQUEST": 10, "HOTLINE_HANDLE_WORKING_DAYS_SUGGESTION": 10,
    "HOTLINE_HANDLE_WORKING_DAYS_COMPLAINT": 15, "HOTLINE_HANDLE_WORKING_DAYS_REPORT": 15,
    "SERVICE_UNAVAILABLE_ALERT_MINUTES": 60,
}
SUPERVISION = {"SUPERVISION_YELLOW_CARD_DAYS": 3, "SUPERVISION_RED_CARD_DAYS": 10}


# --- value(name, at) -----------------------------------------------------------------------------------------

@pytest.fixture
def changed(db):
    """REVIEW_WORKING_DAYS: default 5, 7 from 2027-03-01, 9 from 2027-06-01."""
    policy_version("REVIEW_WORKING_DAYS", 7, effective_from=date(2027, 3, 1))
    policy_version("REVIEW_WORKING_DAYS", 9, effective_from=date(2027, 6, 1))


@pytest.mark.parametrize(("at", "expected"), [
    (date(2027, 2, 28), 5),  # the day before: the declared default
    (date(2027, 3, 1), 7),  # on the effective date
    (date(2027, 3, 2), 7),  # the day after
    (date(2027, 5, 31), 7),
    (date(2027, 6, 1), 9),  # the latest version with effective_from <= the date wins
    (date(2030, 1, 1), 9),
])
def test_value_at_dates_around_the_effective_date(changed, at, expected):
    assert value("REVIEW_WORKING_DAYS", at) == expected


@pytest.mark.parametrize(("at", "expected"), [
    (datetime(2027, 2, 28, 23, 59, 59, tzinfo=SH), 5),
    (datetime(2027, 3, 1, 0, 0, tzinfo=SH), 7),
    # 2027-02-28 16:30 UTC is already 1 March in Jiangxi: the local date decides.
    (datetime(2027, 2, 28, 16, 30, tzinfo=UTC), 7),
    (datetime(2027, 2, 28, 15, 59, tzinfo=UTC), 5),
])
def test_value_at_moments_uses_the_local_date(changed, at, expected):
    assert value("REVIEW_WORKING_DAYS", at) == expected


def test_value_now_and_other_parameters(changed, time_machine):
    time_machine.move_to(datetime(2027, 3, 1, 8, 0, tzinfo=SH), tick=False)
    assert value("REVIEW_WORKING_DAYS") == 7
    assert value("EMERGENCY_WRITTEN_FILING_WORKING_DAYS") == 1  # another parameter keeps its default
    time_machine.move_to(datetime(2027, 2, 28, 23, 0, tzinfo=SH), tick=False)
    assert value("REVIEW_WORKING_DAYS") == 5
    assert parameters.version_in_force("REVIEW_WORKING_DAYS") is None


def test_unknown_names_raise(db):
    with pytest.raises(UnknownParameter):
        value("REVIEW_WORKING_DAY")
    with pytest.raises(UnknownParameter):
        parameters.spec("NO_SUCH_LIMIT")
    # A row for a name nobody declares is not a declaration.
    ParameterVersion.objects.create(name="NO_SUCH_LIMIT", value=1, effective_from=date(2020, 1, 1), article="第一条",
                                    reason="测试")
    with pytest.raises(UnknownParameter):
        value("NO_SUCH_LIMIT")


def test_versions_are_append_only(db):
    version = policy_version("REVIEW_WORKING_DAYS", 7)
    version.value = 8
    with pytest.raises(AppendOnlyError):
        version.save()
    with pytest.raises(AppendOnlyError):
        version.delete()
    assert ParameterVersion.objects.get().value == 7


# --- declarations ----------------------------------------------------------------------------------------------

def declared_by(label):
    return {spec.name: spec.default for spec in apps.get_app_config(label).policy_parameters()}


def test_the_kernel_and_maintenance_declare_their_parameters_through_the_contract():
    assert declared_by("workflow") == KERNEL
    assert declared_by("maintenance") == MAINTENANCE
    assert declared_by("supervision") == SUPERVISION
    assert declared_by("operations") == OPERATIONS
    assert declared_by("security") == SECURITY
    assert declared_by("accounts") == ACCOUNTS
    assert {spec.name: spec.default for spec in chapters.policy_parameters()} == {
        **KERNEL, **ACCOUNTS, **MAINTENANCE, **OPERATIONS, **SECURITY, **SUPERVISION}


def test_every_declaration_names_its_article_unit_and_range():
    for spec in chapters.policy_parameters():
        assert spec.article.startswith("第") and spec.article.endswith("条"), spec.name
        assert spec.unit in Unit.values
        assert 1 <= spec.min <= spec.default <= spec.max, spec.name
        assert str(spec.label) and str(spec.help), spec.name
    assert parameters.spec("FAULT_REPORT_LIMIT_MINUTES").unit == Unit.MINUTES
    assert parameters.spec("HOTLINE_HANDLE_WORKING_DAYS_COMPLAINT").article == "第十八条"


def test_a_declaration_outside_its_own_range_is_refused():
    with pytest.raises(ValueError, match="outside"):
        ParameterSpec("X_DAYS", "x", "第一条", Unit.WORKING_DAYS, default=0, min=1, max=5)
    with pytest.raises(ValueError, match="unit"):
        ParameterSpec("X_DAYS", "x", "第一条", "fortnights", default=1, min=1, max=5)


@pytest.mark.parametrize("name", [*KERNEL, *MAINTENANCE, *SECURITY])
def test_the_settings_read_no_time_limit(name):
    assert not hasattr(settings, name)


# --- the migration from the hotline's time-limit table ---------------------------------------------------------

def test_the_time_limit_table_migration_keeps_only_edited_rows():
    migration = importlib.import_module("maintenance.migrations.0004_time_limits_to_policy_parameters")
    defaults = [("consultation", 1, 2, None), ("help_request", 1, 10, None), ("suggestion", 1, 10, None),
                ("complaint", 1, 15, None), ("report", 1, 15, None)]
    assert migration.versions_from_rows(defaults) == []
    edited = [("consultation", 1, 3, 7), ("help_request", 1, 10, None), ("suggestion", 2, 10, 8),
              ("complaint", 3, 12, 9), ("report", 1, 15, None)]
    # One acknowledgement parameter: the longest edited limit, so that no order gets less time than before.
    assert migration.versions_from_rows(edited) == [
        ("HOTLINE_ACK_WORKING_DAYS", 3, 9),
        ("HOTLINE_HANDLE_WORKING_DAYS_CONSULTATION", 3, 7),
        ("HOTLINE_HANDLE_WORKING_DAYS_COMPLAINT", 12, 9),
    ]
    assert migration.REASON == "迁移自热线时限表"
    # Every name the migration writes is declared.
    for name, _value, _by in migration.versions_from_rows(edited):
        assert parameters.spec(name).article == migration.ARTICLE
