from django.core.management.base import BaseCommand, CommandError

from ganfutong_admin.observability.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Back up the PostgreSQL database (pg_dump -Fc), the uploaded files (MEDIA_ROOT) and a manifest "
            "(row counts, the security log's last hash) into a new directory.")

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, directory, **options):
        try:
            manifest = backup(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        tables = manifest["database"]["tables"]
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {directory}: {len(tables)} tables, {sum(tables.values())} rows, "
            f"{manifest['media']['files']} files, security log ends at {manifest['security_log']['last_hash'][:12]}."))
