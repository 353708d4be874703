"""The chapter contract: how an app plugs into the kernel.

Each app of the measures (services, maintenance, and the chapters to come) and each app of the kernel itself
declares what it adds through its AppConfig, a subclass of `ChapterConfig`; the kernel collects the
declarations from the installed apps. No kernel module imports a chapter: adding a chapter is adding its
folder and one line in INSTALLED_APPS.

Plain data (menu, role grants, URL mounts) are class attributes. Declarations that need models, views or
settings are methods, called once the app registry is ready.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import AppConfig, apps


@dataclass(frozen=True)
class MenuEntry:
    label: object  # lazy translation
    url_name: str
    permission: str | None = None  # shown to holders of this permission (None: to everyone signed in)
    order: int = 100  # position among the top-level entries (inside a group: declaration order)
    label_for: object = None  # callable(user) -> label: a page named by what the user does on it


@dataclass(frozen=True)
class MenuGroup:
    label: object
    entries: tuple
    order: int = 100


@dataclass(frozen=True)
class ApiRoute:
    """A viewset under /api/v1/: kernel apps at the root, a chapter under its app label
    (/api/v1/<label>/<prefix>/), so that two chapters never claim the same path."""

    prefix: str
    viewset: type
    basename: str


@dataclass(frozen=True)
class UrlMount:
    prefix: str  # "services/"; "" mounts at the root (tried after every prefixed mount)
    module: str  # dotted path of a urls module with its own app_name


@dataclass(frozen=True)
class SupervisionRule:
    """A breach that electronic supervision (电子监察) looks for. `query(now)` returns a queryset (never a loop over
    rows) of the breaching records as of `now`, annotated with `owner_org_id` (who is responsible) and
    `breach_started_at` (when the breach began: a deadline passed, a validity ended). Supervision decides the
    alert level from how long the breach has lasted; a record that leaves the queryset has stopped breaching."""

    code: str  # unique over every app, e.g. "maintenance.work_order_overdue"
    label: object  # lazy translation
    article: str  # the article of the measures it enforces
    query: object  # callable(now) -> QuerySet


@dataclass(frozen=True)
class EvaluationIndicator:
    """A figure of the weighted evaluation (考核评估), computed in SQL for many org units at once:
    `measure(org_unit_ids, period_start, period_end)` -> {org_unit_id: number}. A "rate" is between 0 and 1
    (on-time filings, uptime ...); a "count" counts occurrences (criticisms in circulars ...) that supervision
    turns into deductions. Org units without data are left out of the result."""

    code: str  # unique over every app
    label: object
    article: str
    measure: object  # callable(org_unit_ids, period_start, period_end) -> dict
    kind: str = "rate"  # "rate" or "count"
    default_weight: int = 0


@dataclass(frozen=True)
class FilingGuard:
    """A guard one app adds to a filing kind of another (security: no listing without a complete data-security
    register). `guard(step)` -> message or None; it runs after the kind's own guard for these actions."""

    kind: str  # the filing kind's code
    actions: tuple
    guard: object
    # callable(user, subject, exclude_filing) -> [workflow.kinds.StartProblem]: the same rule said before the form
    # (the 报备 page and the form tell what stands in the way, with a link to fix it)
    start_check: object = None


@dataclass(frozen=True)
class MetricGauge:
    """A figure of the data that /metrics reports, computed when Prometheus scrapes: `value()` -> a number, in one
    query (a COUNT), whatever the size of the table. Exported as `ganfutong_<name>`."""

    name: str  # unique over every app, e.g. "filings_awaiting_review"
    documentation: str
    value: object  # callable() -> int | float


@dataclass(frozen=True)
class WorkflowBinding:
    """A model's workflow hooks (an engine.Lifecycle subclass instance), bound once at start-up."""

    model: type
    hooks: object


