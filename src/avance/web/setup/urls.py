from django.urls import path

from avance.web.setup import views

app_name = "setup"
urlpatterns = [
    path("", views.index, name="index"),
    path("perfil/", views.profile, name="profile"),
    path("personas/", views.people, name="people"),
    path("personas/<int:pk>/quitar/", views.remove_role, name="remove_role"),
    path("firmantes/", views.signatories, name="signatories"),
    path("instituciones/", views.institutions, name="institutions"),
    path("organizaciones/", views.organizations, name="organizations"),
    path("<slug:key>/", views.section_list, name="list"),
    path("<slug:key>/nuevo/", views.section_edit, name="create"),
    path("<slug:key>/exportar/<str:fmt>/", views.section_export, name="export"),
    path("<slug:key>/<int:pk>/", views.section_edit, name="edit"),
]
