"""Back office for planning: strategic objectives and budget programmes with their years."""

from django.contrib import admin

from avance.catalogs.planning.models import BudgetAllocation, BudgetProgram, StrategicObjective


@admin.register(StrategicObjective)
class StrategicObjectiveAdmin(admin.ModelAdmin):
    list_display = ("number", "__str__", "programme", "start_year", "end_year", "institution")
    list_display_links = ("__str__",)
    list_filter = ("programme", "institution")
    list_select_related = ("institution",)
    search_fields = ("title", "programme")
    autocomplete_fields = ("institution",)


class BudgetAllocationInline(admin.TabularInline):
    model = BudgetAllocation
    extra = 0
    fields = ("year", "name_in_year", "rules_published", "approved", "modified", "exercised")


@admin.register(BudgetProgram)
class BudgetProgramAdmin(admin.ModelAdmin):
    list_display = ("key", "name", "acronym")
    search_fields = ("key", "name", "acronym")
    inlines = [BudgetAllocationInline]
