"""The public pages: signed editions (``published``) and open data (``open_data``)."""

from django.urls import include, path

from avance.publication import views

published = (
    [
        path("", views.published_list, name="list"),
        path("<int:pk>/<slug:fmt>/", views.published_download, name="download"),
    ],
    "published",
)
open_data = (
    [
        path("", views.open_data_page, name="index"),
        path("padrones/<slug:fmt>/", views.open_data_export, name="export"),
        path("padrones.json", views.open_data_json, name="json"),
    ],
    "open_data",
)

urlpatterns = [
    path("informes/publicados/", include(published)),
    path("datos/", include(open_data)),
]
