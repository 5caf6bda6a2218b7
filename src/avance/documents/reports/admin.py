from django.contrib import admin

from avance.documents.reports.models import Edition, Signatory


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ("template", "year", "number", "status")
    inlines = [SignatoryInline]
