"""Evidence chosen in the report form: saved with the report in one transaction, removable while editable,
previewed inline for the verifier."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monev import workflow
from monev.models import Evidence, Realisation, ReportEvent
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64


def row_url(period, activity):
    return reverse("monev:report_row", args=[period.pk, "kegiatan", activity.pk])


def post_report(client, period, activity, files, **extra):
    data = {"progress": "60", "narrative": "Rapat koordinasi selesai.", "version": "0", "files": files, **extra}
    return client.post(row_url(period, activity), data)


def test_several_files_are_saved_with_a_new_report_in_one_go(client, operator_a, open_period, activity_a):
    client.force_login(operator_a)
    files = [SimpleUploadedFile("notulen.pdf", PDF), SimpleUploadedFile("foto.png", PNG)]
    response = post_report(client, open_period, activity_a, files, submit="")
    report = Realisation.objects.get()
    assert response.status_code == 302 and report.status == "submitted"
    assert sorted(report.evidence.values_list("original_name", flat=True)) == ["foto.png", "notulen.pdf"]
    assert report.events.filter(action=ReportEvent.Action.EVIDENCE).count() == 2


def test_a_refused_file_saves_nothing_at_all(client, operator_a, open_period, activity_a):
    client.force_login(operator_a)
    files = [SimpleUploadedFile("notulen.pdf", PDF), SimpleUploadedFile("skrip.pdf", ELF)]
    response = post_report(client, open_period, activity_a, files)
    assert response.status_code == 200 and "bukan jenis yang diizinkan" in response.content.decode()
    assert not Realisation.objects.exists() and not Evidence.objects.exists()


def test_an_upload_by_script_gets_the_address_as_json(client, operator_a, open_period, activity_a):
    client.force_login(operator_a)
    response = client.post(
        row_url(open_period, activity_a),
        {"progress": "60", "narrative": "x", "version": "0", "files": [SimpleUploadedFile("a.pdf", PDF)]},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.json() == {"location": Realisation.objects.get().get_absolute_url()}


def test_a_file_removed_before_submitting_stays_in_the_history(client, operator_a, open_period, activity_a):
    report = factories.report(operator_a, open_period, activity_a)
    wrong = workflow.add_evidence(operator_a, report, SimpleUploadedFile("salah.pdf", PDF))
    client.force_login(operator_a)
    response = post_report(
        client,
        open_period,
        activity_a,
        [SimpleUploadedFile("benar.png", PNG)],
        version=str(report.version),
        remove_evidence=[str(wrong.pk)],
    )
    assert response.status_code == 302
    wrong.refresh_from_db()
    assert wrong.removed_at is not None and wrong.removed_by == operator_a and Evidence.objects.count() == 2
    assert list(report.evidence.active().values_list("original_name", flat=True)) == ["benar.png"]
    assert report.events.filter(action=ReportEvent.Action.EVIDENCE_REMOVED).exists()
    page = client.get(report.get_absolute_url()).content.decode()
    assert "dihapus dari laporan" in page and "salah.pdf" in page


def test_evidence_cannot_be_removed_once_submitted(operator_a, open_period, activity_a):
    report = factories.report(operator_a, open_period, activity_a)
    evidence = workflow.add_evidence(operator_a, report, SimpleUploadedFile("a.pdf", PDF))
    workflow.submit(operator_a, report)
    with pytest.raises(workflow.WorkflowError, match="tidak dapat diubah"):
        workflow.remove_evidence(operator_a, evidence)
    evidence.refresh_from_db()
    assert evidence.removed_at is None


def test_another_opd_cannot_remove_evidence(operator_a, operator_b, open_period, activity_a):
    report = factories.report(operator_a, open_period, activity_a)
    evidence = workflow.add_evidence(operator_a, report, SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(workflow.WorkflowError):
        workflow.remove_evidence(operator_b, evidence)


def test_a_removed_file_does_not_count_and_may_be_uploaded_again(operator_a, open_period, activity_a):
    report = factories.report(operator_a, open_period, activity_a)
    evidence = workflow.add_evidence(operator_a, report, SimpleUploadedFile("a.pdf", PDF))
    workflow.remove_evidence(operator_a, evidence)
    again = workflow.add_evidence(operator_a, report, SimpleUploadedFile("a.pdf", PDF))
    assert list(report.evidence.active()) == [again]


def test_the_verifier_previews_pdf_and_images_inline(client, operator_a, verifier, open_period, activity_a):
    report = factories.report(operator_a, open_period, activity_a)
    pdf = workflow.add_evidence(operator_a, report, SimpleUploadedFile("a.pdf", PDF))
    workflow.submit(operator_a, report)
    client.force_login(verifier)
    response = client.get(reverse("monev:evidence_preview", args=[pdf.pk]))
    assert response["Content-Disposition"].startswith("inline") and response["Content-Type"] == "application/pdf"
    assert response["X-Frame-Options"] == "SAMEORIGIN" and response["X-Content-Type-Options"] == "nosniff"
    page = client.get(report.get_absolute_url()).content.decode()
    assert reverse("monev:evidence_preview", args=[pdf.pk]) in page


def test_other_types_are_not_previewed(client, operator_a, open_period, activity_a):
    import io

    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    report = factories.report(operator_a, open_period, activity_a)
    sheet = workflow.add_evidence(operator_a, report, SimpleUploadedFile("r.xlsx", buffer.getvalue()))
    client.force_login(operator_a)
    assert client.get(reverse("monev:evidence_preview", args=[sheet.pk])).status_code == 404


def test_verifying_a_report_without_evidence_asks_first(client, operator_a, verifier, open_period, activity_a):
    report = factories.report(operator_a, open_period, activity_a, submit=True)
    client.force_login(verifier)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "belum memiliki bukti dukung" in page and "data-confirm=" in page


def test_the_form_marks_an_invalid_field(client, operator_a, open_period, activity_a):
    client.force_login(operator_a)
    response = client.post(row_url(open_period, activity_a), {"progress": "150", "narrative": "x", "version": "0"})
    page = response.content.decode()
    assert 'class="form-control is-invalid"' in page and 'aria-invalid="true"' in page
    assert "alert-danger" in page and not Realisation.objects.exists()


def test_a_workflow_refusal_shows_as_a_red_alert(client, operator_a, open_period, activity_a):
    client.force_login(operator_a)
    response = post_report(client, open_period, activity_a, [], narrative="", submit="")
    assert 'class="alert alert-danger' in response.content.decode() and "Sebelum diajukan" in response.content.decode()
