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
- PostgreSQL: ``pg_current_wal_insert_lsn()``, the position of the write-ahead log, moves with
  every change written anywhere on the server (a change elsewhere only costs a rebuild).

Nothing is cached inside a transaction (its own uncommitted changes could be rolled back
after the build) nor when the stamp cannot be read (another database, a standby server).
Downloads, editions and signatures never use this cache: they build from the records.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils.translation import get_language

ENTRIES = 8  # pages (each key: what, year, language…) kept per process
_lock = threading.Lock()
_entries: OrderedDict[tuple, tuple[Any, Any, Any]] = OrderedDict()


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
                cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
                return ("postgresql", cursor.fetchone()[0])
    except DatabaseError:
        return None
    return None


def cached(key: tuple, build: Callable[[], Any], using: str = DEFAULT_DB_ALIAS) -> Any:
    """``build()``'s value for ``key`` (and the active language), reused while the database
    stamp has not moved."""
    stamp = database_stamp(using)
    if stamp is None:
        return build()
    # SQLite's data_version compares only readings of one connection: its entries belong to
    # the connection that read them. PostgreSQL's log position is the server's.
    raw = connections[using].connection if stamp[0] == "sqlite" else None
    key = (using, *key, get_language())
    with _lock:
        entry = _entries.get(key)
        if entry is not None and entry[0] == stamp and entry[1] is raw:
            _entries.move_to_end(key)
            return entry[2]
    value = build()
    with _lock:
        _entries[key] = (stamp, raw, value)
        _entries.move_to_end(key)
        while len(_entries) > ENTRIES:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
