from django.urls import path

from avance.web.activities import listing, reopening, views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("nueva/", views.activity_create, name="create"),
    path("exportar/<str:fmt>/", listing.activity_export, name="export"),
    path("revisar/", listing.activity_bulk, name="bulk"),
    path("vista-previa/", views.narrative_preview, name="preview"),
    path("pegar/", views.narrative_paste, name="paste"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/editar/", views.activity_edit, name="edit"),
    path("<int:pk>/vista-previa/", views.narrative_preview_existing, name="preview_existing"),
    path("<int:pk>/enviar/", views.activity_submit, name="submit"),
    path("<int:pk>/validar/", views.activity_validate, name="validate"),
    path("<int:pk>/devolver/", views.activity_send_back, name="send_back"),
    path("<int:pk>/historial/", views.activity_history_page, name="history"),
    path("<int:pk>/reabrir/solicitar/", reopening.request_reopening, name="request_reopening"),
    path("<int:pk>/reabrir/", reopening.reopen, name="reopen"),
    path("<int:pk>/reabrir/rechazar/", reopening.refuse, name="refuse_reopening"),
]
