"""The one workflow engine: explicit transition tables, applied under a row lock with a version check.

A workflow model declares `workflow = Workflow([...Transition...])`, a `status` and a `version` field, and
inherits `WorkflowRecord` (its timeline). Its hooks are a `Lifecycle` object, bound once per model at start-up
(`Workflow.bind`, from the app's ChapterConfig.workflow_bindings()):

- `available(record, transition)`: is this transition offered at all for this record?
- `requires_comment(record, transition)`;
- `guard(step)` -> an error message or None. Guards only decide: they write nothing;
- `apply(step)`: the record's own fields (timestamps, derived values), before it is saved;
- `effects(step)`: other rows (rectifications, child records, a transition of another record), after the
  record is saved, in the same transaction;
- `record(step)` -> the timeline row; `on_commit(step)`: notifications, once the transaction commits.

A transition that needs input beyond a comment names a DRF serializer (`payload=`); the engine validates the
payload with it under the row lock and hands the validated data to the hooks as `step.data`. A transition
marked `internal=True` is a consequence of another decision (a listing filing approved makes its service
ready): people never take it, `perform()` refuses it, and only `perform_internal()` runs it.

`perform(model, pk, action, user, version, comment, payload)` runs one transition in one transaction: scope
check, row lock, version check, permission, payload, guard, apply, save, effects, event, notifications on
commit. There is no other way to change `status`.
"""

from dataclasses import dataclass, field, replace

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
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
    # A rest_framework Serializer class validating the action's input, or its dotted path (resolved when used,
    # so that a model's transition table need not import what the serializer imports).
    payload: type | str | None = None
    internal: bool = False  # taken only by the system, as the consequence of another decision
    # The deadline this action meets: the name of the record's deadline field (`due_at`, `ack_due_at`) read
    # before the action, and what taking it late is called (“逾期签收”). The engine stores on the action's
    # timeline row the deadline and how many working days late it was taken (workflow.deadlines).
    meets: str = ""
    late_label: Promise | str = ""


@dataclass
class Step:
    """One transition being performed: what every hook receives."""

    record: object
    transition: Transition
    user: object
    comment: str
    from_status: str
    data: dict = field(default_factory=dict)  # the validated payload
    now: object = field(default_factory=timezone.now)
    detail: str = ""  # what the timeline row says beyond the comment (set by apply/effects if the event has it)
    event: object = None
    deadline: object = None  # deadlines.DeadlineMet of a transition that `meets` one, or None

    @property
    def action(self):
        return self.transition.action


class Lifecycle:
    """Defaults for every hook; a model's own Lifecycle subclass overrides what it needs."""

    def available(self, record, transition):
        return True

    def requires_comment(self, record, transition):
        return False

    def guard(self, step):
        return None

    def apply(self, step):
        pass

    def effects(self, step):
        pass

    def record(self, step):
        """Default: one row in the record's `events` (a workflow.models.TransitionEvent subclass). Models without
        a timeline table (simple-history is theirs) return None from their own Lifecycle."""
        return step.record.record_event(step.user, step.action, step.from_status, step.transition.target,
                                        step.comment)

    def on_commit(self, step):
        pass


@dataclass
class Workflow:
    transitions: list
    actions: frozenset = field(init=False)
    hooks: Lifecycle = field(init=False, default_factory=Lifecycle)

    def __post_init__(self):
        self.actions = frozenset(t.action for t in self.transitions)
        seen = set()
        for t in self.transitions:
            for source in t.sources:
                if (source, t.action) in seen:
                    raise ValueError(f"duplicate transition {source} --{t.action}-->")
                seen.add((source, t.action))

    def bind(self, hooks):
        """Bind the model's Lifecycle, once (at start-up). Binding another kind of hooks later is a mistake."""
        if type(self.hooks) is not Lifecycle and type(self.hooks) is not type(hooks):
            raise ValueError(f"{type(self.hooks).__name__} is already bound to this workflow")
        self.hooks = hooks

    def find(self, status, action):
        for t in self.transitions:
            if t.action == action and status in t.sources:
                return t
        return None

    def named(self, action):
        """The first transition of that action (whatever its source state): its label, payload, confirm text."""
        return next((t for t in self.transitions if t.action == action), None)

    def from_status(self, status):
        return [t for t in self.transitions if status in t.sources]

    def allowed(self, obj, user):
        """Transitions the user may take on this record now, each with its effective comment rule.

        Guards that depend on the input (a comment, a payload) are checked when performed."""
        model = type(obj)
        allowed = []
        for t in self.from_status(obj.status):
            if t.internal or not self.hooks.available(obj, t):
                continue
            if model.objects.visible_to(user, t.permission).filter(pk=obj.pk).exists():
                allowed.append(replace(t, comment_required=t.comment_required or self.hooks.requires_comment(obj, t)))
        return allowed


