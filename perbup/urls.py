from django.urls import path

from perbup import views

app_name = "perbup"

urlpatterns = [
    path("data/", views.open_data, name="open_data"),
    path("data/roadmap.json", views.roadmap_json, name="roadmap_json"),
]
