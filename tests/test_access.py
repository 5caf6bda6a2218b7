"""Who may open what: the URLconf walk and the permission matrix (role × URL × status).

The walk fails on any view without a declared rule (``accounts.access``). Django's admin is
exempt: its views check staff status and model permissions themselves, and are not ours.
The matrix covers every page of the application as it stands; a page added later without a
row here is still caught by the walk (no rule) and by the anonymous check below.
"""

from __future__ import annotations

import pytest
import rules
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from avance.accounts.access import rule_of
from tests.builders.world import ROLES, build_world

ADMIN_NAMESPACE = "admin"


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns == ADMIN_NAMESPACE:
                continue  # Django's admin: its own permission checks (see module docstring)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry


ALL_VIEWS = list(_walk(get_resolver().url_patterns))


def test_urlconf_walk_finds_the_application_views():
    names = {f"{ns}:{p.name}" for _route, ns, p in ALL_VIEWS}
    assert {"core:home", "accounts:login", "activities:list", "activities:detail"} <= names


@pytest.mark.parametrize(
    ("route", "namespace", "pattern"), ALL_VIEWS, ids=[r for r, _n, _p in ALL_VIEWS]
)
def test_every_view_declares_an_access_rule(route, namespace, pattern):
    rule = rule_of(pattern.callback)
    assert rule is not None, f"/{route} ({namespace}:{pattern.name}) declares no access rule"
    assert rule in {"public", "authenticated"} or rule.startswith("perm:")
    if rule.startswith("perm:"):
        permission = rule.removeprefix("perm:")
        assert rules.perm_exists(permission), f"/{route}: rule {permission} is not defined"


def _sample_kwargs(pattern: URLPattern) -> dict:
    converters = getattr(pattern.pattern, "converters", {})
    out = {}
    for name, converter in converters.items():
        out[name] = 2023 if converter.__class__.__name__ == "IntConverter" else "x"
    return out


