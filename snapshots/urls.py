from django.urls import path

from snapshots import views

app_name = "snapshots"

urlpatterns = [
    path("verifikasi/<str:token>/", views.verify, name="verify"),
]
