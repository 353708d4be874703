"""Filing kinds. The kernel knows none: each chapter registers its own in AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FilingKind:
    code: str
    label: object  # lazy translation
    article: str  # the article of the measures it serves, e.g. "第五条"
    detail_attr: str  # reverse one-to-one name of the kind's detail model on Filing
    create_url: str = ""  # URL name of the page that starts a filing of this kind
    edit_url: str = ""  # URL name (with pk) of the page that edits a draft or returned filing
    detail_template: str = ""  # template included on the filing page for the kind's details
    for_the_record: bool = False  # 备案: acknowledged, not approved
    review_working_days: int = 0  # 0: the policy parameter REVIEW_WORKING_DAYS in force at the submission
    comment_required: frozenset = frozenset()  # actions that need a recorded reason for this kind
    guards: dict = field(default_factory=dict)  # action -> callable(filing, user) -> message | None
    on_decided: Callable | None = None  # called with (filing, transition, user, comment) inside the transaction
    # Called the same way each time the filing reaches "submitted" (submit, resubmit, written filing), after
    # submitted_at is set and before the row is saved: kinds that judge the submission itself (lead time) hook here.
    on_submitted: Callable | None = None

    def review_days(self, at=None):
        """Working days to review a filing submitted at `at`."""
        from ganfutong_admin.policy.parameters import value

        from .parameters import REVIEW_WORKING_DAYS

        return self.review_working_days or value(REVIEW_WORKING_DAYS, at)


_REGISTRY: dict[str, FilingKind] = {}


def register(kind):
    _REGISTRY[kind.code] = kind
    return kind


def get(code):
    return _REGISTRY.get(code)


def all_kinds():
    return list(_REGISTRY.values())


def choices():
    return [(k.code, k.label) for k in _REGISTRY.values()]