PROTECTED = [
    (route, ns, p) for route, ns, p in ALL_VIEWS if rule_of(p.callback) not in (None, "public")
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "namespace", "pattern"), PROTECTED, ids=[r for r, _n, _p in PROTECTED]
)
def test_every_protected_view_sends_anonymous_users_to_login(client, route, namespace, pattern):
    url = reverse(f"{namespace}:{pattern.name}", kwargs=_sample_kwargs(pattern))
    response = client.get(url)
    if response.status_code == 405:  # POST-only: the anonymous POST must be refused too
        response = client.post(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


# --- the matrix ---------------------------------------------------------------------------

# Expected status per role; roles not listed expect ``default``.
#   anonymous → 302 (login); no_role → 403 on every permission-protected page.
LOGIN = 302


def row(url, method="get", default=403, **expected):
    return (url, method, default, expected)


MATRIX = [
    row("core:home", default=200, anonymous=LOGIN),
    row("accounts:login", default=302, anonymous=200),
    row(
        "activities:list",
        default=200,
        anonymous=LOGIN,
        no_role=403,
    ),
    row(
        "activities:create",
        anonymous=LOGIN,
        administrator=200,
        analyst=200,
        other_analyst=200,
        liaison=200,
        other_liaison=200,
    ),
    row(
        ("activities:detail", "unit_activity"),
        default=200,
        anonymous=LOGIN,
        liaison=404,
        other_liaison=404,
        no_role=403,
    ),
    row(
        ("activities:detail", "agency_activity"),
        default=200,
        anonymous=LOGIN,
        other_liaison=404,
        no_role=403,
    ),
    row(
        ("activities:history", "unit_activity"),
        default=200,
        anonymous=LOGIN,
        liaison=404,
        other_liaison=404,
        no_role=403,
    ),
    row(
        ("activities:history", "agency_activity"),
        default=200,
        anonymous=LOGIN,
        other_liaison=404,
        no_role=403,
    ),
    row(
        ("activities:edit", "unit_activity"),
        anonymous=LOGIN,
        administrator=200,
        analyst=200,
        liaison=404,
        other_liaison=404,
    ),
    row(
        ("activities:edit", "agency_activity"),
        anonymous=LOGIN,
        administrator=200,
        liaison=200,
        other_liaison=404,
    ),
    row(
        ("activities:edit", "submitted_activity"),
        anonymous=LOGIN,
        liaison=404,
        other_liaison=404,
    ),
    row(
        "activities:preview",
        "post",
        anonymous=LOGIN,
        administrator=200,
        analyst=200,
        other_analyst=200,
        liaison=200,
        other_liaison=200,
    ),
    row(
        ("activities:submit", "unit_activity"),
        "post",
        anonymous=LOGIN,
        administrator=302,
        analyst=302,
        liaison=404,
        other_liaison=404,
    ),
    row(
        ("activities:submit", "agency_activity"),
        "post",
        anonymous=LOGIN,
        administrator=302,
        liaison=302,
        other_liaison=404,
    ),
    row(("activities:validate", "submitted_activity"), "post", anonymous=LOGIN, reviewer=302),
    row(("activities:send_back", "submitted_activity"), "post", anonymous=LOGIN, reviewer=302),
    row("admin:index", default=302, administrator=200),
]


# Pages of the reports app (the live report of a year and its editions), as their rules in
# reports/rules.py declare them; signing and frozen downloads are covered by that app's tests.
INSTITUTE_ROLES = ("administrator", "analyst", "other_analyst", "reviewer", "signatory")
MATRIX += [
    row(("reports:preview", "year"), default=200, anonymous=LOGIN),
    row(("reports:download", "year_md"), default=200, anonymous=LOGIN),
    row(("reports:trace", "year"), default=200, anonymous=LOGIN),
    row("reports:editions", anonymous=LOGIN, **dict.fromkeys(INSTITUTE_ROLES, 200)),
    row(("reports:edition", "edition"), anonymous=LOGIN, **dict.fromkeys(INSTITUTE_ROLES, 200)),
    row(
        ("reports:edition_compose", "edition"),
        anonymous=LOGIN,
        administrator=200,
        reviewer=200,
    ),
    # Published (signed) editions: open to everyone; an unsigned edition is not there at all.
    row("published:list", default=200),
    row(("published:download", "edition_pdf"), default=404),
    # Open data (people/public_views.py): the published rosters' suppressed counts, for all.
    row("open_data:index", default=200),
    row(("open_data:export", "csv"), default=200),
    row("open_data:json", default=200),
]


def _matrix_cases():
    for url, method, default, expected in MATRIX:
        for role in ROLES:
            status = expected.get(role, default)
            name = url if isinstance(url, str) else f"{url[0]}[{url[1]}]"
            yield pytest.param(url, method, role, status, id=f"{name}-{method}-{role}-{status}")


@pytest.fixture
def world(db):
    from avance.documents.reports.models import Edition

    world = build_world()
    world.edition = Edition.objects.create(
        year=2023, institute=world.institute, heading="Informe de prueba", introduction="Texto."
    )
    return world


def _args(world, key: str) -> list:
    if key == "year":
        return [2023]
    if key == "csv":
        return ["csv"]
    if key == "year_md":
        return [2023, "md"]
    if key == "edition_pdf":
        return [world.edition.pk, "pdf"]
    return [getattr(world, key).pk]


@pytest.mark.parametrize(("url", "method", "role", "status"), list(_matrix_cases()))
def test_permission_matrix(client, world, url, method, role, status):
    if isinstance(url, tuple):
        name, key = url
        path = reverse(name, args=_args(world, key))
    else:
        path = reverse(url)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    data = {"comment": "Observación de prueba."} if method == "post" else None
    response = getattr(client, method)(path, data)
    assert response.status_code == status


def test_another_organizations_record_answers_404_not_403(client, world):
    client.force_login(world.users["liaison"])
    theirs = world.other_agency_activity.pk
    for name in ("activities:detail", "activities:edit", "activities:history"):
        assert client.get(reverse(name, args=[theirs])).status_code == 404
    assert client.post(reverse("activities:submit", args=[theirs])).status_code == 404
    ours = client.get(reverse("activities:detail", args=[world.agency_activity.pk]))
    assert ours.status_code == 200


def test_liaison_list_shows_only_its_organizations_records(client, world):
    client.force_login(world.users["liaison"])
    response = client.get(reverse("activities:list"))
    assert [a.pk for a in response.context["page"].object_list] == [world.agency_activity.pk]
