"""Back office for activities and the measure catalog.

An activity is edited with its partners, figures, footnotes and evidence inline. Its review
status is shown but never edited here: it changes only through the review transitions
(``services.py``). History is kept by django-simple-history and is read-only.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from avance.capture.activities.checks import binding_choices
from avance.capture.activities.models import (
    FIGURE_FIELDS,
    Activity,
    Evidence,
    Figure,
    Footnote,
    Measure,
    Partner,
)
from avance.core.forms import ParentConstraintsMixin


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0
    fields = ("organization", "role", "position")
    autocomplete_fields = ("organization",)


class FigureForm(ParentConstraintsMixin, forms.ModelForm):
    binding = forms.ChoiceField(label=_("cálculo"), required=False, choices=())

    class Meta:
        model = Figure
        fields = FIGURE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["binding"].choices = [("", "—"), *binding_choices()]

    def _post_clean(self):
        # The figure's own checks read its measure; without one the field error says enough.
        if self.cleaned_data.get("measure") is None:
            return
        super()._post_clean()


class FigureInline(admin.StackedInline):
    model = Figure
    form = FigureForm
    extra = 0
    readonly_fields = ("entered_by", "updated_at")


class FootnoteInline(admin.TabularInline):
    model = Footnote
    extra = 0
    fields = ("key", "text")


class EvidenceInline(admin.TabularInline):
    model = Evidence
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 0
    fields = ("url", "description")


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "kind", "objective", "status", "position")
    list_filter = ("year", "status", "kind", "objective")
    list_select_related = ("objective",)
    search_fields = ("title", "narrative")
    readonly_fields = (
        "status",
        "created_by",
        "created_at",
        "submitted_by",
        "changed_by",
        "updated_at",
    )
    autocomplete_fields = (
        "objective",
        "budget_program",
        "unit",
        "reporting_organization",
        "sessions",
        "municipalities",
    )
    filter_horizontal = ("states",)
    fieldsets = (
        (None, {"fields": ("year", "kind", "title", "objective", "position", "status")}),
        (_("Fechas"), {"fields": ("start_date", "end_date")}),
        (
            _("Responsables y programa"),
            {"fields": ("unit", "reporting_organization", "budget_program")},
        ),
        (_("Territorio y sesiones"), {"fields": ("states", "municipalities", "sessions")}),
        (_("Redacción"), {"fields": ("narrative",)}),
        (
            _("Registro"),
            {
                "fields": (
                    "created_by",
                    "created_at",
                    "submitted_by",
                    "changed_by",
                    "updated_at",
                )
            },
        ),
    )
    inlines = [PartnerInline, FigureInline, FootnoteInline, EvidenceInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.changed_by = request.user  # four eyes: who changed it last never validates it
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            # Who typed an entered figure is part of its provenance.
            if isinstance(instance, Figure) and instance.source == "entered":
                instance.entered_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "by_sex", "parts_sum_to_total")
    list_filter = ("by_sex", "parts_sum_to_total")
    search_fields = ("code", "name")
