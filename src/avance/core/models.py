"""Generations: a counter per group of tables, moved by the database itself.

A trigger on each table of a group adds one to the group's counter in the same transaction
as any insert, update or delete (and, on PostgreSQL, truncate) of that table, so the counter
becomes visible exactly when the change does. Caches of what those tables hold
(``core/stamped_cache.py``) compare the counter instead of the whole database's stamp:
sessions and users are then read again after a login or a role change, not after every
activity saved. The triggers are made by migration ``core/0001`` (``GROUPS`` at that time).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# Each group and its tables; a change to one of them moves the group's counter.
GROUPS = {
    # Who is asking (accounts/identity.py): the session, the user, the user's roles.
    "identity": ("django_session", "auth_user", "accounts_membership"),
    # The activity list's choices (activities/filters.py).
    "list catalogs": ("planning_strategicobjective", "directory_organization"),
}


def trigger_names(vendor: str) -> set[str]:
    """The triggers migration ``core/0001`` makes for ``GROUPS`` on ``vendor``."""
    if vendor == "postgresql":
        return {f"avance_generation_{table}" for tables in GROUPS.values() for table in tables}
    return {
        f"avance_generation_{table}_{operation}"
        for tables in GROUPS.values()
        for table in tables
        for operation in ("insert", "update", "delete")
    }


class Generation(models.Model):
    name = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("generación")
        verbose_name_plural = _("generaciones")

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"
