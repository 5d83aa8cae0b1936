"""Rows of a model read by a statement written out, for what every signed-in request reads.

The ORM builds and compiles a queryset's SQL anew each time. For the few statements every
page makes before its own code runs (the session, the user, the second-factor device, the
memberships) the building cost more of a repeated page's CPU than reading the rows
(docs/benchmarks.md, rounds 10 and 23). Here a model's column list and the converters of its
columns are made once per process and connection, and the objects are made as a queryset
makes them: each column through the converters the ORM would apply (SQLite gives dates as
text, booleans as numbers), then `Model.from_db`, so code that reads them cannot tell.

Only a model's own table and column names go into a statement's text, quoted by the
database's own rules; every value is a parameter.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class _Shape:
    names: tuple[str, ...]  # the fields' attnames, as from_db takes them
    columns: tuple[str, ...]  # quoted column names, in the same order
    converters: tuple[tuple[int, tuple[Any, ...], Any], ...]  # (position, converters, column)


@lru_cache(maxsize=64)
def _shape(model: type[Model], connection: BaseDatabaseWrapper) -> _Shape:
    fields = model._meta.concrete_fields
    converters = []
    for position, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        # As SQLCompiler.get_converters: the backend's, then the field's own.
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((position, tuple(found), column))
    return _Shape(tuple(field.attname for field in fields),
                  tuple(connection.ops.quote_name(field.column) for field in fields),
                  tuple(converters))


def alias_for(model: type[Model]) -> str:
    """The database the router reads `model` from, as a queryset would ask."""
    return str(router.db_for_read(model))


def table(model: type[Model], using: str) -> str:
    return quote(model._meta.db_table, using)


def quote(name: str, using: str) -> str:
    return str(connections[using].ops.quote_name(name))


def columns(model: type[Model], using: str, prefix: str = "") -> str:
    """The model's columns for a SELECT list; each as `prefix.column` when a prefix (a
    table's alias in a join) is given."""
    shape = _shape(model, connections[using])
    return ", ".join(f"{prefix}.{column}" if prefix else column for column in shape.columns)


def width(model: type[Model]) -> int:
    """How many columns `columns(model, ...)` lists."""
    return len(model._meta.concrete_fields)


def instance(model: type[M], using: str, row: Sequence[Any], start: int = 0) -> M:
    """The object of the row's columns from `start` on, listed by `columns(model, ...)`."""
    connection = connections[using]
    shape = _shape(model, connection)
    values = list(row[start:start + len(shape.names)])
    for position, converters, column in shape.converters:
        value = values[position]
        for converter in converters:
            value = converter(value, column, connection)
        values[position] = value
    return model.from_db(using, shape.names, values)


def fetch(using: str, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
