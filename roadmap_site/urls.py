from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.forms import LoginForm, PasswordResetForm
from dashboards import home

admin.site.site_header = _("Pantau RB — Administrasi")
admin.site.site_title = _("Pantau RB")
admin.site.index_title = _("Data induk road map")

_reset_done = reverse_lazy("password_reset_complete")

urlpatterns = [
    path("", home.home, name="home"),
    path("akun/masuk/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("akun/keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/ganti-sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("akun/ganti-sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("akun/lupa-sandi/", auth_views.PasswordResetView.as_view(form_class=PasswordResetForm), name="password_reset"),
    path("akun/lupa-sandi/terkirim/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "akun/lupa-sandi/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=_reset_done),
        name="password_reset_confirm",
    ),
    path("akun/lupa-sandi/selesai/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("admin/", admin.site.urls),
    path("", include("roadmap.urls")),
    path("", include("perbup.urls")),
    path("", include("dashboards.urls")),
    path("monev/", include("monev.urls")),
    path("pmprb/", include("pmprb.urls")),
    path("pemberitahuan/", include("notifications.urls")),
    path("", include("snapshots.urls")),
]
