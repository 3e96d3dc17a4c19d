"""Statements of the busiest requests, composed once per process.

Composing a query costs the ORM far more than running a simple one costs the
database: on a booking, Django spent longer turning querysets into SQL than
PostgreSQL spent running them. The two tools here keep the ORM (or the
models' meta) as the one place a statement is written, and compose it once:

- `Statement`: an ORM query (an UPDATE, a filter with its rule expressions)
  compiled to SQL the first time it runs, with sentinel values where the
  caller's values go; each later run only puts the values in their places.
- `RelatedRow`: one row of a model with the forward relations named as
  `only()` names them (`"activity__edition__party_limit"`), read with one
  SELECT built from the models' meta, and made into the same instances
  `select_related(...).only(...)` makes (the other fields deferred).
- `insert`: a new instance saved with the INSERT `save()` would run (each
  field's `pre_save` and preparation for the database), composed once per
  model; `insert_sql` gives it to a statement that writes several rows.
- `cursor`: what all of them run on: each statement prepared once per
  connection, so PostgreSQL plans it once too (not behind PgBouncer).

They are for the few hot paths that measure the difference (bench/booking);
everywhere else, the ORM as usual.
"""

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple, cast

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import sql as orm_sql
from django.db.models.signals import post_save, pre_save
from django.http import Http404


@functools.cache
def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        """Sends the values apart from the SQL and prepares each statement
        on its connection the first time (psycopg keeps the last hundred):
        PostgreSQL plans it once per connection, not once per request."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)  # type: ignore[misc]

    return PreparingCursor


def cursor(using: str = DEFAULT_DB_ALIAS):
    """A cursor for the statements of the busiest requests, composed once
    here: on PostgreSQL each is prepared once per connection (planning the
    slot's four-table join took the database longer than running it), unless
    the database's settings say psycopg may not prepare (`prepare_threshold`
    None: config/settings.py, behind PgBouncer): then a cursor as usual."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    if connection.connection.prepare_threshold is None:
        return connection.cursor()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        raw = _preparing_cursor_class()(connection.connection)
    # As Django's own cursor() wraps it: logged when queries are (tests, DEBUG).
    if connection.queries_logged:
        return connection.make_debug_cursor(raw)
    return connection.make_cursor(raw)


# Integers no caller passes: where one lands among a compiled query's
# parameters, that is where the caller's value goes.
_SENTINEL_BASE = -7_301_000_000


class Statement:
    """`build(**values)` returns `(sql, params)` for the values it is given
    (e.g. with `update_sql`); it is called once, with a sentinel integer for
    each name, and each name's sentinel must come out as a parameter (never
    inlined in the SQL). Only integer values are supported."""

    def __init__(self, build: Callable[..., tuple[str, Sequence[Any]]], *names: str) -> None:
        self.build = build
        self.names = names
        self._compiled: tuple[str, list[Any], list[tuple[int, str]]] | None = None

    def compile(self) -> tuple[str, list[Any], list[tuple[int, str]]]:
        sentinels = {name: _SENTINEL_BASE - index for index, name in enumerate(self.names)}
        sql, params = self.build(**sentinels)
        params = list(params)
        by_value = {value: name for name, value in sentinels.items()}
        places = [
            (index, by_value[value])
            for index, value in enumerate(params)
            if isinstance(value, int) and value in by_value
        ]
        missing = set(self.names) - {name for _, name in places}
        inlined = [name for name, value in sentinels.items() if str(value) in sql]
        if missing or inlined:
            raise ValueError(
                f"Statement values not passed as parameters: {sorted(missing | set(inlined))}"
            )
        return sql, params, places

    def sql(self, **values: int) -> tuple[str, list[Any]]:
        """The SQL and its parameters, the caller's values in their places."""
        if self._compiled is None:
            # Two threads may compile it at once: both get the same.
            self._compiled = self.compile()
        sql, params, places = self._compiled
        params = list(params)
        for index, name in places:
            params[index] = values[name]
        return sql, params

    def execute(self, using: str = DEFAULT_DB_ALIAS, **values: int) -> int:
        """Run it; returns the number of rows it changed (or matched)."""
        sql, params = self.sql(**values)
        with cursor(using) as prepared:
            prepared.execute(sql, params)
            return prepared.rowcount

    def fetchone(self, using: str = DEFAULT_DB_ALIAS, **values: int) -> tuple[Any, ...] | None:
        """Run a SELECT (e.g. a queryset's `values_list`, from `select_sql`);
        returns its first row as the database gives it, or None."""
        sql, params = self.sql(**values)
        with cursor(using) as prepared:
            prepared.execute(sql, params)
            return prepared.fetchone()


