from django.core.management.base import BaseCommand, CommandError

from ganfutong_admin.audit.models import SecurityEvent, first_broken_link


class Command(BaseCommand):
    help = "Check the hash chain of the security event log and report the first broken link."

    def handle(self, *args, **options):
        broken = first_broken_link()
        if broken is not None:
            raise CommandError(f"Security event log broken at event #{broken.pk} ({broken}).")
        self.stdout.write(self.style.SUCCESS(f"Security event log intact: {SecurityEvent.objects.count()} events."))
