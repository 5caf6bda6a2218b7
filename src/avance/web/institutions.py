"""The institution a user works in: shown in every page's header, changed from it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from avance.accounts.access import authenticated
from avance.accounts.scope import SESSION_KEY, choose_institution, scope_of
from avance.catalogs.directory.models import Institution


def current_institution(request) -> Institution:
    """The institution the user works in, with its directory entry."""
    return Institution.objects.select_related("organization").get(
        pk=scope_of(request.user).institution_id
    )


def year_param(request, default: int) -> int:
    """The year a page is asked for (``?ejercicio=``), else ``default``."""
    try:
        year = int(request.GET.get("ejercicio", ""))
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


@dataclass(frozen=True)
class Menu:
    current: Institution | None
    choices: list[Institution]


def menu(user) -> Menu:
    """The user's institution and the others where they hold a role (one query)."""
    scope = scope_of(user)
    wanted = set(scope.institution_ids) | {scope.institution_id} - {None}
    found = list(
        Institution.objects.filter(pk__in=wanted)
        .select_related("organization")
        .order_by("organization__name")
    )
    current = next((i for i in found if i.pk == scope.institution_id), None)
    return Menu(current=current, choices=found if len(found) > 1 else [])


def institution(request):
    """Context processor: ``institution_menu``, read only by the pages that print it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"institution_menu": SimpleLazyObject(lambda: menu(user))}


@authenticated
@require_POST
def switch(request):
    """Work in another institution where the user holds a role (POST ``institution``)."""
    try:
        wanted = int(request.POST.get("institution", ""))
    except ValueError:
        wanted = None
    scope = scope_of(request.user)
    if wanted is None or not (wanted in scope.institution_ids or scope.superuser):
        messages.error(request, _("No tiene un papel en esa institución."))
    else:
        request.session[SESSION_KEY] = wanted
        choose_institution(request.user, wanted)
        name = menu(request.user).current
        messages.success(request, _("Ahora trabaja en %(name)s.") % {"name": name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = ""
    return redirect(target or "core:home")
