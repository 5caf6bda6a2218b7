from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("avance.core.urls")),
    path("cuenta/", include("avance.accounts.urls")),
    path("actividades/", include("avance.activities.urls")),
    path("informes/", include("avance.reports.urls")),
    path("padrones/", include("avance.people.urls")),
    path("datos/", include("avance.people.open_data_urls")),
    path("admin/", admin.site.urls),
]
