from django.utils.translation import gettext as _

from ganfutong_admin.workflow import engine

from .models import CircularStatus


class CircularLifecycle(engine.Lifecycle):
    def guard(self, step):
        circular = step.record
        if step.action == "submit" and not circular.entries.exists():
            return _("Name at least one org unit with its result.")
        if step.action in {"publish", "return"} and circular.created_by_id == step.user.pk:
            return _("A circular is reviewed by someone other than its drafter.")
        return None

    def apply(self, step):
        if step.transition.target == CircularStatus.PUBLISHED:
            step.record.published_at = step.now
            step.record.published_by = step.user
