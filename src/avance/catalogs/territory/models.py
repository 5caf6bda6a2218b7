from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.Model):
    """A federal entity (INEGI key 01–32). The 32 rows ship with the code (migration 0002)."""

    code = models.CharField(_("clave INEGI"), max_length=2, primary_key=True)
    name = models.CharField(_("nombre oficial"), max_length=80, unique=True)
    common_name = models.CharField(_("nombre usual"), max_length=80)
    abbreviation = models.CharField(_("abreviatura"), max_length=10)
    curp_code = models.CharField(_("clave CURP"), max_length=2, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("entidad federativa")
        verbose_name_plural = _("entidades federativas")

    def __str__(self) -> str:
        return self.common_name


class CatalogVersion(models.Model):
    """One load of an official catalog file: what it was, of when, and what it changed."""

    catalog = models.CharField(_("catálogo"), max_length=40)
    version_date = models.DateField(_("fecha de la versión"))
    source_name = models.CharField(_("archivo"), max_length=255)
    sha256 = models.CharField(_("huella SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("filas"))
    created = models.PositiveIntegerField(_("altas"), default=0)
    updated = models.PositiveIntegerField(_("cambios"), default=0)
    loaded_at = models.DateTimeField(_("cargado el"), auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at"]
        verbose_name = _("versión de catálogo")
        verbose_name_plural = _("versiones de catálogo")

    def __str__(self) -> str:
        return f"{self.catalog} {self.version_date:%Y-%m-%d}"


class Municipality(models.Model):
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("entidad")
    )
    code = models.CharField(_("clave municipal"), max_length=3)
    cvegeo = models.CharField(_("CVEGEO"), max_length=5, unique=True)
    name = models.CharField(_("nombre"), max_length=120)
    population_total = models.PositiveIntegerField(_("población total 2020"), null=True)
    population_men = models.PositiveIntegerField(_("población masculina 2020"), null=True)
    population_women = models.PositiveIntegerField(_("población femenina 2020"), null=True)
    catalog_version = models.ForeignKey(
        CatalogVersion, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["cvegeo"]
        verbose_name = _("municipio")
        verbose_name_plural = _("municipios")
        constraints = [
            models.UniqueConstraint(fields=["state", "code"], name="municipality_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.state.common_name}"
