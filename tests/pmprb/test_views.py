"""PMPRB pages: who may write, what OPDs see, evidence beside each question, findings and follow-up."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.errors import WorkflowError
from monev import workflow as monev_workflow
from pmprb import workflow
from pmprb.models import Answer, Assessment, FollowUpStatus, HasilIndicator, LkeArea, Question, Recommendation
from roadmap.models import OPD
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def assessment(evaluator):
    return workflow.create_assessment(evaluator, 2023, version=factories.lke_2014())


@pytest.fixture
def recommendation(evaluator, assessment):
    area = LkeArea.objects.get(component__version=assessment.version, number=2)
    finding = workflow.add_finding(evaluator, 2023, area, "Evaluasi produk hukum belum berkala.")
    return workflow.add_recommendation(
        evaluator,
        finding,
        "Jadwalkan evaluasi dua kali setahun.",
        OPD.objects.get(short_name="Bagian Hukum"),
        date.today() - timedelta(days=1),
    )


def question(assessment, code) -> Question:
    return Question.objects.get(subarea__area__component__version=assessment.version, code=code)


def area_url(assessment, number=1) -> str:
    return reverse("pmprb:area", args=[assessment.pk, number])


def test_evaluator_answers_and_the_koordinator_finalises_with_who_and_when(client, evaluator, assessment):
    q = question(assessment, "1.1.a")
    client.force_login(evaluator)
    url = area_url(assessment)
    client.post(url, {f"a-{q.pk}": q.options.get(code="B").pk, f"an-{q.pk}": "SK tim ada, belum lengkap."})
    client.post(url, {f"f-{q.pk}": q.options.get(code="A").pk, f"fn-{q.pk}": "Bukti SK revisi diterima."})
    answer = Answer.objects.get(assessment=assessment, question=q)
    assert (answer.asesor_option.code, answer.final_option.code) == ("B", "A")
    assert answer.answered_by == evaluator and answer.finalised_by == evaluator and answer.finalised_at
    assert answer.effective_option.code == "A"


@pytest.mark.parametrize("persona", ["verifier", "operator_a"])
def test_only_evaluator_and_administrator_write_the_assessment(client, request, persona, assessment):
    q = question(assessment, "1.1.a")
    client.force_login(request.getfixturevalue(persona))
    response = client.post(area_url(assessment), {f"f-{q.pk}": q.options.get(code="A").pk})
    assert response.status_code == 403
    assert client.post(reverse("pmprb:hasil", args=[assessment.pk]), {}).status_code == 403
    assert client.post(reverse("pmprb:finalise", args=[assessment.pk])).status_code == 403
    assert client.post(reverse("pmprb:index"), {"year": "2024"}).status_code == 403
    assert not Answer.objects.exists() and not Assessment.objects.filter(year=2024).exists()


def test_administrator_may_write(client, administrator, assessment):
    q = question(assessment, "1.1.a")
    client.force_login(administrator)
    client.post(area_url(assessment), {f"f-{q.pk}": q.options.get(code="A").pk})
    assert Answer.objects.get().final_option.code == "A"


def test_an_option_of_another_question_is_refused(client, evaluator, assessment):
    q, other = question(assessment, "1.1.a"), question(assessment, "1.1.b")
    client.force_login(evaluator)
    response = client.post(area_url(assessment), {f"f-{q.pk}": other.options.first().pk}, follow=True)
    assert "bukan milik pertanyaan 1.1.a" in response.content.decode()
    assert not Answer.objects.filter(final_option__isnull=False).exists()


def test_a_final_assessment_cannot_change(evaluator, assessment):
    workflow.finalise_assessment(evaluator, assessment)
    q = question(assessment, "1.1.a")
    with pytest.raises(WorkflowError, match="sudah final"):
        workflow.finalise_answer(evaluator, assessment, q, q.options.first())


def test_hasil_form_parses_decimal_comma_and_refuses_text(client, evaluator, assessment):
    sakip = HasilIndicator.objects.get(component__version=assessment.version, code="sakip")
    client.force_login(evaluator)
    client.post(reverse("pmprb:hasil", args=[assessment.pk]), {f"hasil-{sakip.pk}": "72,65"})
    assert assessment.hasil_inputs.get(indicator=sakip).value == Decimal("72.65")
    page = client.post(reverse("pmprb:hasil", args=[assessment.pk]), {f"hasil-{sakip.pk}": "tinggi"}, follow=True)
    assert "bukan angka" in page.content.decode()
    assert assessment.hasil_inputs.get(indicator=sakip).value == Decimal("72.65")


def test_verified_monitoring_evidence_sits_beside_the_mapped_questions(client, evaluator, verifier, assessment):
    from accounts.choices import Role

    operator = factories.make_user("op_insp", Role.OPERATOR, "Inspektorat")
    gratifikasi = factories.Activity.objects.get(source_line=1524)  # Lampiran 6.1.a, mapped to LKE 7.1
    report = factories.report(operator, factories.period(2023, 1), gratifikasi)
    monev_workflow.add_evidence(operator, report, SimpleUploadedFile("sk.pdf", PDF))
    monev_workflow.submit(operator, report)
    client.force_login(evaluator)
    before = client.get(reverse("pmprb:area", args=[assessment.pk, 7])).content.decode()
    assert "Menyusun kebijakan gratifikasi" in before and "belum ada laporan terverifikasi" in before
    monev_workflow.verify(verifier, report)
    after = client.get(reverse("pmprb:area", args=[assessment.pk, 7])).content.decode()
    assert "2023/SI Inspektorat" in after and "1 bukti" in after


def test_opds_see_and_answer_only_their_recommendations(client, recommendation, operator_a, operator_b):
    client.force_login(operator_b)
    assert "Jadwalkan evaluasi" not in client.get(reverse("pmprb:recommendations")).content.decode()
    assert client.get(recommendation.get_absolute_url()).status_code == 404
    client.post(recommendation.get_absolute_url(), {"status": "selesai", "note": "palsu"})
    recommendation.refresh_from_db()
    assert recommendation.status == FollowUpStatus.NOT_STARTED
    client.force_login(operator_a)
    assert "Jadwalkan evaluasi" in client.get(reverse("pmprb:recommendations")).content.decode()
    client.post(
        recommendation.get_absolute_url(),
        {"status": "proses", "note": "Jadwal rapat disusun.", "file": SimpleUploadedFile("jadwal.pdf", PDF)},
    )
    recommendation.refresh_from_db()
    assert recommendation.status == FollowUpStatus.IN_PROGRESS
    follow_up = recommendation.follow_ups.get()
    assert follow_up.original_name == "jadwal.pdf"
    assert client.get(reverse("pmprb:follow_up_file", args=[follow_up.pk])).status_code == 200
    client.force_login(operator_b)
    assert client.get(reverse("pmprb:follow_up_file", args=[follow_up.pk])).status_code == 404


def test_opds_cannot_open_the_assessment_or_write_findings(client, operator_a, assessment):
    client.force_login(operator_a)
    assert client.get(reverse("pmprb:index")).status_code == 403
    assert client.get(assessment.get_absolute_url()).status_code == 403
    assert client.get(reverse("dashboards:report_pdf", args=[assessment.pk])).status_code == 403
    assert client.post(reverse("pmprb:recommendations"), {"text": "x"}).status_code == 403


def test_overdue_follow_ups_are_visible_to_inspektorat(client, evaluator, recommendation):
    client.force_login(evaluator)
    page = client.get(reverse("pmprb:recommendations")).content.decode()
    assert "1 rekomendasi lewat batas waktu" in page
    assert Recommendation.objects.overdue().count() == 1


def test_a_follow_up_needs_a_note_and_an_allowed_file(operator_a, recommendation):
    with pytest.raises(WorkflowError, match="wajib diisi"):
        workflow.record_follow_up(operator_a, recommendation, "selesai", "  ")
    with pytest.raises(WorkflowError, match="bukan jenis yang diizinkan"):
        workflow.record_follow_up(operator_a, recommendation, "selesai", "ok", SimpleUploadedFile("a.pdf", b"MZ\x90"))
    recommendation.refresh_from_db()
    assert recommendation.status == FollowUpStatus.NOT_STARTED and not recommendation.follow_ups.exists()


def test_the_area_page_shows_each_recorded_answer_selected(client, evaluator, assessment):
    q = question(assessment, "1.1.a")
    b, a = q.options.get(code="B"), q.options.get(code="A")
    workflow.answer_question(evaluator, assessment, q, b, "")
    client.force_login(evaluator)
    page = client.get(reverse("pmprb:area", args=[assessment.pk, 1])).content.decode()
    asesor_select = page.split(f'id="a{q.pk}"')[1].split("</select>")[0]
    final_select = page.split(f'id="f{q.pk}"')[1].split("</select>")[0]
    assert f'<option value="{b.pk}" selected>B</option>' in asesor_select
    assert " selected" not in final_select and f'<option value="{a.pk}">A</option>' in final_select


@pytest.mark.parametrize("typed", ["NaN", "Infinity", "-Infinity", "sNaN", "1e400", "1.234.567,891"])
def test_hasil_refuses_numbers_that_are_not_finite_or_too_large_without_a_500(client, evaluator, assessment, typed):
    sakip = HasilIndicator.objects.get(component__version=assessment.version, code="sakip")
    client.force_login(evaluator)
    response = client.post(reverse("pmprb:hasil", args=[assessment.pk]), {f"hasil-{sakip.pk}": typed}, follow=True)
    assert response.status_code == 200 and "Tidak ada yang disimpan" in response.content.decode()
    assert not assessment.hasil_inputs.exists()


def test_a_refused_hasil_submission_saves_none_of_its_fields(client, evaluator, assessment):
    numeric = list(HasilIndicator.objects.filter(component__version=assessment.version, input_max__isnull=False))
    first, bad = numeric[0], numeric[-1]
    client.force_login(evaluator)
    posted = {f"hasil-{first.pk}": "10", f"hasil-{bad.pk}": "NaN"}
    page = client.post(reverse("pmprb:hasil", args=[assessment.pk]), posted, follow=True).content.decode()
    assert bad.name in page
    assert not assessment.hasil_inputs.exists()


def test_hasil_reads_thousands_dots(client, evaluator, assessment):
    sakip = HasilIndicator.objects.get(component__version=assessment.version, code="sakip")
    client.force_login(evaluator)
    client.post(reverse("pmprb:hasil", args=[assessment.pk]), {f"hasil-{sakip.pk}": "72,650"})
    assert assessment.hasil_inputs.get(indicator=sakip).value == Decimal("72.65")


def finding_data(assessment, **overrides) -> dict:
    area = LkeArea.objects.get(component__version=assessment.version, number=2)
    data = {
        "lke_area": area.pk,
        "year": 2023,
        "semester": "",
        "text": "Temuan.",
        "recommendation": "Saran.",
        "opd": OPD.objects.get(short_name="Bagian Hukum").pk,
        "due_date": "2024-06-30",
    }
    return {**data, **overrides}


@pytest.mark.parametrize("field", ["text", "recommendation"])
def test_findings_and_recommendations_longer_than_their_limit_are_refused(client, evaluator, assessment, field):
    client.force_login(evaluator)
    response = client.post(reverse("pmprb:recommendations"), finding_data(assessment, **{field: "t" * 1001}))
    assert response.status_code == 200 and "paling banyak 1000" in response.content.decode()
    assert not Recommendation.objects.exists() and not workflow.Finding.objects.exists()


def test_a_200_kb_finding_is_refused_on_every_path(evaluator, assessment):
    area = LkeArea.objects.get(component__version=assessment.version, number=2)
    with pytest.raises(WorkflowError, match="terlalu panjang"):
        workflow.add_finding(evaluator, 2023, area, "t" * 200_000)


def test_a_follow_up_longer_than_its_limit_is_refused(client, operator_a, recommendation):
    client.force_login(operator_a)
    response = client.post(recommendation.get_absolute_url(), {"status": "proses", "note": "n" * 4001})
    assert response.status_code == 200 and "paling banyak 4000" in response.content.decode()
    with pytest.raises(WorkflowError, match="terlalu panjang"):
        workflow.record_follow_up(operator_a, recommendation, "proses", "n" * 4001)
    assert not recommendation.follow_ups.exists()


def test_a_finding_is_not_kept_when_its_recommendation_is_refused(client, evaluator, assessment, monkeypatch):
    def refuse(*args, **kwargs):
        raise WorkflowError("ditolak")

    monkeypatch.setattr(workflow, "add_recommendation", refuse)
    client.force_login(evaluator)
    response = client.post(reverse("pmprb:recommendations"), finding_data(assessment))
    assert response.status_code == 200 and "ditolak" in response.content.decode()
    assert not workflow.Finding.objects.exists()


def hasil_form_values(page: str) -> dict[str, str]:
    """What the assessment page's hasil form would post as it stands: typed values and selected levels."""
    form = page.split("/hasil/")[1].split("</form>")[0]
    values = dict(re.findall(r'<input[^>]*name="(hasil-\d+)"[^>]*value="([^"]*)"', form))
    for name, select in re.findall(r'<select[^>]*name="(hasil-\d+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="(\d*)" selected', select)
        values[name] = chosen.group(1) if chosen else ""
    return values


