from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "avance.core"
    verbose_name = _("core")

    def ready(self) -> None:
        from avance.core.signals import strip_control_characters

        pre_save.connect(strip_control_characters, dispatch_uid="avance-strip-control")
