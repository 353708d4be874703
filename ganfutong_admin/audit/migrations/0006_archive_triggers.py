from django.db import migrations

# The live log stays append-only except for one kind of DELETE: a row older than 180 days (the legal minimum,
# whatever SECURITY_LOG_RETENTION_DAYS says) whose identical copy (same id and hash) is already in the archive.
# The archive itself refuses every UPDATE and DELETE.
CREATE = """
CREATE OR REPLACE FUNCTION audit_securityevent_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE'
     AND OLD.created_at < now() - interval '180 days'
     AND EXISTS (SELECT 1 FROM audit_archivedsecurityevent a
                 WHERE a.id = OLD.id AND a.row_hash = OLD.row_hash AND a.prev_hash = OLD.prev_hash) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_securityevent is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION audit_archivedsecurityevent_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_archivedsecurityevent is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_archivedsecurityevent_append_only
  BEFORE UPDATE OR DELETE ON audit_archivedsecurityevent
  FOR EACH ROW EXECUTE FUNCTION audit_archivedsecurityevent_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_archivedsecurityevent_append_only ON audit_archivedsecurityevent;
DROP FUNCTION IF EXISTS audit_archivedsecurityevent_append_only();
CREATE OR REPLACE FUNCTION audit_securityevent_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_securityevent is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    """Archiving past retention: the only DELETE the database lets through (0002's trigger, relaxed)."""

    dependencies = [("audit", "0005_archived_security_event")]
    operations = [migrations.RunPython(create, drop)]
