"""Stored text never holds control characters: they are stripped on every save."""

from __future__ import annotations

from django.db import models

from avance.core.text import CONTROL, clean_text


def strip_control_characters(sender, instance, raw=False, **kwargs) -> None:
    """Before any model is saved (forms, administration, commands, code), drop the
    characters of ``core.text.CONTROL`` from its text fields: a NUL or a right-to-left
    override typed or pasted into a title would otherwise reach pages and documents."""
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField) and not field.generated:
            value = getattr(instance, field.attname)
            if isinstance(value, str) and CONTROL.search(value):
                setattr(instance, field.attname, clean_text(value))