class ChapterConfig(AppConfig):
    """Base AppConfig of every app that adds pages, permissions or rules to the product."""

    # Where the app's pages are mounted; empty: no pages.
    url_mounts: tuple = ()
    # Menu entries and groups of the top-level navigation.
    menu: tuple = ()
    # role -> permission specs (`app_label.codename`, `app_label.view_*`) this app grants; see accounts.roles.
    role_permissions: dict = {}
    # Records of this app are domain data: readers of everything (auditors, supervisors) see them.
    domain_data: bool = False
    # Kernel apps serve their API at /api/v1/<prefix>/; chapters under /api/v1/<app label>/<prefix>/.
    kernel_app: bool = False
    # drf-spectacular enum names for this app's choice sets: {"FaultStatusEnum": "dotted.path.FaultStatus"}.
    api_enums: dict = {}
    # Modules to import at start-up that Celery's autodiscovery does not find (it looks at <app>.tasks only).
    task_modules: tuple = ()

    def api_routes(self):
        """ApiRoute entries."""
        return ()

    def beat_schedule(self):
        """{name: {"task": ..., "schedule": ...}} of periodic tasks (read at start-up, after settings)."""
        return {}

    def filing_kinds(self):
        """workflow.kinds.FilingKind entries: kinds of the one Filing table this app adds."""
        return ()

    def filing_guards(self):
        """FilingGuard entries: guards this app adds to kinds declared by others (or by itself)."""
        return ()

    def workflow_bindings(self):
        """WorkflowBinding entries: the hooks of this app's workflow models."""
        return ()

    def worklist_sections(self):
        """Callables (user) -> section dict or None of the home work list (see core.worklist)."""
        return ()

    def home_figures(self):
        """Callables (user) -> {"key", "label", "icon", "value", "url", "style"} or None: tiles of the home page."""
        return ()

    def rectification_sources(self):
        """Models whose records open kernel rectifications (named in the rectification list's filter)."""
        return ()

    def policy_parameters(self):
        """policy.parameters.ParameterSpec entries: the time limits and thresholds this app reads."""
        return ()

    def supervision_rules(self):
        """SupervisionRule entries for electronic supervision."""
        return ()

    def evaluation_indicators(self):
        """EvaluationIndicator entries for the weighted evaluation."""
        return ()

    def metric_gauges(self):
        """MetricGauge entries: figures of this app's data for /metrics (one query each)."""
        return ()

    def ready(self):
        super().ready()
        from importlib import import_module

        for module in self.task_modules:
            import_module(module)
        for binding in self.workflow_bindings():
            binding.model.workflow.bind(binding.hooks)
        # Filing kinds register at once: models and forms ask for them by code.
        from ganfutong_admin.workflow import kinds

        for kind in self.filing_kinds():
            kinds.register(kind)
        for extra in self.filing_guards():
            for action in extra.actions:
                kinds.add_guard(extra.kind, action, extra.guard)
            if extra.start_check is not None:
                kinds.add_start_check(extra.kind, extra.start_check)


def chapters():
    """Every installed app that declares through the contract, in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if isinstance(config, ChapterConfig)]


def _collect(method):
    return [item for config in chapters() for item in getattr(config, method)()]


@cache
def worklist_sections():
    return _collect("worklist_sections")


@cache
def home_figures():
    return _collect("home_figures")


@cache
def rectification_sources():
    return _collect("rectification_sources")


@cache
def policy_parameters():
    specs = _collect("policy_parameters")
    names = [spec.name for spec in specs]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ValueError(f"policy parameters declared twice: {sorted(duplicates)}")
    return specs


def _unique_codes(items, what):
    codes = [item.code for item in items]
    duplicates = {code for code in codes if codes.count(code) > 1}
    if duplicates:
        raise ValueError(f"{what} declared twice: {sorted(duplicates)}")
    return items


@cache
def supervision_rules():
    return _unique_codes(_collect("supervision_rules"), "supervision rules")


@cache
def evaluation_indicators():
    return _unique_codes(_collect("evaluation_indicators"), "evaluation indicators")


@cache
def metric_gauges():
    gauges = _collect("metric_gauges")
    names = [gauge.name for gauge in gauges]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ValueError(f"metric gauges declared twice: {sorted(duplicates)}")
    return gauges


def menu():
    """Top-level entries and groups of every app, by their order (stable: apps in INSTALLED_APPS order)."""
    items = [item for config in chapters() for item in config.menu]
    return sorted(items, key=lambda item: item.order)


def role_permissions():
    """role -> permission specs, merged over every app."""
    merged = {}
    for config in chapters():
        for role, specs in config.role_permissions.items():
            merged.setdefault(role, []).extend(specs)
    return merged


def domain_apps():
    return [config.label for config in chapters() if config.domain_data]


def beat_schedule():
    schedule = {}
    for config in chapters():
        for name, entry in config.beat_schedule().items():
            if name in schedule:
                raise ValueError(f"beat entry {name!r} declared twice")
            schedule[name] = entry
    return schedule


def api_routes():
    """(path prefix, viewset, basename) of every app, chapter routes under their app label."""
    routes = []
    for config in chapters():
        for route in config.api_routes():
            if config.kernel_app:
                routes.append((route.prefix, route.viewset, route.basename))
            else:
                routes.append((f"{config.label}/{route.prefix}", route.viewset, f"{config.label}-{route.basename}"))
    prefixes = [prefix for prefix, _, _ in routes]
    duplicates = {p for p in prefixes if prefixes.count(p) > 1}
    if duplicates:
        raise ValueError(f"API paths declared twice: {sorted(duplicates)}")
    return routes


def url_mounts():
    """Every app's page mounts, prefixed ones first (the root mounts catch what is left)."""
    mounts = [mount for config in chapters() for mount in config.url_mounts]
    return [m for m in mounts if m.prefix] + [m for m in mounts if not m.prefix]


def api_enums():
    merged = {}
    for config in chapters():
        merged.update(config.api_enums)
    return merged
