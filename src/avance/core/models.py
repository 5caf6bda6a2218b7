"""The base layer keeps no models of its own (its migrations retire the old counters); it
holds what the models of the layers above share."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def last_person(verbose_name) -> models.ForeignKey:
    """Who last did something to a record (sent it, changed it): set by the services, never by
    a form, and left empty when that user is deleted. Four eyes reads it."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=verbose_name,
    )
