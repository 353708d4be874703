"""Admin pages of the chapter: Django's autodiscovery imports <app>.admin only, so each area's module is here."""

from .hotline import admin as _hotline  # noqa: F401
