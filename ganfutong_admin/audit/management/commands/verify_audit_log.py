from django.core.management.base import BaseCommand, CommandError

from ganfutong_admin.audit.models import verify_chain


class Command(BaseCommand):
    help = "Check the hash chain of the security event log (the archive included) and report the first broken link."

    def handle(self, *args, **options):
        check = verify_chain()
        if not check.intact:
            raise CommandError(f"Security event log broken at event #{check.broken.pk} ({check.broken}), "
                               f"after {check.checked} events checked.")
        self.stdout.write(self.style.SUCCESS(
            f"Security event log intact: {check.checked} events checked ({check.archived} archived)."))
