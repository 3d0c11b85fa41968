from django.urls import path

from monev import uploads, views

app_name = "monev"

urlpatterns = [
    path("tugas/", views.my_tasks, name="my_tasks"),
    path("tugas/<int:period_id>/<str:kind>/<int:row_id>/", views.report_row, name="report_row"),
    path("laporan/<int:pk>/", views.realisation_detail, name="realisation_detail"),
    path("laporan/<int:pk>/ajukan/", views.submit, name="submit"),
    path("laporan/<int:pk>/setujui/", views.approve, name="approve"),
    path("laporan/<int:pk>/kembalikan-ke-operator/", views.return_to_operator, name="return_to_operator"),
    path("laporan/<int:pk>/verifikasi/", views.verify, name="verify"),
    path("laporan/<int:pk>/kembalikan/", views.return_report, name="return"),
    path("laporan/<int:pk>/komentar/", views.comment, name="comment"),
    path("laporan/<int:pk>/bukti/", views.upload_evidence, name="upload_evidence"),
    path("unggah/", uploads.create, name="upload_create"),
    path("unggah/<uuid:pk>/", uploads.session, name="upload_session"),
    path("bukti/<int:pk>/", views.download_evidence, name="evidence_download"),
    path("bukti/<int:pk>/lihat/", views.preview_evidence, name="evidence_preview"),
    path("verifikasi/", views.VerificationQueueView.as_view(), name="verification_queue"),
    path("verifikasi/massal/", views.bulk_verify, name="bulk_verify"),
    path("tugas/<int:period_id>/ajukan-semua/", views.submit_complete, name="submit_complete"),
    path("excel/<int:period_id>/unduh/", views.excel_download, name="excel_download"),
    path("excel/<int:period_id>/unggah/", views.excel_upload, name="excel_upload"),
    path("excel/<int:period_id>/terapkan/", views.excel_apply, name="excel_apply"),
    path("usulan/", views.proposals, name="proposals"),
    path("usulan/<int:pk>/putuskan/", views.decide_proposal, name="decide_proposal"),
]
