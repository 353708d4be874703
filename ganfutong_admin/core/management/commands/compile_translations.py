"""Compile locale/*/LC_MESSAGES/*.po to .mo with polib, so that setup needs no GNU gettext."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the project's .po files to .mo (pure Python; no gettext needed)."

    def handle(self, *args, **options):
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
                po = polib.pofile(str(po_path))
                untranslated = [e.msgid for e in po.untranslated_entries()]
                fuzzy = [e.msgid for e in po.fuzzy_entries()]
                if untranslated or fuzzy:
                    raise CommandError(
                        f"{po_path}: {len(untranslated)} untranslated and {len(fuzzy)} fuzzy entries, "
                        f"e.g. {(untranslated + fuzzy)[:3]}"
                    )
                po.save_as_mofile(str(po_path.with_suffix(".mo")))
                compiled += 1
        self.stdout.write(f"Compiled {compiled} catalogue(s).")
