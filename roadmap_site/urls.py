from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from roadmap import views as roadmap_views

admin.site.site_header = _("Pantau RB — Administrasi")
admin.site.site_title = _("Pantau RB")
admin.site.index_title = _("Data induk road map")

urlpatterns = [
    path("", roadmap_views.home, name="home"),
    path("akun/masuk/", auth_views.LoginView.as_view(), name="login"),
    path("akun/keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/ganti-sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("akun/ganti-sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("", include("perbup.urls")),
    path("", include("dashboards.urls")),
    path("monev/", include("monev.urls")),
    path("pmprb/", include("pmprb.urls")),
]
