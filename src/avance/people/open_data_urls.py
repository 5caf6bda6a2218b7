from django.urls import path

from avance.people import public_views

app_name = "open_data"
urlpatterns = [
    path("", public_views.open_data_page, name="index"),
    path("padrones.csv", public_views.open_data_csv, name="csv"),
    path("padrones.json", public_views.open_data_json, name="json"),
]
