from django.urls import path

from roadmap import views

app_name = "roadmap"

urlpatterns = [
    path("data/roadmap.json", views.roadmap_json, name="roadmap_json"),
]
