"""Back office (technical support) for coordination bodies, sessions and agreements."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from avance.catalogs.bodies.models import Agreement, Body, Session


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ("kind", "number", "date", "place", "notes")


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "acronym", "kind", "institution", "installed_on")
    list_filter = ("kind", "institution")
    list_select_related = ("institution__organization",)
    search_fields = ("name", "acronym")
    autocomplete_fields = ("members",)
    inlines = [SessionInline]


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "body", "kind", "number", "date")
    list_filter = ("kind", "body")
    list_select_related = ("body",)
    search_fields = ("body__name", "body__acronym", "notes", "place")
    autocomplete_fields = ("body",)


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ("key", "session", "status", "due_on", "responsible")
    list_filter = ("status",)
    list_select_related = ("session__body",)
    search_fields = ("key", "text", "responsible", "session__body__name")
    autocomplete_fields = ("session",)
