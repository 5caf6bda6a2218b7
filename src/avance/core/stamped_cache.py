"""Pages built from many records, kept per process while the database has not changed.

Some pages cost far more to build than to serve: the year's report preview reads every
validated activity, figure, partner, state, session, footnote and roster count (about twenty
queries); the open-data page counts every published roster's people by sex, state, age and
organisation. Between two changes of the data every reader gets the same page, so each
process keeps the last few it built, each with a **stamp** of the database read just before
building it, and serves one again only while the stamp is unchanged. The stamp moves with any
committed change by anyone:

- SQLite: ``PRAGMA data_version`` changes when another connection commits, and
  ``total_changes()`` counts this connection's own changes; both are read on the same
  connection, which the entry keeps (a new connection never matches an old entry).
- PostgreSQL: ``pg_current_snapshot()``, the set of transactions a new query would see: it
  moves whenever any transaction that was given an id (any write, anywhere on the server)
  ends, committed or not (a change elsewhere only costs a rebuild). Two equal snapshots see
  exactly the same rows. (The write-ahead log's position, used before, moves when a commit
  is logged, which is before the commit is visible: a page built in between would have
  been kept with the new position and the old rows.)

Each entry keeps the stamp read *before* its value was built, so a change committed during
the build can only cost a rebuild, never a stale value.

Nothing is cached inside a transaction (its own uncommitted changes could be rolled back
after the build) nor when the stamp cannot be read (another database, a standby server).
Downloads, editions and signatures never use this cache: they build from the records.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

ENTRIES = 8  # pages (each key: what, year, language…) kept per process


class StampedEntries:
    """A bounded, thread-safe map of key → (stamp, connection marker, value), least recently
    used first out. An entry answers only to the same stamp and marker."""

    def __init__(self, size: int):
        self.size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple, tuple[Any, Any, Any]] = OrderedDict()

    def get(self, key: tuple, stamp: tuple, marker: Any) -> Any:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != stamp or entry[1] is not marker:
                return None
            self._entries.move_to_end(key)
            return entry[2]

    def put(self, key: tuple, stamp: tuple, marker: Any, value: Any) -> None:
        with self._lock:
            self._entries[key] = (stamp, marker, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def discard(self, key: tuple) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


pages = StampedEntries(ENTRIES)


def database_stamp(using: str = DEFAULT_DB_ALIAS) -> tuple | None:
    """A value that differs whenever committed data may differ; ``None`` when unknown."""
    connection = connections[using]
    if connection.in_atomic_block:
        return None
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA data_version")
                version = cursor.fetchone()[0]
                cursor.execute("SELECT total_changes()")
                return ("sqlite", version, cursor.fetchone()[0])
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_current_snapshot()::text")
                return ("postgresql", cursor.fetchone()[0])
    except DatabaseError:
        return None
    return None


def group_stamp(group: str, using: str = DEFAULT_DB_ALIAS) -> tuple | None:
    """The counter of a group of tables (``core.models.GROUPS``), which only a change to one
    of its tables moves (triggers, in the writing transaction: exact on both databases and
    the same for every connection). Where the counter's row is missing (a test database
    flushed) it is the whole database's stamp; ``None`` inside a transaction."""
    connection = connections[using]
    if connection.in_atomic_block:
        return None
    if not _triggers_in_place(using):
        return database_stamp(using)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT value FROM core_generation WHERE name = %s", [group])
            row = cursor.fetchone()
    except DatabaseError:
        return None
    if row is None:
        return database_stamp(using)
    return ("generation", group, row[0])


_checked_triggers: dict[str, bool] = {}


def _triggers_in_place(using: str) -> bool:
    """Whether every trigger of the groups exists, checked once per process and database.

    A counter is only as good as its triggers. SQLite drops a table's triggers when Django
    rebuilds the table (an ``AlterField`` in a later migration does that): the counter would
    then stop moving and a cache would serve old rows. Without every trigger the whole
    database's stamp is used instead, and the gap is logged.
    """
    if using not in _checked_triggers:
        from avance.core.models import trigger_names

        connection = connections[using]
        expected = trigger_names(connection.vendor)
        try:
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(
                        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                        "AND tgname LIKE 'avance_generation_%%'"
                    )
                elif connection.vendor == "sqlite":
                    cursor.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                        "AND name LIKE 'avance_generation_%'"
                    )
                else:
                    _checked_triggers[using] = False
                    return False
                present = {row[0] for row in cursor.fetchall()}
        except DatabaseError:
            return False  # not kept: asked again next time
        missing = sorted(expected - present)
        if missing:
            logger.warning(
                "Faltan disparadores de los contadores (%s): se usa la marca de toda la base.",
                ", ".join(missing),
            )
        _checked_triggers[using] = not missing
    return _checked_triggers[using]


def connection_marker(stamp: tuple, using: str = DEFAULT_DB_ALIAS) -> Any:
    """SQLite's data_version compares only readings of one connection: its entries belong to
    the connection that read them. PostgreSQL's snapshot is the server's."""
    return connections[using].connection if stamp[0] == "sqlite" else None


def cached(
    key: tuple, build: Callable[[], Any], using: str = DEFAULT_DB_ALIAS, group: str = ""
) -> Any:
    """``build()``'s value for ``key`` (and the active language), reused while the database
    stamp has not moved; with ``group``, while that group's counter has not moved (only
    when ``build`` reads nothing but the group's tables)."""
    stamp = group_stamp(group, using) if group else database_stamp(using)
    if stamp is None:
        return build()
    marker = connection_marker(stamp, using)
    key = (using, *key, get_language())
    value = pages.get(key, stamp, marker)
    if value is None:
        value = build()
        pages.put(key, stamp, marker, value)
    return value


def clear() -> None:
    pages.clear()
