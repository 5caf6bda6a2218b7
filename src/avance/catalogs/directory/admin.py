"""Back office for the directory: organisations (with their kind) and the institute's units."""

from django.contrib import admin
from django.db import models

from avance.catalogs.directory.models import Organization, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    fk_name = "organization"
    extra = 0
    fields = ("name", "acronym", "parent")
    autocomplete_fields = ("parent",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "acronym", "kind", "state")
    list_filter = ("kind", "state")
    list_select_related = ("state",)
    search_fields = ("name", "acronym")
    autocomplete_fields = ("state",)
    fields = ("name", "acronym", "kind", "state", "description", "website")
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "organization", "parent")
    list_filter = ("organization",)
    list_select_related = ("organization", "parent")
    search_fields = ("name", "acronym")
    autocomplete_fields = ("organization", "parent")
