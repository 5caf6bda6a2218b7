from django.urls import path

from avance.activities import views

app_name = "activities"
urlpatterns = [
    path("<int:pk>/", views.activity_detail, name="detail"),
]
