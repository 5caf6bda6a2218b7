"""The counters of groups of tables (core/models.py): moved by the database's triggers in the
writing transaction, by every kind of write to a table of the group, and only by those."""

from __future__ import annotations

import pytest
from django.db import connection

from avance.core.models import GROUPS, Generation


def _values() -> dict[str, int]:
    return dict(Generation.objects.values_list("name", "value"))


def _columns(table: str) -> list[tuple[str, bool]]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    return [(column.name, column.null_ok) for column in description]


@pytest.mark.django_db
@pytest.mark.parametrize(("group", "table"), [(g, t) for g, ts in GROUPS.items() for t in ts])
def test_every_write_to_a_table_of_the_group_moves_its_counter(group, table):
    from django.apps import apps

    model = next(m for m in apps.get_models() if m._meta.db_table == table)
    before = _values()[group]
    instance = _instance(model)
    after_insert = _values()[group]
    assert after_insert > before
    others = {name: value for name, value in _values().items() if name != group}
    field = next(f for f in model._meta.concrete_fields if not f.primary_key)
    same = {field.attname: getattr(instance, field.attname)}
    model.objects.filter(pk=instance.pk).update(**same)  # an update, even to the same value
    after_update = _values()[group]
    assert after_update > after_insert
    with connection.cursor() as cursor:  # raw SQL too: the database moves it, not Django
        quote = connection.ops.quote_name
        cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 - a model's table
    assert _values()[group] > after_update
    assert {name: value for name, value in _values().items() if name != group} == others


def _instance(model):
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from avance.accounts.models import Membership
    from avance.directory.models import Organization
    from avance.planning.models import StrategicObjective

    if model is Session:
        return Session.objects.create(
            session_key="k" * 32, session_data="", expire_date=timezone.now()
        )
    if model is get_user_model():
        return get_user_model().objects.create_user("generaciones")
    if model is Membership:
        user = get_user_model().objects.create_user("generaciones")
        return Membership.objects.create(user=user, role="reviewer")
    institute = Organization.objects.create(name="Instituto", kind="institute")
    if model is Organization:
        return institute
    assert model is StrategicObjective
    return StrategicObjective.objects.create(
        institute=institute, number=1, title="Uno", start_year=2020, end_year=2024
    )


@pytest.mark.django_db
def test_other_tables_leave_the_counters():
    from avance.activities.models import Activity

    before = _values()
    assert set(before) == set(GROUPS)
    Activity.objects.create(year=2023, kind="event", title="Fuera de los grupos")
    Activity.objects.update(title="Cambiada")
    assert _values() == before


@pytest.mark.django_db
def test_a_missing_trigger_turns_the_counters_off(caplog):
    """SQLite drops a table's triggers when a migration rebuilds the table: without every
    trigger the caches must not trust the counters."""
    from avance.core import stamped_cache
    from avance.core.models import trigger_names

    stamped_cache._checked_triggers.clear()
    try:
        assert stamped_cache._triggers_in_place("default")
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("DROP TRIGGER avance_generation_auth_user ON auth_user")
                gone = "avance_generation_auth_user"
            else:
                cursor.execute("DROP TRIGGER avance_generation_auth_user_update")
                gone = "avance_generation_auth_user_update"
        assert gone in trigger_names(connection.vendor)
        stamped_cache._checked_triggers.clear()
        assert not stamped_cache._triggers_in_place("default")
        assert gone in caplog.text
    finally:
        stamped_cache._checked_triggers.clear()  # the trigger comes back with the rollback
