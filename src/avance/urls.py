"""Every URL of Avance: the internal pages (``web``), the public ones (``publication``) and
the administration kept for technical support."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("avance.web.urls")),
    path("", include("avance.publication.urls")),
    path("admin/", admin.site.urls),
]
