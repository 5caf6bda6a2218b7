from django.contrib.auth import views as auth_views
from django.urls import path

from avance.accounts.access import public

app_name = "accounts"
urlpatterns = [
    path(
        "entrar/",
        public(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
        name="login",
    ),
    path("salir/", public(auth_views.LogoutView.as_view()), name="logout"),
]
