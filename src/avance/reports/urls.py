from django.urls import path

from avance.reports import views

app_name = "reports"
urlpatterns: list = [
    # The live report of a year: preview, downloads and provenance (reports/views.py)
    path("<int:year>/", views.preview, name="preview"),
    path("<int:year>/descargar/<slug:fmt>/", views.download, name="download"),
    path("<int:year>/rastro/", views.trace, name="trace"),
]
