"""The name issue 10 gives the check (`manage.py verify_security_log`): the same command as verify_audit_log."""

from .verify_audit_log import Command  # noqa: F401
