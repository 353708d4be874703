from django.core.management.base import BaseCommand, CommandError

from ganfutong_admin.observability.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Restore a backup directory (manage.py backup) into the empty database of DATABASE_URL and the empty "
            "MEDIA_ROOT, then compare row counts and the security log with the manifest.")

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, directory, **options):
        try:
            manifest, differences = restore(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if differences:
            raise CommandError("Restored, but it differs from the manifest:\n" + "\n".join(differences))
        self.stdout.write(self.style.SUCCESS(
            f"Restored {directory} (version {manifest['app_version']}, {manifest['created_at']}): row counts, "
            "security log and files match the manifest."))
