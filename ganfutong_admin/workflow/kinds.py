"""Filing kinds. The kernel knows none: each app declares its own (ChapterConfig.filing_kinds()).

A kind's hooks receive the engine's Step (step.record is the filing): `guards` decide only (a message refuses
the action); `on_submitted` and `on_decided` are effects, run after the filing is saved, in its transaction."""

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
    guards: dict = field(default_factory=dict)  # action -> callable(step) -> message | None
    # Effects, called with the step: each time the filing reaches "submitted" (submit, resubmit, written filing),
    # and when it is decided (approved, acknowledged, rejected; not withdrawn).
    on_submitted: Callable | None = None
    on_decided: Callable | None = None

    def review_days(self, at=None):
        """Working days to review a filing submitted at `at`."""
        from ganfutong_admin.policy.parameters import value

        from .parameters import REVIEW_WORKING_DAYS

        return self.review_working_days or value(REVIEW_WORKING_DAYS, at)


_REGISTRY: dict[str, FilingKind] = {}
# Guards other apps add to a kind: (kind code, action) -> [callable(step) -> message | None].
_EXTRA_GUARDS: dict[tuple, list] = {}


def register(kind):
    _REGISTRY[kind.code] = kind
    return kind


def add_guard(code, action, guard):
    guards = _EXTRA_GUARDS.setdefault((code, action), [])
    if guard not in guards:
        guards.append(guard)


def guards_for(code, action):
    """The kind's own guard for the action, then the ones other apps added."""
    kind = _REGISTRY.get(code)
    own = [kind.guards[action]] if kind is not None and action in kind.guards else []
    return own + _EXTRA_GUARDS.get((code, action), [])


def get(code):
    return _REGISTRY.get(code)


def all_kinds():
    return list(_REGISTRY.values())


def choices():
    return [(k.code, k.label) for k in _REGISTRY.values()]
