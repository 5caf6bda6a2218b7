"""How every view declares who may open it.

Each view is wrapped by exactly one of these decorators, which records the rule on the view
(``view.access_rule``) so that a test can walk the URLconf and fail on any view without one:

* ``@public`` — anyone, without login (published pages);
* ``@authenticated`` — any signed-in user;
* ``@require("app.perm")`` — a signed-in user for whom the named django-rules permission
  holds (predicates live in each app's ``rules.py``). Object-level scoping is done by the
  view fetching its object through the app's scoped queryset, so another organisation's
  record answers 404, not 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

ATTRIBUTE = "access_rule"


def _mark(view: Callable, rule: str) -> Callable:
    setattr(view, ATTRIBUTE, rule)
    return view


def public(view: Callable) -> Callable:
    return _mark(view, "public")


def authenticated(view: Callable) -> Callable:
    return _mark(login_required(view), "authenticated")


def require(permission: str) -> Callable[[Callable], Callable]:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _mark(login_required(wrapped), f"perm:{permission}")

    return decorator


def rule_of(view: Callable) -> str | None:
    """The declared rule of a view function or class-based view, if any."""
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "cls", None)):
        if candidate is not None and getattr(candidate, ATTRIBUTE, None):
            return getattr(candidate, ATTRIBUTE)
    return None
