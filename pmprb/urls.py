from django.urls import path

from pmprb import views

app_name = "pmprb"

urlpatterns = [
    path("", views.index, name="index"),
    path("impor-lke/", views.import_lke, name="import_lke"),
    path("<int:pk>/", views.assessment_detail, name="assessment"),
    path("<int:pk>/area/<int:number>/", views.area_detail, name="area"),
    path("<int:pk>/bukti/<int:question_id>/", views.add_evidence, name="add_evidence"),
    path("bukti/<int:pk>/berkas/", views.evidence_file, name="evidence_file"),
    path("<int:pk>/hasil/", views.hasil, name="hasil"),
    path("<int:pk>/final/", views.finalise, name="finalise"),
    path("<int:pk>/buka-kembali/", views.reopen, name="reopen"),
    path("<int:pk>/laporan/", views.report_details, name="report_details"),
    path("rekomendasi/", views.recommendations, name="recommendations"),
    path("rekomendasi/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("tindak-lanjut/<int:pk>/berkas/", views.follow_up_file, name="follow_up_file"),
    path("tindak-lanjut/<int:pk>/keputusan/", views.decide, name="decide_follow_up"),
]
