"""The PostgreSQL side of the store's one SQL text: SQLite's placeholders and ``json_each``
translated, once per statement, for psycopg.

:class:`PgConnection` fits :class:`server.storage.row_sql.SqlConnection`, so
:class:`server.storage.sql_queries.SqlQueries` runs unchanged on either engine. What it translates:

- ``?`` becomes ``%s``; ``?N`` (numbered, reused) becomes ``%s`` with the parameters reordered;
- ``json_each(?)`` (a JSON list of ids bound as one parameter) becomes
  ``json_array_elements_text(CAST(%s AS json))``, whose column is also named ``value``;
- ``x IS NOT y`` (SQLite's null-safe inequality) becomes ``IS DISTINCT FROM`` (``IS NOT NULL``
  stays);
- the unary ``+`` SQLite's planner hint puts before a column (``+kind``) is dropped;
- a literal ``%`` is doubled.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

__all__ = ["PgConnection", "translate"]

_JSON_EACH = re.compile(r"json_each\((\?\d*)\)")
_NUMBERED = re.compile(r"\?(\d+)")
_UNARY_PLUS = re.compile(r"(?<=[\s(])\+(?=[a-z_])")
_IS_NOT = re.compile(r"\bIS NOT (?!NULL\b)")
_COLUMN_TYPES: dict[str, dict[str, str]] = {}
_INSERT_HEAD = re.compile(r"^\s*INSERT INTO (\w+) \(([^)]*)\)\s*$")


@functools.lru_cache(maxsize=4096)
def translate(sql: str) -> tuple[str, tuple[int, ...] | None]:
    """PostgreSQL's text of a statement, and for numbered placeholders the index of the
    parameter each ``%s`` takes (``None``: the parameters go as they are)."""
    text = sql.replace("%", "%%")
    text = _JSON_EACH.sub(r"json_array_elements_text(CAST(\1 AS json))", text)
    text = _UNARY_PLUS.sub("", text)
    text = _IS_NOT.sub("IS DISTINCT FROM ", text)
    if not _NUMBERED.search(text):
        return text.replace("?", "%s"), None
    order: list[int] = []

    def mark(match: re.Match[str]) -> str:
        order.append(int(match.group(1)) - 1)
        return "%s"

    text = _NUMBERED.sub(mark, text)
    if "?" in text:
        raise ValueError(f"a statement mixes ? and ?N placeholders: {sql!r}")
    return text, tuple(order)


def _arrange(order: tuple[int, ...] | None, params: Sequence[Any]) -> Sequence[Any]:
    return params if order is None else [params[i] for i in order]


class PgConnection:
    """SQLite-style statements on a psycopg connection (the caller holds the transaction)."""

    __slots__ = ("raw",)

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> psycopg.Cursor[Any]:
        text, order = translate(sql)
        return self.raw.execute(text, _arrange(order, parameters))

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> psycopg.Cursor[Any]:
        text, order = translate(sql)
        cur = self.raw.cursor()
        cur.executemany(text, [_arrange(order, p) for p in parameters])
        return cur

    def insert_rows(self, head: str, rows: Sequence[Sequence[Any]], tail: str = "") -> None:
        """:func:`server.storage.row_sql.insert_rows` on PostgreSQL: every row in one statement
        of one array per column (``INSERT ... SELECT * FROM unnest(...)``), whatever the count.
        A statement of a hundred rows of placeholders, as SQLite gets, cost psycopg ~10 ms of
        parsing each time (too long to cache); a pipeline of single rows ~20 us a row."""
        match = _INSERT_HEAD.match(head)
        if match is None:
            raise ValueError(f"not an INSERT head with named columns: {head!r}")
        table, names = match.group(1), [c.strip() for c in match.group(2).split(",")]
        types = self._column_types(table)
        arrays = ", ".join(f"%b::{types[name]}[]" for name in names)
        columns = [list(column) for column in zip(*rows, strict=True)]
        text, _ = translate(tail)
        self.raw.execute(f"{head} SELECT * FROM unnest({arrays}){text}", columns)

    def _column_types(self, table: str) -> dict[str, str]:
        """The SQL type of each column of ``table`` (read once per process and table: the
        schema is the migrations', the same in every database of this version)."""
        cache = _COLUMN_TYPES
        if table not in cache:
            rows = self.raw.execute(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                (table,),
            ).fetchall()
            cache[table] = {str(name): str(kind) for name, kind in rows}
        return cache[table]
