"""Back office for the territory catalogs.

States ship with the code and municipalities come from INEGI's catalog file through
``avance catalog load-municipalities`` (versioned): the administration shows them, and lets
an administrator adjust only how a state is usually named, never its official keys.
"""

from django.contrib import admin

from avance.catalogs.territory.models import CatalogVersion, Municipality, State


class ViewOnlyAdmin(admin.ModelAdmin):
    """Listed and read; written only by the catalog loaders."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "common_name", "abbreviation", "curp_code")
    search_fields = ("code", "name", "common_name", "abbreviation")
    readonly_fields = ("code", "name", "curp_code")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Municipality)
class MunicipalityAdmin(ViewOnlyAdmin):
    list_display = ("cvegeo", "name", "state", "population_total", "catalog_version")
    list_filter = ("state",)
    list_select_related = ("state", "catalog_version")
    search_fields = ("cvegeo", "name", "state__common_name")
    show_full_result_count = False


@admin.register(CatalogVersion)
class CatalogVersionAdmin(ViewOnlyAdmin):
    list_display = (
        "catalog",
        "version_date",
        "source_name",
        "rows",
        "created",
        "updated",
        "loaded_at",
    )
    list_filter = ("catalog",)
