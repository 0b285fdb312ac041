"""Bulk INSERTs for the thousands of rows an import or make_cases writes at once (cases,
their penalties, links, search rows and history), without the per-value machinery of
QuerySet.bulk_create, which spends most of a large write building its statement.

The values written are the ones bulk_create writes: each field's `pre_save` (auto_now
dates) and `get_db_prep_save`, skipped only where a plain field (text, integer, boolean,
a key to one) holds a value of the very type the database takes. On PostgreSQL the rows
go as an array a column (UNNEST), as bulk_create sends them there. No signals are sent, as
with bulk_create. Knows no app."""

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections, models, router, transaction

from lawtracker.iterables import batched

# Fields whose value reaches the database unchanged when it is of these types (their
# get_db_prep_save is then the identity); any other field, or value, is prepared as the
# ORM prepares it. Exact types: a subclass may prepare its values itself.
TEXT_FIELDS = {models.CharField, models.TextField}
NUMBER_FIELDS = {
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField,
}
PLAIN_VALUES = {
    **{kind: (str, type(None)) for kind in TEXT_FIELDS},
    **{kind: (int, type(None)) for kind in NUMBER_FIELDS},
    models.BooleanField: (bool, type(None)),
}
ROWS_PER_STATEMENT = 2000
POSTGRESQL_PARAMS = 65_535


def plain_types(field: models.Field) -> tuple[type, ...]:
    """The value types `field` passes to the database as they are (none if it prepares
    every value)."""
    if type(field) in (models.ForeignKey, models.OneToOneField):
        field = field.target_field
    return PLAIN_VALUES.get(type(field), ())


def preparer(field: models.Field, connection):
    """A function preparing one value of `field` for the database."""
    plain = plain_types(field)
    prepare = field.get_db_prep_save

    def prepared(value: Any) -> Any:
        return value if type(value) in plain else prepare(value, connection)

    return prepared


def insert(
    model: type[models.Model],
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    returning: bool = False,
) -> list[Any]:
    """INSERT these rows (values of the fields named, by attname, in that order) into
    `model`'s table, up to ROWS_PER_STATEMENT a statement; the new rows' primary keys in order
    when `returning`, else an empty list."""
    connection = connections[router.db_for_write(model)]
    opts = model._meta
    fields = [opts.get_field(name) for name in names]
    if any(hasattr(field, "get_placeholder") for field in fields):
        raise ValueError("a field with its own placeholder: use bulk_create")
    prepare = [preparer(field, connection) for field in fields]
    quote = connection.ops.quote_name
    head = "INSERT INTO {} ({}) ".format(
        quote(opts.db_table), ", ".join(quote(field.column) for field in fields)
    )
    tail, tail_params = "", ()
    if returning:
        tail, tail_params = connection.ops.return_insert_columns([opts.pk])
        tail = " " + tail
    unnest = unnest_types(fields, connection)
    if unnest:
        per_statement = ROWS_PER_STATEMENT  # a parameter a column, however many rows
    else:
        one = "({})".format(", ".join(["%s"] * len(fields)))
        per_statement = max(1, min(ROWS_PER_STATEMENT, max_rows(connection, len(fields))))
    keys: list[Any] = []
    # Several statements are one write, as with bulk_create: all of it or none.
    with (
        transaction.atomic(using=connection.alias, savepoint=False),
        connection.cursor() as cursor,
    ):
        for chunk in batched(rows, per_statement):
            values = [
                [prep(value) for prep, value in zip(prepare, row, strict=True)] for row in chunk
            ]
            if unnest:
                sql = head + "SELECT * FROM UNNEST({})".format(
                    ", ".join(f"(%s)::{kind}[]" for kind in unnest)
                )
                params = [list(column) for column in zip(*values, strict=True)]
            else:
                sql = head + "VALUES " + ", ".join([one] * len(chunk))
                params = [value for row in values for value in row]
            cursor.execute(sql + tail, [*params, *tail_params])
            if returning:
                keys.extend(row[0] for row in connection.ops.fetch_returned_insert_rows(cursor))
    return keys


def create(objs: Sequence[models.Model]) -> list[models.Model]:
    """bulk_create for instances of one model without primary keys: written, with their
    new keys set, as bulk_create leaves them."""
    if not objs:
        return list(objs)
    model = type(objs[0])
    opts = model._meta
    fields = [
        field
        for field in opts.concrete_fields
        if not field.generated and not (field.primary_key and isinstance(field, models.AutoField))
    ]
    saved = [field for field in fields if type(field).pre_save is not models.Field.pre_save]
    for obj in objs:
        if obj.pk is not None:
            raise ValueError(f"bulk.create writes new rows only: {obj!r} has a key")
        # A related record's key, as bulk_create takes it (an unsaved one is refused).
        obj._prepare_related_fields_for_save(operation_name="bulk.create")
        for field in saved:
            field.pre_save(obj, add=True)  # sets auto_now dates on the instance
    names = [field.attname for field in fields]
    rows = ([getattr(obj, name) for name in names] for obj in objs)
    alias = router.db_for_write(model)
    for obj, pk in zip(objs, insert(model, names, rows, returning=True), strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = alias
    return list(objs)


def unnest_types(fields: list[models.Field], connection) -> list[str] | None:
    """On PostgreSQL, the column types rows are passed as, an array a column (INSERT …
    SELECT FROM UNNEST: a statement PostgreSQL plans at once however many rows, as
    bulk_create writes there); None where a field's type has no plain array (or on SQLite)."""
    if connection.vendor != "postgresql":
        return None
    types = []
    for field in fields:
        target = field.target_field if field.is_relation else field
        if target.get_internal_type() not in connection.data_types:
            return None
        types.append(field.db_type(connection).split("(")[0])  # varchar[], not varchar(50)[]
    return types


def max_rows(connection, columns: int) -> int:
    """How many rows of `columns` values one statement may carry on this database: SQLite
    says its own limit (Django assumes the 999 of old builds), PostgreSQL's protocol
    takes 65,535 parameters."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    else:
        limit = connection.features.max_query_params or POSTGRESQL_PARAMS
    return limit // max(columns, 1)
