"""Open data as it was signed: the published counts of each roster of a year, frozen when
the year's edition is signed, so that the public reads the counts of the signed report and a
later change appears only with the next signed edition."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OpenDataSnapshot(models.Model):
    """The open data of an edition's institution and year, kept when it was signed (its
    rosters may be none). Written once by ``open_data.freeze``."""

    edition = models.OneToOneField(
        "reports.Edition",
        on_delete=models.PROTECT,
        related_name="open_data",
        verbose_name=_("edición"),
    )
    taken_at = models.DateTimeField(_("tomada el"), auto_now_add=True)

    class Meta:
        verbose_name = _("datos abiertos firmados")
        verbose_name_plural = _("datos abiertos firmados")

    def __str__(self) -> str:
        return str(self.edition)


class SignedRoster(models.Model):
    """One roster's published counts (small cells already suppressed) in a snapshot."""

    snapshot = models.ForeignKey(OpenDataSnapshot, on_delete=models.CASCADE, related_name="rosters")
    position = models.PositiveIntegerField(_("orden"))
    year = models.PositiveSmallIntegerField(_("ejercicio"))
    institution = models.CharField(_("institución"), max_length=255)
    name = models.CharField(_("padrón"), max_length=200)
    kind = models.CharField(_("tipo"), max_length=80)
    activity = models.CharField(_("actividad"), max_length=500)
    counts = models.JSONField(_("conteos publicados"))

    class Meta:
        ordering = ["snapshot", "position"]
        verbose_name = _("padrón publicado")
        verbose_name_plural = _("padrones publicados")

    def __str__(self) -> str:
        return f"{self.year} · {self.name}"
