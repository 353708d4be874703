from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters


class PrivacyConfig(chapters.ChapterConfig):
    name = "ganfutong_admin.privacy"
    label = "privacy"
    verbose_name = _("Personal data protection")
    kernel_app = True