def refused_error(page: str, indicator) -> str:
    found = re.search(rf'id="hasil-{indicator.pk}-error">([^<]*)<', page)
    return found.group(1) if found else ""


def test_a_refused_hasil_value_is_marked_and_every_other_typed_value_stays(client, evaluator, assessment):
    indicators = {i.code: i for i in HasilIndicator.objects.filter(component__version=assessment.version)}
    typed = {
        "sakip": "72,65",
        "kapasitas_organisasi": "3,5",
        "persepsi_korupsi": "9",
        "persepsi_kualitas_pelayanan": "3,25",
    }
    wtp = indicators["opini_bpk"].levels.get(code="WTP")
    posted = {f"hasil-{indicators[code].pk}": value for code, value in typed.items()}
    posted[f"hasil-{indicators['opini_bpk'].pk}"] = str(wtp.pk)
    client.force_login(evaluator)
    url = reverse("pmprb:hasil", args=[assessment.pk])
    page = client.post(url, posted, follow=True).content.decode()
    assert not assessment.hasil_inputs.exists()
    shown = hasil_form_values(page)
    assert shown == posted  # the refused 9 too, so it can be corrected where it was typed
    refused = re.search(rf'<input[^>]*name="hasil-{indicators["persepsi_korupsi"].pk}"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in refused and "is-invalid" in refused
    kept = re.search(rf'<input[^>]*name="hasil-{indicators["sakip"].pk}"[^>]*>', page).group(0)
    assert "is-invalid" not in kept
    assert "Harus antara 0 dan 4." in refused_error(page, indicators["persepsi_korupsi"])
    shown[f"hasil-{indicators['persepsi_korupsi'].pk}"] = "3"  # the one correction, the rest as the page kept it
    client.post(url, shown)
    stored = {item.indicator.code: item for item in assessment.hasil_inputs.select_related("indicator", "level")}
    assert {code: stored[code].value for code in typed} == {
        "sakip": Decimal("72.65"),
        "kapasitas_organisasi": Decimal("3.5"),
        "persepsi_korupsi": Decimal(3),
        "persepsi_kualitas_pelayanan": Decimal("3.25"),
    }
    assert stored["opini_bpk"].level == wtp


def test_record_finding_keeps_neither_when_the_recommendation_is_refused(evaluator, assessment):
    area = LkeArea.objects.get(component__version=assessment.version, number=2)
    opd = OPD.objects.get(short_name="Bagian Hukum")
    with pytest.raises(WorkflowError, match="Rekomendasi tidak boleh kosong"):
        workflow.record_finding(evaluator, 2023, area, "Temuan.", None, "  ", opd, date(2024, 6, 30))
    assert not workflow.Finding.objects.exists()
    recommendation = workflow.record_finding(evaluator, 2023, area, "Temuan.", 1, "Saran.", opd, date(2024, 6, 30))
    assert (recommendation.finding.text, recommendation.finding.semester, recommendation.opd) == ("Temuan.", 1, opd)


def test_set_hasil_inputs_stores_none_when_one_is_refused(evaluator, assessment):
    numeric = list(HasilIndicator.objects.filter(component__version=assessment.version, input_max__isnull=False))
    first, bad = numeric[0], numeric[-1]
    entries = [(first, Decimal(1), None), (bad, bad.input_max + 1, None)]
    with pytest.raises(WorkflowError, match="harus antara 0 dan"):
        workflow.set_hasil_inputs(evaluator, assessment, entries)
    assert not assessment.hasil_inputs.exists()
    workflow.set_hasil_inputs(evaluator, assessment, entries[:1])
    assert assessment.hasil_inputs.get().value == Decimal(1)