class WorkflowRecord:
    """Mixin of every workflow model: the timeline row the engine (and the code that opens a record) writes."""

    def record_event(self, user, action, from_status, to_status, comment="", **fields):
        """A timeline row at the record's current version: transitions, and the event that opens it. A deadline
        met by the transition being performed (set by the engine) is kept on the row."""
        met = self.__dict__.pop("_deadline_met", None)
        if met is not None:
            fields.setdefault("deadline_at", met.due_at)
            fields.setdefault("late_working_days", met.late_working_days)
        return self.events.create(actor=user, action=action, from_status=from_status, to_status=to_status,
                                  comment=comment, version=self.version, **fields)


# Landed migrations name the mixin by its first name (bases=(...WorkflowHooks, models.Model)).
WorkflowHooks = WorkflowRecord


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


class InvalidPayload(GuardRefused):
    """The action's input did not validate: `errors` holds the messages per field (DRF's shape)."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("；".join(str(m) for messages in errors.values() for m in _as_list(messages)))


class NotPermitted(TransitionError):
    status_code = 403


class NotFound(TransitionError):
    status_code = 404


def _as_list(messages):
    if isinstance(messages, dict):
        return [m for value in messages.values() for m in _as_list(value)]
    return messages if isinstance(messages, list | tuple) else [messages]


def stale_message(current, yours):
    return _("This record was changed by someone else (version %(current)s, you had %(yours)s). "
             "Reload and try again.") % {"current": current, "yours": yours}


def perform(model, pk, action, user, version, comment="", payload=None):
    """Apply `action` to record `pk` as `user`, expecting `version`. Returns the updated record."""
    workflow = model.workflow
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
            raise StaleVersion(stale_message(obj.version, version))
        t = _transition(obj, action)
        if t.internal:
            raise GuardRefused(_("“%(label)s” follows from another decision and is not taken by hand.")
                               % {"label": t.label})
        if not model.objects.visible_to(user, t.permission).filter(pk=pk).exists():
            raise NotPermitted(_("You are not allowed to do this."))
        return _run(obj, t, user, comment, payload)


def perform_internal(model, pk, action, user, comment="", payload=None):
    """Run an `internal=True` transition as the consequence of `user`'s own (already checked) decision, inside
    the caller's transaction. Scope and permission are the caller's; state, payload and guard are checked."""
    with transaction.atomic():
        obj = model.objects.select_for_update(of=("self",)).get(pk=pk)
        t = _transition(obj, action)
        if not t.internal:
            raise ValueError(f"{action} is not an internal transition of {model.__name__}")
        return _run(obj, t, user, comment, payload)


def _transition(obj, action):
    workflow = type(obj).workflow
    t = workflow.find(obj.status, action)
    if t is None or not workflow.hooks.available(obj, t):
        raise NotAllowedFromState(
            _("“%(action)s” is not possible while the record is “%(status)s”.")
            % {"action": action, "status": obj.get_status_display()}
        )
    return t


def _validated(t, obj, user, payload):
    if t.payload is None:
        return {}
    if payload is not None and not hasattr(payload, "get"):
        raise InvalidPayload({"non_field_errors": [_("The input must be an object of named fields.")]})
    payload_class = import_string(t.payload) if isinstance(t.payload, str) else t.payload
    serializer = payload_class(data=payload if payload is not None else {}, context={"record": obj, "user": user})
    if not serializer.is_valid():
        raise InvalidPayload(serializer.errors)
    return serializer.validated_data


def _run(obj, t, user, comment, payload):
    hooks = type(obj).workflow.hooks
    comment = (comment or "").strip()
    if (t.comment_required or hooks.requires_comment(obj, t)) and not comment:
        raise GuardRefused(_("A comment is required for “%(label)s”.") % {"label": t.label})
    step = Step(record=obj, transition=t, user=user, comment=comment, from_status=obj.status,
                data=_validated(t, obj, user, payload))
    problem = hooks.guard(step)
    if problem:
        raise GuardRefused(problem)
    if t.meets:
        # Read before apply() may move or clear the deadline: the fact is kept whatever the light says later.
        from .deadlines import met

        step.deadline = obj._deadline_met = met(getattr(obj, t.meets), step.now)
    obj.status = t.target
    obj.version += 1
    hooks.apply(step)
    with office_language():
        obj._change_reason = f"{t.label}：{comment}"[:100] if comment else str(t.label)
    obj.save()
    hooks.effects(step)
    step.event = hooks.record(step)
    transaction.on_commit(lambda: hooks.on_commit(step))
    return obj
