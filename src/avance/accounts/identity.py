"""Who is asking: the session, its user and the user's scope, kept per process while their
tables are unchanged.

Every signed-in page used to begin with three queries: the session row, the user row and
the user's memberships (their roles and scope). Between two changes of those tables they
return the same rows, so each process keeps them under the counter of the «identity» group
of tables (``core/models.py``: sessions, users, memberships), which the database's triggers
move in the same transaction as any write to them. The counter is read *before* the
session; a later request with the same session cookie reuses the rows only while the
counter is unchanged. A logout elsewhere (the session row is deleted), a new password (the
session's hash no longer matches), a user deactivated, a role added or withdrawn all move
it; the next request then reads the rows again, exactly as Django does without this cache.
Activities and other records saved meanwhile do not. The expiry date is checked on every
request, hit or not. Where the counter's row is missing, the whole database's stamp is used
(``core/stamped_cache.py``).

What is reused is rows, not objects: each request gets its own session dictionary (decoded
from the stored text) and its own user instance. Nothing is kept inside a transaction or
where the counter cannot be read (then every request reads the rows, as before).
Measured in bench/pages.py (docs/performance.md): about 2.4 ms of the application's CPU
and two queries per page. Decision 0007.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import auth
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.contrib.sessions.backends import db
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from avance.accounts.scope import CACHE_ATTRIBUTE, Scope, scope_of
from avance.core import stamped_cache

SESSIONS = 4096  # sessions kept per process (a few hundred bytes each)
entries = stamped_cache.StampedEntries(SESSIONS)


@dataclass
class Identity:
    """One session's rows as read under one stamp; the user's are added once verified."""

    session_data: str
    expire_date: datetime.datetime
    user_id: str | None = None  # the session's SESSION_KEY the user below was read for
    user_row: tuple[Any, ...] | None = None  # concrete field values, in field order
    scope: Scope | None = None


class SessionStore(db.SessionStore):
    """Django's database sessions (``SESSION_ENGINE = "avance.accounts.identity"``), read
    from this process's entries while the «identity» counter is unchanged."""

    identity: Identity | None = None

    def load(self):
        self.identity = None
        key = self.session_key
        stamp = stamped_cache.group_stamp("identity") if key else None
        marker = stamped_cache.connection_marker(stamp) if stamp is not None else None
        if stamp is not None:
            found = entries.get((key,), stamp, marker)
            if found is not None and found.expire_date > timezone.now():
                self.identity = found
                return self.decode(found.session_data)
        row = self._get_session_from_db()
        if row is None:
            return {}
        if stamp is not None:
            self.identity = Identity(row.session_data, row.expire_date)
            entries.put((key,), stamp, marker, self.identity)
        return self.decode(row.session_data)

    def delete(self, session_key=None):
        entries.discard((session_key or self.session_key,))
        super().delete(session_key)


def _field_names() -> list[str]:
    return [field.attname for field in get_user_model()._meta.concrete_fields]


def _own_copy(scope: Scope) -> Scope:
    """The scope with copies of its memberships: a page that reads ``membership.unit`` caches
    the unit on the instance, and a unit renamed later does not move the «identity» counter;
    the kept instances are never handed out, so each request reads such relations afresh."""
    return dataclasses.replace(scope, memberships=tuple(copy.copy(m) for m in scope.memberships))


def user_for(request):
    """The request's user: rebuilt from the kept row when the session was a hit that already
    holds a verified user, otherwise Django's ``auth.get_user`` (which checks the session's
    password hash and the backend), whose answer is then kept for the next request."""
    session = request.session
    user_id = session.get(SESSION_KEY)  # loads the session (and ``identity``) if not yet
    identity = getattr(session, "identity", None)
    if identity is not None and identity.user_row is not None and user_id == identity.user_id:
        user = get_user_model().from_db(DEFAULT_DB_ALIAS, _field_names(), identity.user_row)
        setattr(user, CACHE_ATTRIBUTE, _own_copy(identity.scope))
        return user
    user = auth.get_user(request)
    if identity is not None and user.is_authenticated and not session.modified:
        identity.scope = _own_copy(scope_of(user))
        identity.user_row = tuple(getattr(user, name) for name in _field_names())
        identity.user_id = user_id  # last: the entry is whole before it can match
    return user


def _request_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = user_for(request)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthentication):
    """Django's, with ``request.user`` from ``user_for``."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _request_user(request))
