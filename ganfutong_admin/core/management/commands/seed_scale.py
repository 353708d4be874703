"""Province-scale data on PostgreSQL for measuring (`make bench-data`): see ganfutong_admin/core/scale_sql.py.

Runs seed_demo first, once (the org tree comes with the migrations; demo users and records), then each app's
`scale` module: every app removes the rows of a previous run, then inserts its own with set-based SQL.
Ends with VACUUM ANALYZE so that the planner knows the new sizes.
"""

import importlib
import io
import time

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from ganfutong_admin.core.scale_sql import SCALES, ScaleContext
from ganfutong_admin.orgs.models import OrgUnit


def scale_modules():
    """Each app's `scale` module, in INSTALLED_APPS order (the kernel's before the chapters')."""
    modules = []
    for app_config in apps.get_app_configs():
        if app_config.name.startswith("django"):
            continue
        try:
            modules.append(importlib.import_module(f"{app_config.name}.scale"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{app_config.name}.scale":
                raise
    return modules


class Command(BaseCommand):
    help = "Generate province-scale data (PostgreSQL only) for `make bench`. Safe to run again: it refills its rows."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="default")
        parser.add_argument("--services", type=int)
        parser.add_argument("--filings", type=int)
        parser.add_argument("--work-orders", type=int, dest="work_orders")
        parser.add_argument("--rectifications", type=int)
        parser.add_argument("--refresh-demo", action="store_true",
                            help="run seed_demo even when its users exist (it is slow on a large data set)")
        parser.add_argument("--no-vacuum", action="store_true", help="skip VACUUM ANALYZE (inside a transaction)")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale needs PostgreSQL (DATABASE_URL=postgres://…): it writes set-based SQL.")
        if settings.PRODUCTION:
            raise CommandError("seed_scale refuses a production configuration (DJANGO_ENV=production).")
        sizes = dict(SCALES[options["scale"]])
        for name in sizes:
            if options.get(name) is not None:
                if options[name] < 0:
                    raise CommandError(f"--{name.replace('_', '-')} must be 0 or more.")
                sizes[name] = options[name]
        started = time.monotonic()
        User = get_user_model()
        if options["refresh_demo"] or not User.objects.filter(username="province_reviewer").exists():
            call_command("seed_demo", stdout=io.StringIO())
        users = list(User.objects.filter(is_active=True).exclude(org_unit=None).order_by("pk")
                     .values_list("pk", flat=True))
        if not users:
            raise CommandError("seed_demo made no users.")
        ctx = ScaleContext(
            sizes=sizes,
            org_ids=list(OrgUnit.objects.filter(is_active=True).order_by("path").values_list("pk", flat=True)),
            operator_id=OrgUnit.objects.operator().pk,
            province_id=OrgUnit.objects.get(code="360000").pk,
            user_ids=users,
        )
        if options["verbosity"] > 1:
            ctx.log = self.stdout.write
        ctx.shared["reviewer_id"] = User.objects.get(username="province_reviewer").pk
        modules = scale_modules()
        with transaction.atomic():
            for module in reversed(modules):
                module.clear(ctx)
            for module in modules:
                step = time.monotonic()
                module.seed(ctx)
                self.stdout.write(f"  {module.__name__}: {time.monotonic() - step:.1f} s")
        if not options["no_vacuum"]:
            step = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            self.stdout.write(f"  VACUUM ANALYZE: {time.monotonic() - step:.1f} s")
        for name, count in sorted(ctx.counts.items()):
            self.stdout.write(f"  {name}: {count:,} rows")
        self.stdout.write(self.style.SUCCESS(
            f"Scale data ready ({options['scale']}: {sizes}) in {time.monotonic() - started:.1f} s."))
