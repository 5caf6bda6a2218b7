from django.urls import path

from avance.web.network import views

app_name = "network"
urlpatterns = [
    path("", views.network_page, name="index"),
    path("exportar/<str:table>/<str:fmt>/", views.network_export, name="export"),
]
