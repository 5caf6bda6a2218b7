"""Migration 0002 folds the persons into the enrollments and back, keeping every fact."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.builders.database import skip_unless_postgresql

# serialized_rollback, as every transactional test: see tests/test_migration_rows.py.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("people", "0001_initial")]
AFTER = [("people", "0002_persons_into_enrollments")]
A, B = b"\x01" * 32, b"\x02" * 32


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_persons_fold_into_enrollments_and_back():
    apps = migrate(BEFORE)
    try:
        Roster = apps.get_model("people", "Roster")
        Person = apps.get_model("people", "Person")
        Enrollment = apps.get_model("people", "Enrollment")
        first = Roster.objects.create(name="Uno", kind="training", year=2023)
        second = Roster.objects.create(name="Dos", kind="training", year=2023)
        a = Person.objects.create(pseudonym=A, sex="M", birth_year=1990, birth_state="09")
        b = Person.objects.create(pseudonym=B, sex="H", birth_year=1975, birth_state="NE")
        for roster, person, sex in ((first, a, "M"), (first, b, "X"), (second, a, "M")):
            Enrollment.objects.create(roster=roster, person=person, sex=sex, state="01")

        apps = migrate(AFTER)
        Enrollment = apps.get_model("people", "Enrollment")
        rows = sorted(
            (r.roster_id, bytes(r.pseudonym), r.curp_sex, r.birth_year, r.birth_state, r.sex)
            for r in Enrollment.objects.all()
        )
        assert rows == [
            (first.pk, A, "M", 1990, "09", "M"),
            (first.pk, B, "H", 1975, "NE", "X"),
            (second.pk, A, "M", 1990, "09", "M"),
        ]
        assert "people_person" not in connection.introspection.table_names()

        apps = migrate(BEFORE)
        Person = apps.get_model("people", "Person")
        Enrollment = apps.get_model("people", "Enrollment")
        persons = sorted(
            (bytes(p.pseudonym), p.sex, p.birth_year, p.birth_state) for p in Person.objects.all()
        )
        assert persons == [(A, "M", 1990, "09"), (B, "H", 1975, "NE")]
        assert sorted(
            (e.roster_id, bytes(e.person_id), e.sex) for e in Enrollment.objects.all()
        ) == [(first.pk, A, "M"), (first.pk, B, "X"), (second.pk, A, "M")]
    finally:
        migrate(executor_leaf())


def executor_leaf():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _indexes() -> dict[str, dict]:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, "people_enrollment")


def test_on_postgresql_the_enrollments_have_a_brin_index_and_no_btree():
    skip_unless_postgresql("SQLite keeps the primary key, migration 0003")
    indexes = _indexes()
    assert [c["type"] for c in indexes.values() if c["index"]] == ["brin"]
    assert not any(c["primary_key"] or c["unique"] for c in indexes.values())
    try:
        migrate([("people", "0002_persons_into_enrollments")])
        keys = [c["columns"] for c in _indexes().values() if c["primary_key"]]
        assert keys == [["roster_id", "pseudonym"]]
    finally:
        migrate(executor_leaf())
    assert [c["type"] for c in _indexes().values() if c["index"]] == ["brin"]
