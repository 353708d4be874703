"""The one workflow engine: explicit transition tables, applied under a row lock with a version check.

A model that has a workflow inherits WorkflowHooks, declares `workflow = Workflow([...Transition...])`,
a `status` and a `version` field, may override `transition_available(t)` (is this transition offered
at all for this record?) and `transition_requires_comment(t)`, and implements three hooks:

- `transition_guard(transition, user, comment)` -> an error message or None,
- `on_transition(transition, user, comment)` -> sets timestamps and derived fields before save,
- `record_transition(transition, from_status, user, comment)` -> writes the event row.

`perform(model, pk, action, user, version, comment)` runs one transition in one transaction:
scope check, row lock, version check, permission, guard, apply, event, notifications on commit.
There is no other way to change `status`.
"""

from dataclasses import dataclass, field, replace

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.language import office_language
from ganfutong_admin.orgs.scoping import VIEW


@dataclass(frozen=True)
class Transition:
    sources: tuple
    action: str
    target: str
    permission: str  # codename in the model's app, e.g. "review_filing"; also the scope action
    label: Promise
    comment_required: bool = False
    style: str = "primary"
    confirm: Promise | str = ""  # asked in the browser before the action is sent (irreversible ones)


@dataclass
class Workflow:
    transitions: list
    actions: frozenset = field(init=False)

    def __post_init__(self):
        self.actions = frozenset(t.action for t in self.transitions)
        seen = set()
        for t in self.transitions:
            for source in t.sources:
                if (source, t.action) in seen:
                    raise ValueError(f"duplicate transition {source} --{t.action}-->")
                seen.add((source, t.action))

    def find(self, status, action):
        for t in self.transitions:
            if t.action == action and status in t.sources:
                return t
        return None

    def from_status(self, status):
        return [t for t in self.transitions if status in t.sources]

    def allowed(self, obj, user):
        """Transitions the user may try on this record now, each with its effective comment rule.

        Guards that depend on the input (a comment, an attachment) are checked when performed."""
        model = type(obj)
        allowed = []
        for t in self.from_status(obj.status):
            if not obj.transition_available(t):
                continue
            if model.objects.visible_to(user, t.permission).filter(pk=obj.pk).exists():
                allowed.append(replace(t, comment_required=t.comment_required or obj.transition_requires_comment(t)))
        return allowed


class WorkflowHooks:
    """Defaults for the per-record questions the engine asks."""

    def transition_available(self, transition):
        return True

    def transition_requires_comment(self, transition):
        return False

    def record_transition(self, transition, from_status, user, comment):
        """Default: one row in the record's `events` (a workflow.models.TransitionEvent subclass).
        Models without a timeline table (simple-history is theirs) return None instead."""
        return self.record_event(user, transition.action, from_status, transition.target, comment)

    def record_event(self, user, action, from_status, to_status, comment="", **fields):
        """A timeline row at the record's current version: transitions, and the event that opens it."""
        return self.events.create(actor=user, action=action, from_status=from_status, to_status=to_status,
                                  comment=comment, version=self.version, **fields)


class TransitionError(Exception):
    status_code = 400

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class UnknownAction(TransitionError):
    status_code = 400


class NotAllowedFromState(TransitionError):
    status_code = 409


class StaleVersion(TransitionError):
    status_code = 409


class GuardRefused(TransitionError):
    status_code = 400


class NotPermitted(TransitionError):
    status_code = 403


class NotFound(TransitionError):
    status_code = 404


def perform(model, pk, action, user, version, comment=""):
    """Apply `action` to record `pk` as `user`, expecting `version`. Returns the updated record."""
    workflow = model.workflow
    comment = (comment or "").strip()
    if action not in workflow.actions:
        raise UnknownAction(_("Unknown action “%(action)s”.") % {"action": action})
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise TransitionError(_("A valid version number is required.")) from None

    with transaction.atomic():
        if not model.objects.visible_to(user, VIEW).filter(pk=pk).exists():
            raise NotFound(_("Not found."))
        # Lock only the record's own row; concurrent actors queue here and then see the new version.
        obj = model.objects.select_for_update(of=("self",)).get(pk=pk)
        if obj.version != version:
            raise StaleVersion(
                _("This record was changed by someone else (version %(current)s, you had %(yours)s). "
                  "Reload and try again.") % {"current": obj.version, "yours": version}
            )
        t = workflow.find(obj.status, action)
        if t is None or not obj.transition_available(t):
            raise NotAllowedFromState(
                _("“%(action)s” is not possible while the record is “%(status)s”.")
                % {"action": action, "status": obj.get_status_display()}
            )
        if not model.objects.visible_to(user, t.permission).filter(pk=pk).exists():
            raise NotPermitted(_("You are not allowed to do this."))
        if (t.comment_required or obj.transition_requires_comment(t)) and not comment:
            raise GuardRefused(_("A comment is required for “%(label)s”.") % {"label": t.label})
        problem = obj.transition_guard(t, user, comment)
        if problem:
            raise GuardRefused(problem)

        from_status = obj.status
        obj.status = t.target
        obj.version += 1
        obj.on_transition(t, user, comment)
        with office_language():
            obj._change_reason = f"{t.label}：{comment}"[:100] if comment else str(t.label)
        obj.save()
        event = obj.record_transition(t, from_status, user, comment)
        transaction.on_commit(lambda: obj.notify_transition(t, from_status, user, comment, event))
    return obj
