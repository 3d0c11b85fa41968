from django.urls import path

from pmprb import views

app_name = "pmprb"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.assessment_detail, name="assessment"),
    path("<int:pk>/area/<int:number>/", views.area_detail, name="area"),
    path("<int:pk>/jawab/<int:question_id>/", views.answer, name="answer"),
    path("<int:pk>/hasil/", views.hasil, name="hasil"),
    path("<int:pk>/final/", views.finalise, name="finalise"),
    path("rekomendasi/", views.recommendations, name="recommendations"),
    path("rekomendasi/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("tindak-lanjut/<int:pk>/berkas/", views.follow_up_file, name="follow_up_file"),
]
