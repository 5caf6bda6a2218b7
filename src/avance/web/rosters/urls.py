from django.urls import path

from avance.web.rosters import views

app_name = "people"
urlpatterns = [
    path("", views.roster_list, name="list"),
    path("nuevo/", views.roster_create, name="create"),
    path("exportar/<str:fmt>/", views.roster_export, name="export"),
    path("progreso/", views.upload_status, name="upload_status"),
    path("<int:pk>/", views.roster_detail, name="detail"),
    path("<int:pk>/importar/", views.roster_upload, name="upload"),
    path("<int:pk>/actividad/", views.roster_link, name="link"),
    path("importaciones/<int:pk>/", views.import_detail, name="import"),
    path("importaciones/<int:pk>/errores/<slug:fmt>/", views.import_errors, name="import_errors"),
]
