from django.urls import path

from dashboards import reports, views

app_name = "dashboards"

# The paths stay where users bookmarked them before the dashboards became their own app.
urlpatterns = [
    path("monev/dasbor/", views.overview, name="overview"),
    path("monev/dasbor/area/<int:number>/", views.area_detail, name="area"),
    path("monev/dasbor/opd/<int:pk>/", views.opd_detail, name="opd"),
    path("monev/dasbor/indikator/", views.IndicatorListView.as_view(), name="indicator_list"),
    path("monev/dasbor/indikator/<int:pk>/", views.indicator_detail, name="indicator"),
    path("monev/dasbor/kegiatan/", views.ActivityListView.as_view(), name="activity_list"),
    path("monev/dasbor/rekap-tahunan/", views.annual, name="annual"),
    path("monev/dasbor/kelengkapan/", views.CompletenessListView.as_view(), name="completeness_list"),
    path("monev/publik/", views.public, name="public"),
    path("pmprb/<int:pk>/laporan.pdf", reports.pdf_report, name="report_pdf"),
    path("pmprb/<int:pk>/laporan-pdf/<int:job_id>/", reports.pdf_report_job, name="report_pdf_job"),
    path("pmprb/<int:pk>/laporan.xlsx", reports.excel_report, name="report_xlsx"),
]
