"""Two imports into one roster at the same time: no person is written twice.

On PostgreSQL no index keeps (roster, pseudonym) unique (migration 0003); the importer's
lock on the roster's row does. Each import runs in its own thread and connection.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from avance.capture.people.counts import repeated_entries
from avance.capture.people.importing import import_roster
from avance.capture.people.models import Enrollment, Roster
from tests.builders.database import skip_unless_postgresql
from tests.builders.rosters import csv_bytes, people

# serialized_rollback, as every transactional test: see tests/test_migration_rows.py.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_imports_into_one_roster_at_once_write_each_person_once():
    skip_unless_postgresql("SQLite keeps its primary key and has one writer at a time")
    roster = Roster.objects.create(name="A la vez", kind="training", year=2023)
    everyone = people(400, seed=5)
    files = [csv_bytes(everyone[:300]), csv_bytes(everyone[100:])]
    start = threading.Barrier(2)
    results, errors = [], []

    def run(data):
        try:
            start.wait()
            results.append(import_roster(roster=roster, data=data, file_name="f.csv"))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(data,)) for data in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(r.imported for r in results) == [100, 300]
    assert Enrollment.objects.filter(roster=roster).count() == 400
    assert repeated_entries() == 0