def update_sql(queryset: models.QuerySet, **changes: Any) -> tuple[str, Sequence[Any]]:
    """The SQL `queryset.update(**changes)` would run (QuerySet.update's own steps)."""
    query = cast(orm_sql.UpdateQuery, queryset.query.chain(orm_sql.UpdateQuery))
    query.add_update_values(changes)
    query.annotations = {}
    return query.get_compiler(queryset.db).as_sql()


def select_sql(queryset: models.QuerySet) -> tuple[str, Sequence[Any]]:
    """The SQL iterating `queryset` would run (e.g. a `values_list` of annotations)."""
    return queryset.query.sql_with_params()


class RelatedRow:
    """`RelatedRow(TimeSlot, ["starts_at", "activity__title_it", ...]).get(pk)`:
    the slot with only those fields (and the keys that join them), its activity
    cached on it with only its named fields, and so on down the path, in one
    query; Http404 when there is no such row. A nullable relation is joined
    LEFT and cached as None when empty, as select_related does."""

    def __init__(self, model: type[models.Model], fields: Iterable[str]) -> None:
        self.model = model
        self.fields = tuple(fields)
        self._plan: tuple[str, list[tuple[tuple[str, ...], type[models.Model], list]]] | None = None

    def _build(self):
        wanted: dict[tuple[str, ...], set[str]] = {(): set()}
        for named in self.fields:
            *relations, name = named.split("__")
            for depth in range(len(relations) + 1):
                wanted.setdefault(tuple(relations[:depth]), set())
            wanted[tuple(relations)].add(name)
        # Each relation's model, table alias and join; its key column is selected
        # on the side that holds it, so the instances know their relations.
        models_of: dict[tuple[str, ...], type[models.Model]] = {(): self.model}
        aliases: dict[tuple[str, ...], str] = {(): "t0"}
        joins = []
        for path in sorted(wanted, key=len):
            if not path:
                continue
            parent = models_of[path[:-1]]
            field = parent._meta.get_field(path[-1])
            if not isinstance(field, models.ForeignKey):
                raise ValueError(f"{path[-1]} of {parent.__name__} is not a forward key")
            related = field.related_model
            assert isinstance(related, type)
            models_of[path] = related
            aliases[path] = f"t{len(aliases)}"
            wanted[path[:-1]].add(field.name)
            kind = "LEFT JOIN" if field.null else "JOIN"
            joins.append(
                f"{kind} {related._meta.db_table} {aliases[path]} "
                f"ON {aliases[path]}.{related._meta.pk.column} = "
                f"{aliases[path[:-1]]}.{field.column}"
            )
        columns, groups = [], []
        for path in sorted(wanted, key=len):
            model = models_of[path]
            names = wanted[path] | {model._meta.pk.name}
            fields = [f for f in model._meta.concrete_fields if f.name in names]
            unknown = names - {f.name for f in fields}
            if unknown:
                raise ValueError(f"{model.__name__} has no concrete field {sorted(unknown)}")
            columns += [f"{aliases[path]}.{f.column}" for f in fields]
            groups.append((path, model, fields))
        statement = (
            f"SELECT {', '.join(columns)} FROM {self.model._meta.db_table} t0 "
            + " ".join(joins)
            + f" WHERE t0.{self.model._meta.pk.column} = %s"
        )
        return statement, groups

    def get(self, pk: int, using: str = DEFAULT_DB_ALIAS) -> Any:
        if self._plan is None:
            self._plan = self._build()
        statement, groups = self._plan
        connection = connections[using]
        with cursor(using) as prepared:
            prepared.execute(statement, [pk])
            row = prepared.fetchone()
        if row is None:
            raise Http404(f"No {self.model._meta.object_name} matches the given query.")
        instances: dict[tuple[str, ...], models.Model | None] = {}
        start = 0
        for path, model, fields in groups:
            values = list(row[start : start + len(fields)])
            start += len(fields)
            for index, field in enumerate(fields):
                for converter in field.get_db_converters(connection):
                    values[index] = converter(values[index], field, connection)
            if values[[f.primary_key for f in fields].index(True)] is None:
                instance = None  # an empty LEFT JOIN
            else:
                instance = model.from_db(using, [f.attname for f in fields], values)
            instances[path] = instance
            if path:
                parent = instances[path[:-1]]
                if parent is not None:
                    key = cast(models.ForeignKey, parent._meta.get_field(path[-1]))
                    key.set_cached_value(parent, instance)
        return instances[()]


