"""Province-scale data for measuring (`manage.py seed_scale`, `make bench-data`): set-based SQL on PostgreSQL.

Rows are made by `INSERT … SELECT … FROM generate_series(…)`, never one Python call per row. Like `demo`, each
app may ship a `scale` module with `clear(ctx)` and `seed(ctx)`: the kernel seeds its own tables (filings,
rectifications), each chapter its own, and the kernel never imports a chapter.

Every row this makes carries a marker in a natural key (a code, reference or hotline id starting with
`SCALE_PREFIX`-like prefixes chosen by each module), so that a second run first removes what the first made
(truncate-and-refill of its own rows) and never duplicates.

Personal data goes through the project's own encryption, once per distinct value (a few hundred values,
reused by the SQL through an array parameter), and keyed hashes are computed the same way.
"""

import time
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import NOT_PROVIDED
from django.utils import timezone

# Sizes per --scale. "tiny" is for the tests.
SCALES = {
    "default": {"services": 10_000, "filings": 200_000, "work_orders": 500_000, "rectifications": 20_000},
    "small": {"services": 500, "filings": 5_000, "work_orders": 12_000, "rectifications": 600},
    "tiny": {"services": 40, "filings": 120, "work_orders": 200, "rectifications": 30},
}

# Words that lists are searched by (the bench searches 公积金): spread over titles and names.
TOPICS = ["公积金", "社保", "医保", "户籍", "不动产", "出入境", "交通违法", "教育", "养老", "就业",
          "税务", "营业执照", "婚姻登记", "生育", "残疾人", "住房", "水电气", "车辆", "退役军人", "民政"]


def rnd(k, salt=0, var="g"):
    """A deterministic pseudo-random integer in [0, k) from the series variable (SQL)."""
    # "%%": every statement here runs with named parameters, so a literal percent sign is doubled.
    return f"((({var}::bigint * 2654435761 + {int(salt) * 40503 + 7}) %% 1000003) %% {k})"


def pick(array_param, salt=0, var="g"):
    """SQL: one element of an array parameter, chosen by the series variable."""
    return f"(%({array_param})s)[1 + {rnd(f'cardinality(%({array_param})s)', salt, var)}]"


def spread(array_param, offset=0, var="g"):
    """SQL: the elements of an array parameter in turn (every one is used once the series is as long)."""
    return f"(%({array_param})s)[1 + ({var} + {int(offset)}) %% cardinality(%({array_param})s)]"


def choice(values, salt=0, var="g"):
    """SQL: one of these literal strings, chosen by the series variable."""
    literals = ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)
    return f"(ARRAY[{literals}])[1 + {rnd(len(values), salt, var)}]"


