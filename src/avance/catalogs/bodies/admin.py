"""Back office for coordination bodies, their members and their numbered sessions."""

from django.contrib import admin

from avance.catalogs.bodies.models import Body, Session


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ("kind", "number", "date", "place", "notes")


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "kind", "installed_on")
    list_filter = ("kind",)
    search_fields = ("name", "acronym")
    autocomplete_fields = ("members",)
    inlines = [SessionInline]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "body", "kind", "number", "date")
    list_filter = ("kind", "body")
    list_select_related = ("body",)
    search_fields = ("body__name", "body__acronym", "notes", "place")
    autocomplete_fields = ("body",)
