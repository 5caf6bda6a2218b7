from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "avance.publication"
    verbose_name = _("publication")

    def ready(self):
        from avance.documents.reports.signals import edition_signed

        edition_signed.connect(_freeze_open_data, dispatch_uid="publication.freeze_open_data")


def _freeze_open_data(sender, edition, **kwargs):
    from avance.publication.open_data import freeze

    freeze(edition)