class _Insert(NamedTuple):
    """A model's INSERT, composed once: `INSERT INTO table (columns)`, its
    fields in that order, `RETURNING` its key; `statement` with a parameter
    for each field."""

    into: str
    fields: list[models.Field]
    returning: str
    statement: str

    def with_values(self, values: Sequence[str]) -> str:
        return f"{self.into} VALUES ({', '.join(values)}) {self.returning}"


_INSERTS: dict[tuple[type[models.Model], bool], _Insert] = {}


def _insert_statement(model: type[models.Model], with_pk: bool) -> _Insert:
    meta = model._meta
    fields = [
        field
        for field in meta.local_concrete_fields
        if (with_pk or field is not meta.auto_field) and not field.generated
    ]
    if any(field.has_db_default() for field in fields):
        raise ValueError(f"{model.__name__}: a field with a database default")
    pk = meta.pk
    assert pk is not None
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in fields)
    into = f"INSERT INTO {quote(meta.db_table)} ({columns})"
    returning = f"RETURNING {quote(str(pk.column))}"
    plain = _Insert(into, fields, returning, "")
    return plain._replace(statement=plain.with_values(["%s"] * len(fields)))


def insert(
    instance: models.Model,
    using: str = DEFAULT_DB_ALIAS,
    *,
    receivers_called: Sequence[Callable[..., Any]] = (),
) -> None:
    """Save a new `instance` as `instance.save(force_insert=True)` would (the
    same fields, each field's `pre_save`, such as `auto_now_add`, and its
    preparation for the database; the primary key read back), with an INSERT
    composed once per model. A model whose saves send signals to someone (a
    receiver of pre_save or post_save) is saved with `save()`, unless those
    receivers are all in `receivers_called`: the caller called them itself."""
    if not _insertable(type(instance), receivers_called):
        instance.save(using=using, force_insert=True)
        return
    statement, values = _insert_sql(instance, using)
    with cursor(using) as prepared:
        prepared.execute(statement, values)
        row = prepared.fetchone()
    assert row is not None
    inserted(instance, row[0], using)


def insert_sql(
    instance: models.Model,
    using: str = DEFAULT_DB_ALIAS,
    *,
    receivers_called: Sequence[Callable[..., Any]] = (),
    expressions: Mapping[str, str] | None = None,
) -> tuple[str, list[Any]]:
    """The INSERT `insert` runs for a new `instance` (`... RETURNING` its key)
    and its values, not run: for one statement that writes it with other rows
    (a WITH of several), whose caller then calls `inserted` with the key.
    `expressions` maps a field's name to the SQL its value goes through (`%s`
    is the value: e.g. `jsonb_set(%s, ...)` with a key another part of the
    statement returns). Refused (ValueError) for a model `insert` would save
    with `save()`: a statement cannot send its signals."""
    model = type(instance)
    if not _insertable(model, receivers_called):
        raise ValueError(f"{model.__name__} is saved with save(): its signals have receivers")
    return _insert_sql(instance, using, expressions)


def _insert_sql(
    instance: models.Model, using: str, expressions: Mapping[str, str] | None = None
) -> tuple[str, list[Any]]:
    model = type(instance)
    key = (model, instance.pk is not None)
    if key not in _INSERTS:
        _INSERTS[key] = _insert_statement(*key)
    composed = _INSERTS[key]
    connection = connections[using]
    values = [
        field.get_db_prep_save(field.pre_save(instance, True), connection)
        for field in composed.fields
    ]
    if not expressions:
        return composed.statement, values
    unknown = set(expressions) - {field.name for field in composed.fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no such fields to insert: {sorted(unknown)}")
    placeholders = [expressions.get(field.name, "%s") for field in composed.fields]
    return composed.with_values(placeholders), values


def inserted(instance: models.Model, pk: Any, using: str = DEFAULT_DB_ALIAS) -> None:
    """The new `instance` saved with the key `pk`, as after `save()`."""
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = using


def _insertable(model: type[models.Model], receivers_called: Sequence[Callable[..., Any]]) -> bool:
    receivers = {
        receiver
        for signal in (pre_save, post_save)
        for receiver in signal._live_receivers(model)[0]
    }
    return not model._meta.parents and not receivers - set(receivers_called)
