"""Existing rosters get the owner of their activity (its unit and reporting organisation) or,
without one, the unit of the analyst who created them when it has a single one; rosters left
without an owner are seen by administrators and reviewers only, until an import names their
activity. Existing imports get their counts, counted once from the enrollments they
wrote (the enrollments still in their roster)."""

from django.db import migrations
from django.db.models import Count

BREAKDOWNS = {"sex": "sex", "state": "state", "birth_year": "birth_year", "organization": "organization"}


def fill_owners(apps, schema_editor):
    Roster = apps.get_model("people", "Roster")
    Membership = apps.get_model("accounts", "Membership")
    for roster in Roster.objects.filter(unit=None, organization=None).select_related("activity"):
        activity = roster.activity
        if activity is not None and (activity.unit_id or activity.reporting_organization_id):
            roster.unit_id = activity.unit_id
            roster.organization_id = activity.reporting_organization_id
        elif roster.created_by_id is not None:
            units = set(
                Membership.objects.filter(
                    user_id=roster.created_by_id, role="analyst"
                ).values_list("unit_id", flat=True)
            )
            if len(units) != 1:
                continue
            (roster.unit_id,) = units
        else:
            continue
        roster.save(update_fields=["unit", "organization"])


def fill_counts(apps, schema_editor):
    Enrollment = apps.get_model("people", "Enrollment")
    ImportCount = apps.get_model("people", "ImportCount")
    for breakdown, column in BREAKDOWNS.items():
        rows = (
            Enrollment.objects.exclude(import_batch=None)
            .values_list("import_batch_id", column)
            .annotate(n=Count("*"))
            .order_by()
        )
        ImportCount.objects.bulk_create(
            (
                ImportCount(batch_id=batch, breakdown=breakdown, key=str(key or ""), people=n)
                for batch, key, n in rows.iterator()
            ),
            batch_size=2000,
        )


def forget_counts(apps, schema_editor):
    apps.get_model("people", "ImportCount").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("activities", "0001_initial"),
        ("people", "0004_roster_owner_and_import_counts"),
    ]

    operations = [
        migrations.RunPython(fill_owners, migrations.RunPython.noop),
        migrations.RunPython(fill_counts, forget_counts),
    ]
