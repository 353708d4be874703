from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_securityevent_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_securityevent is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_securityevent_append_only
  BEFORE UPDATE OR DELETE ON audit_securityevent
  FOR EACH ROW EXECUTE FUNCTION audit_securityevent_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_securityevent_append_only ON audit_securityevent;
DROP FUNCTION IF EXISTS audit_securityevent_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    """On PostgreSQL the database itself refuses to change or delete a security event."""

    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create_trigger, drop_trigger)]
