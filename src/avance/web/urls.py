"""The internal pages: home, sign-in, activities, rosters, reports and editions."""

from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from avance.accounts.access import public
from avance.web import home, institutions

accounts = (
    [
        path(
            "entrar/",
            public(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
            name="login",
        ),
        path("salir/", public(auth_views.LogoutView.as_view()), name="logout"),
        # An invitation is Django's password-reset link, handed over by an administrator.
        path(
            "invitacion/<uidb64>/<token>/",
            public(
                auth_views.PasswordResetConfirmView.as_view(
                    template_name="registration/invitation.html",
                    success_url=reverse_lazy("accounts:login"),
                )
            ),
            name="invitation",
        ),
    ],
    "accounts",
)

urlpatterns = [
    path(
        "",
        include(
            (
                [
                    path("", home.home, name="home"),
                    path("institucion/", institutions.switch, name="switch_institution"),
                ],
                "core",
            )
        ),
    ),
    path("cuenta/", include(accounts)),
    path("actividades/", include("avance.web.activities.urls")),
    path("informes/", include("avance.web.reports.urls")),
    path("padrones/", include("avance.web.rosters.urls")),
    path("red/", include("avance.web.network.urls")),
    path("configuracion/", include("avance.web.setup.urls")),
]
