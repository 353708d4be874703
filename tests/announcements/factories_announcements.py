"""factory_boy factory for announcements (the shared tests/factories.py stays untouched)."""

from datetime import timedelta

import factory
from django.utils import timezone
from factories import org

from ganfutong_admin.announcements.models import Announcement


class AnnouncementFactory(factory.django.DjangoModelFactory):
    """Inserted directly in the state a test needs; the workflow itself is exercised through the views/API."""

    class Meta:
        model = Announcement

    title = factory.Sequence(lambda n: f"系统维护公告 {n}")
    category = "general"
    body = "<p>赣服通平台将于周六凌晨进行系统维护。</p>"
    owner_org = factory.LazyFunction(lambda: org("OP3601"))

    class Params:
        public = factory.Trait(
            status="published", publish_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)),
        )
        scheduled = factory.Trait(
            status="published", publish_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1)),
        )
        expired = factory.Trait(
            status="published", publish_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=10)),
            expire_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )
        withdrawn = factory.Trait(
            status="withdrawn", publish_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=2)),
            withdrawn_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )
