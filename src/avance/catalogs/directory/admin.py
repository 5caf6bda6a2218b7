"""Back office for the directory: organisations (with their kind), the institutions that run
their own cycle here, and their units."""

from django.contrib import admin
from django.db import models

from avance.catalogs.directory.models import Institution, Organization, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    fk_name = "institution"
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


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("organization", "kind", "coordinator", "branch", "entity_key")
    list_filter = ("kind",)
    list_select_related = ("organization", "coordinator__organization")
    search_fields = ("organization__name", "organization__acronym")
    autocomplete_fields = ("organization", "coordinator")
    # The logo is checked and renamed by the setup area's profile form, its only way in.
    exclude = ("logo",)
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "institution", "parent")
    list_filter = ("institution",)
    list_select_related = ("institution__organization", "parent")
    search_fields = ("name", "acronym")
    autocomplete_fields = ("institution", "parent")
