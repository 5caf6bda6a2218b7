"""Back office: users' roles, and the audit trail shown read-only.

The historical tables of django-simple-history are the audit trail: the administration may
read them but never add, change or delete a row (the application has no other way in).
"""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from avance.accounts.models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit", "organization", "signs_as", "post")
    list_filter = ("role", "signs_as")
    search_fields = ("user__username", "user__first_name", "user__last_name", "post")
    autocomplete_fields = ()
    raw_id_fields = ("user",)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("role", "unit", "organization", "signs_as", "post")


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class AvanceUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, MembershipInline]


class ReadOnlyHistoryAdmin(admin.ModelAdmin):
    """An audit-trail table: listed and read, never written."""

    list_display = ("__str__", "history_type", "history_date", "history_user")
    list_filter = ("history_type",)
    date_hierarchy = "history_date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyHistoryM2MAdmin(ReadOnlyHistoryAdmin):
    """The related rows (e.g. an activity's states) kept with one historical record."""

    list_display = ("__str__", "history")
    list_filter = ()
    date_hierarchy = None
    list_select_related = ("history",)


def register_history_admins() -> None:
    for model in apps.get_models():
        if model.__name__.startswith("Historical") and hasattr(model, "history_id"):
            if not admin.site.is_registered(model):
                # m2m_fields of simple-history add tables whose rows point to a record.
                is_m2m = hasattr(model, "m2m_history_id")
                admin.site.register(
                    model, ReadOnlyHistoryM2MAdmin if is_m2m else ReadOnlyHistoryAdmin
                )


register_history_admins()