@dataclass
class ScaleContext:
    sizes: dict
    org_ids: list
    operator_id: int
    province_id: int
    user_ids: list
    now: datetime = field(default_factory=timezone.now)
    counts: dict = field(default_factory=dict)
    shared: dict = field(default_factory=dict)  # what one module leaves for the next (e.g. service ids)

    # --- SQL helpers -----------------------------------------------------------------------------------------
    log: object = None  # a callable given the time and the start of each statement (seed_scale -v 2)

    def execute(self, sql, params=None):
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(sql, self._params(params))
            count = cursor.rowcount
        if self.log:
            self.log(f"    {time.monotonic() - started:6.2f} s  {count:>9} rows  {sql[:90]}")
        return count

    def fetch(self, sql, params=None):
        with connection.cursor() as cursor:
            cursor.execute(sql, self._params(params))
            return cursor.fetchall()

    def _params(self, params):
        base = {"orgs": self.org_ids, "users": self.user_ids, "now": self.now, "operator": self.operator_id,
                "province": self.province_id, "topics": TOPICS}
        base.update(params or {})
        return base

    def insert_select(self, model, source, values, params=None, label=None):
        """INSERT INTO model's table SELECT `values` FROM `source`. `values` maps field names (or attnames) to
        SQL expressions; a field left out takes its constant default, now() for timestamps set on creation or
        NULL when it may be null; a NOT NULL field without any of these is an error here, not in PostgreSQL."""
        columns, exprs, params = [], [], dict(params or {})
        given = dict(values)
        for f in model._meta.concrete_fields:
            if f.primary_key and f.name not in given and f.attname not in given:
                continue
            expr = given.pop(f.name, None) or given.pop(f.attname, None)
            if expr is None:
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                    expr = "%(now)s"
                elif f.default is not NOT_PROVIDED:
                    if callable(f.default):
                        if f.default is timezone.now:
                            expr = "%(now)s"
                        else:
                            raise ValueError(f"{model.__name__}.{f.name}: give a value (callable default)")
                    else:
                        key = f"_default_{f.column}"
                        params[key] = f.get_db_prep_save(f.default, connection)
                        expr = f"%({key})s"
                elif f.null:
                    continue
                else:
                    raise ValueError(f"{model.__name__}.{f.name} is NOT NULL: seed_scale must give it a value")
            columns.append(connection.ops.quote_name(f.column))
            exprs.append(expr)
        if given:
            raise ValueError(f"{model.__name__}: unknown fields {sorted(given)}")
        sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) "
               f"SELECT {', '.join(exprs)} FROM {source}")
        count = self.execute(sql, params)
        name = label or model._meta.label
        self.counts[name] = self.counts.get(name, 0) + count
        return count

    def insert_history(self, model, where, params=None, date="t.created_at", history_type="'+'",
                       user="t.created_by_id", reason="NULL"):
        """simple-history rows of the model's rows matching `where` (alias t): their current values."""
        history = model.history.model
        own = {"history_id", "history_date", "history_change_reason", "history_type", "history_user_id"}
        columns = [f.column for f in history._meta.concrete_fields if f.column not in own]
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        sql = (f"INSERT INTO {connection.ops.quote_name(history._meta.db_table)} "
               f"({quoted}, history_date, history_type, history_change_reason, history_user_id) "
               f"SELECT {', '.join('t.' + connection.ops.quote_name(c) for c in columns)}, "
               f"{date}, {history_type}, {reason}, {user} "
               f"FROM {connection.ops.quote_name(model._meta.db_table)} t WHERE {where}")
        count = self.execute(sql, params)
        name = f"{model._meta.label} history"
        self.counts[name] = self.counts.get(name, 0) + count
        return count

    def delete_marked(self, model, where, params=None, children=(), history=True):
        """Remove the rows of a previous run: children first (model, fk column), then the history rows, then
        the rows themselves (alias t in `where`)."""
        table = connection.ops.quote_name(model._meta.db_table)
        ids = f"SELECT t.id FROM {table} t WHERE {where}"
        for child, column in children:
            self.execute(f"DELETE FROM {connection.ops.quote_name(child._meta.db_table)} "
                         f"WHERE {connection.ops.quote_name(column)} IN ({ids})", params)
        if history:
            self.execute(f"DELETE FROM {connection.ops.quote_name(model.history.model._meta.db_table)} "
                         f"WHERE id IN ({ids})", params)
        return self.execute(f"DELETE FROM {table} t WHERE {where}", params)

    def insert_timeline(self, event_model, record_model, where, paths, params=None, comment="''",
                        extra=None):
        """Timeline rows of the records matching `where` (alias r): for each record, the events of the path of
        its status, `paths` = {status: [(action, from, to), ...]}, at versions 1..n (the record's version is n).
        Events are spaced an hour apart from the record's creation."""
        rows = []
        for status, steps in paths.items():
            for n, (action, from_status, to_status) in enumerate(steps, start=1):
                rows.append((status, n, action, from_status, to_status))
        params = dict(params or {})
        tuples = []
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                params[f"_path_{i}_{j}"] = v
            tuples.append("(" + ", ".join(f"%(_path_{i}_{j})s" + ("::int" if j == 1 else "")
                                          for j in range(len(row))) + ")")
        fk = event_model._meta.get_field(event_model.record_field).column
        extra = extra or {}
        cols = ["actor_id", "action", "from_status", "to_status", "comment", "version", "created_at", fk,
                *extra]
        exprs = [f"(%(users)s)[1 + {rnd('cardinality(%(users)s)', 3, 'r.id')}]", "p.action", "p.from_s",
                 "p.to_s", comment, "p.n", "r.created_at + (p.n - 1) * interval '1 hour'", "r.id",
                 *extra.values()]
        values_sql = ", ".join(tuples)
        sql = (f"INSERT INTO {connection.ops.quote_name(event_model._meta.db_table)} ({', '.join(cols)}) "
               f"SELECT {', '.join(exprs)} FROM {connection.ops.quote_name(record_model._meta.db_table)} r "
               f"JOIN (VALUES {values_sql}) AS p(status, n, action, from_s, to_s) ON p.status = r.status "
               f"WHERE {where}")
        count = self.execute(sql, params)
        name = event_model._meta.label
        self.counts[name] = self.counts.get(name, 0) + count
        return count


def version_case(paths, status="s.st"):
    """SQL: a record's version is the number of events of its status's path (the timeline's last version)."""
    cases = " ".join(f"WHEN '{s}' THEN {len(steps)}" for s, steps in paths.items())
    return f"(CASE {status} {cases} ELSE 1 END)"


def weighted_status(weights, salt=0, var="g"):
    """SQL CASE choosing a status by integer weights (percent-like) from the series variable."""
    total = sum(w for _, w in weights)
    parts, upto = [], 0
    for status, weight in weights:
        upto += weight
        parts.append(f"WHEN {rnd(total, salt, var)} < {upto} THEN '{status}'")
    return f"(CASE {' '.join(parts)} END)"
