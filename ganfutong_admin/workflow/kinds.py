"""Filing kinds. The kernel knows none: each app declares its own (ChapterConfig.filing_kinds()).

A kind's hooks receive the engine's Step (step.record is the filing): `guards` decide only (a message refuses
the action); `on_submitted` and `on_decided` are effects, run after the filing is saved, in its transaction."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class StartProblem:
    """Why a filing of a kind cannot be started for a subject (or cannot go further once saved), said before the
    form: `blocks` means saving would fail; otherwise the draft saves but cannot be submitted yet. `url` and
    `link_label` point to where it is fixed (the filing already in progress, the self-test, the register)."""

    message: str
    blocks: bool = True
    url: str = ""
    link_label: object = ""


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
    # Starting a filing (the 报备 page, the service page, the save of a new filing):
    start_query: str = ""  # query string the create_url needs (e.g. "kind=service_listing")
    may_start: Callable | None = None  # callable(user) -> bool, beyond workflow.add_filing
    # callable(user, subject, exclude_filing) -> [StartProblem]: subject is what the filing is about (a service),
    # or None for the kind as a whole. One function decides for the button and for the save.
    start_check: Callable | None = None
    subject_label: object = ""  # what the subject is ("service"), for a kind whose filings are about one

    def start_url(self):
        if not self.create_url:
            return ""
        try:
            url = reverse(self.create_url)
        except NoReverseMatch:  # pages of the kind not installed
            return ""
        return f"{url}?{self.start_query}" if self.start_query else url

    def review_days(self, at=None):
        """Working days to review a filing submitted at `at`."""
        from ganfutong_admin.policy.parameters import value

        from .parameters import REVIEW_WORKING_DAYS

        return self.review_working_days or value(REVIEW_WORKING_DAYS, at)


_REGISTRY: dict[str, FilingKind] = {}
# Guards other apps add to a kind: (kind code, action) -> [callable(step) -> message | None].
_EXTRA_GUARDS: dict[tuple, list] = {}
# Start checks other apps add to a kind: code -> [callable(user, subject, exclude_filing) -> [StartProblem]].
_EXTRA_START_CHECKS: dict[str, list] = {}


def register(kind):
    _REGISTRY[kind.code] = kind
    return kind


def add_guard(code, action, guard):
    guards = _EXTRA_GUARDS.setdefault((code, action), [])
    if guard not in guards:
        guards.append(guard)


def add_start_check(code, check):
    checks = _EXTRA_START_CHECKS.setdefault(code, [])
    if check not in checks:
        checks.append(check)


def may_start(kind, user):
    """Whether the user may start filings of this kind at all (permission, the kind's own rule, a page for it)."""
    if not kind.create_url or not user.has_perm("workflow.add_filing"):
        return False
    return kind.may_start(user) if kind.may_start is not None else True


def start_problems(code, user, subject=None, exclude_filing=None):
    """Everything that stands in the way of a filing of kind `code` about `subject`, the kind's own checks first,
    then those other apps added (security: the data-security register). The button that offers the kind and the
    save of the filing both ask this, so they cannot disagree."""
    kind = _REGISTRY.get(code)
    if kind is None:
        return []
    checks = ([kind.start_check] if kind.start_check is not None else []) + _EXTRA_START_CHECKS.get(code, [])
    problems = []
    for check in checks:
        problems.extend(check(user, subject, exclude_filing) or [])
    return problems


def can_start(code, user, subject=None, exclude_filing=None):
    """True when the user may start a filing of kind `code` about `subject` and saving it would succeed."""
    kind = _REGISTRY.get(code)
    if kind is None or not may_start(kind, user):
        return False
    return not any(p.blocks for p in start_problems(code, user, subject, exclude_filing))


_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def article_number(article):
    """第十六条 -> 16 (the measures have fewer than a hundred articles); 999 when it cannot be read."""
    core = article.split("、")[0].removeprefix("第").removesuffix("条")
    if "十" in core:
        tens, _, ones = core.partition("十")
        return _DIGITS.get(tens, 1) * 10 + _DIGITS.get(ones, 0)
    return _DIGITS.get(core, 999)


def startable(user):
    """[(kind, url)] the user may start, in the order of the articles they serve (the 报备 page offers them)."""
    result = []
    for kind in sorted(_REGISTRY.values(), key=lambda k: article_number(k.article)):
        if may_start(kind, user):
            url = kind.start_url()
            if url:
                result.append((kind, url))
    return result


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
