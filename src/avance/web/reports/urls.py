from django.urls import path

from avance.web.reports import editions as edition_views
from avance.web.reports import views

app_name = "reports"
urlpatterns: list = [
    # The live report of a year: preview, downloads and provenance (reports/views.py)
    path("<int:year>/", views.preview, name="preview"),
    path("<int:year>/descargar/<slug:fmt>/", views.download, name="download"),
    path("<int:year>/rastro/", views.trace, name="trace"),
    # Editions (composition, signing, frozen downloads): reports/edition_views.py
    path("ediciones/", edition_views.edition_list, name="editions"),
    path("ediciones/abrir/", edition_views.edition_open, name="edition_open"),
    path("ediciones/<int:pk>/", edition_views.edition_detail, name="edition"),
    path("ediciones/<int:pk>/componer/", edition_views.edition_compose, name="edition_compose"),
    path("ediciones/<int:pk>/vista-previa/", edition_views.edition_preview, name="edition_preview"),
    path(
        "ediciones/<int:pk>/vista-previa/<slug:fmt>/",
        edition_views.edition_preview_file,
        name="edition_preview_file",
    ),
    path("ediciones/<int:pk>/firmar/", edition_views.edition_sign, name="edition_sign"),
    path("ediciones/<int:pk>/cambios/", edition_views.edition_changes, name="edition_changes"),
    path(
        "ediciones/<int:pk>/descargar/<slug:fmt>/",
        edition_views.edition_download,
        name="edition_download",
    ),
]
