"""What the system stores or sends is in the office language even when the actor browses in English."""

from django.utils import translation
from django.utils.translation import gettext as _

from ganfutong_admin.core.language import in_office_language, stored


def test_stored_text_is_chinese_for_an_english_session():
    with translation.override("en"):
        assert stored(lambda: _("Approve")) == "批准"
        assert _("Approve") == "Approve"  # the session itself stays English


def test_the_decorator_writes_in_the_office_language():
    @in_office_language
    def title():
        return _("Approve")

    with translation.override("en"):
        assert title() == "批准"
