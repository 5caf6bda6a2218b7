from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "avance.core"
    verbose_name = _("core")

    def ready(self) -> None:
        from avance.core.translation import install_gettext_memo

        install_gettext_memo()
