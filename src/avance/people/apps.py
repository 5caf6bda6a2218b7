from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "avance.people"
    verbose_name = _("people")

    def ready(self) -> None:
        from avance.people import bindings

        bindings.register()
