"""The evaluation report, opened as a reader would: PDF text and Excel cells from a known dataset."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.choices import Role
from core.formatting import capaian_text
from monev import workflow as monev_workflow
from pmprb import workflow
from pmprb.models import Answer, HasilIndicator, LkeArea, Question
from roadmap.models import OPD
from tests import factories

D = Decimal


def answer_everything(assessment, evaluator, best: bool) -> None:
    answers = []
    for q in Question.objects.filter(subarea__area__component__version=assessment.version).prefetch_related("options"):
        options = sorted(q.options.all(), key=lambda option: option.value)
        answers.append(Answer(assessment=assessment, question=q, final_option=options[-1] if best else options[0]))
    Answer.objects.bulk_create(answers)


@pytest.fixture
def dataset(evaluator, verifier):
    """2022: everything worst (0). 2023: every answer best (60) and Hasil 31,221 → 91,22 (AA)."""
    previous = workflow.create_assessment(evaluator, 2022, version=factories.lke_2014())
    answer_everything(previous, evaluator, best=False)
    assessment = workflow.create_assessment(evaluator, 2023, version=factories.lke_2014())
    answer_everything(assessment, evaluator, best=True)
    hasil = {i.code: i for i in HasilIndicator.objects.filter(component__version=assessment.version)}
    workflow.set_hasil(evaluator, assessment, hasil["sakip"], value=D("72.65"))  # 10,171
    workflow.set_hasil(evaluator, assessment, hasil["kapasitas_organisasi"], value=D("4"))  # 4,8
    workflow.set_hasil(evaluator, assessment, hasil["persepsi_korupsi"], value=D("3"))  # 5,25
    workflow.set_hasil(evaluator, assessment, hasil["opini_bpk"], level=hasil["opini_bpk"].levels.get(code="WTP"))  # 3
    workflow.set_hasil(evaluator, assessment, hasil["persepsi_kualitas_pelayanan"], value=D("3.2"))  # 8
    operator = factories.make_user("op_insp", Role.OPERATOR, "Inspektorat")
    period = factories.period(2023, 2)
    verified = factories.report(
        operator, period, indicator_=factories.indicator("Persentase APIP yang bersertifikat"), value=61, submit=True
    )
    monev_workflow.verify(verifier, verified)
    factories.report(
        operator, period, indicator_=factories.indicator("Persentase pemenuhan Auditor"), value=47, submit=True
    )
    area = LkeArea.objects.get(component__version=assessment.version, number=7)
    finding = workflow.add_finding(evaluator, 2023, area, "Kapabilitas APIP belum merata.")
    workflow.add_recommendation(
        evaluator, finding, "Tambah diklat auditor.", OPD.objects.get(short_name="Inspektorat"), date(2024, 3, 31)
    )
    return assessment


def pdf_text(client, user, assessment) -> str:
    client.force_login(user)
    response = client.get(reverse("dashboards:report_pdf", args=[assessment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_pdf_report_states_the_known_numbers(client, evaluator, dataset):
    text, pages = pdf_text(client, evaluator, dataset)
    flat = " ".join(text.split())
    assert "PEMERINTAH KABUPATEN PASURUAN" in text and "INSPEKTORAT" in text and "Tahun 2023" in text
    assert "Nilai penilaian mandiri (PMPRB) adalah 91,22 dengan predikat AA" in flat
    assert "Peraturan Bupati Pasuruan Nomor 15 Tahun 2019 tentang Road Map Reformasi Birokrasi" in flat  # the roadmap's
    assert "Indeks RB 2023 terverifikasi: belum ada" in flat  # the self-score is not the year's Indeks RB
    assert "Target Perbup untuk tahun ini: 70 (BB) — tidak dinilai" in flat
    assert "Tahun sebelumnya: 0,00 (selisih 91,22)" in flat
    assert "7. PENGUATAN PENGAWASAN 12 12,00 100,00 0,00 12,00" in flat
    assert "Nilai Akuntabilitas Kinerja 72,65 14 10,17" in flat
    assert "Total hasil 40 31,22" in flat
    # the year's recap: target, realisation with its semester, tahun data, capaian, predikat, status
    assert "Persentase APIP yang bersertifikat 61% 61 % (2023/SII) 2023 100,00 % Sangat Tinggi tercapai" in flat
    assert "Persentase pemenuhan Auditor 54% — — — — belum ada data" in flat  # unverified: not a result
    assert "1 baris pada 2023 — Semester II (Juli–Desember) masih memuat nilai yang belum diverifikasi" in flat
    assert "progres terverifikasi 100%" not in flat and "rencana progres akhir tahun" in flat
    assert "6. Pengawasan" in flat and "Inspektorat 36 0 0 0 0" in flat  # per-area rencana aksi table
    assert "Tambah diklat auditor." in flat and "31 Maret 2024" in flat
    assert f"Halaman 1 dari {pages}" in flat and "INSPEKTUR KABUPATEN PASURUAN" in flat


def test_excel_report_has_the_same_content_as_sheets(client, evaluator, dataset):
    client.force_login(evaluator)
    response = client.get(reverse("dashboards:report_xlsx", args=[dataset.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Ringkasan",
        "LKE",
        "Indikator",
        "Rencana Aksi",
        "OPD",
        "Rekomendasi",
        "Lembar Kerja",
    ]
    summary = {row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(values_only=True) if row[0]}
    assert summary["Nilai penilaian mandiri (PMPRB)"] == pytest.approx(91.22)
    assert summary["Predikat nilai penilaian mandiri"] == "AA" and summary["Indeks RB terverifikasi"] == "belum ada"
    assert summary["Target dinilai dengan Indeks RB terverifikasi"].startswith("tidak dinilai")
    assert not any(sheet.oddHeader.center.text for sheet in workbook.worksheets)  # LATIHAN only on a latihan
    assert summary["Target Indeks RB dalam Perbup"] == "70 (BB)"
    lke = workbook["LKE"]
    rows = {row[1] or row[2]: row for row in lke.iter_rows(min_row=2, values_only=True)}
    assert rows["PENGUATAN PENGAWASAN"][3:6] == (12, 12, 100)
    assert rows["Gratifikasi"][3:5] == (1.5, 1.5)
    total = rows["NILAI PENILAIAN MANDIRI (PMPRB)"]
    assert total[2] == "AA" and total[4] == pytest.approx(91.22)
    assert total[7] == pytest.approx(91.22)  # difference with 2022
    assert lke.freeze_panes == "A2" and lke["A1"].font.bold and lke.print_title_rows == "$1:$1"
    assert lke.cell(row=2, column=5).number_format == "#,##0.00"
    indicators = {row[2]: row for row in workbook["Indikator"].iter_rows(min_row=2, values_only=True)}
    # text where the Perbup's text is meant, numbers (with number formats) for target, value and capaian
    assert indicators["Persentase APIP yang bersertifikat"][3:13] == (
        "61%",
        61,
        "%",
        "61 % (2023/SII)",
        61,
        None,
        2023,
        100,
        "Sangat Tinggi",
        "tercapai",
    )
    assert indicators["Persentase APIP yang bersertifikat"][13] == "Realisasi 61 mencapai target 61."
    sheet = workbook["Indikator"]
    assert [sheet.cell(row=1, column=c).value for c in (5, 8, 11, 14)] == [
        "Target (angka)",
        "Nilai realisasi",
        "Capaian (%)",
        "Catatan",
    ]
    apip_row = next(
        r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=3).value.startswith("Persentase APIP yang b")
    )
    assert sheet.cell(row=apip_row, column=11).number_format == "#,##0.00"
    assert sheet.cell(row=apip_row, column=5).number_format == "#,##0"
    assert indicators["Persentase pemenuhan Auditor"][6:13] == ("—", None, None, None, None, "—", "belum ada data")
    recommendations = list(workbook["Rekomendasi"].iter_rows(min_row=2, values_only=True))
    assert recommendations[0][2] == "Tambah diklat auditor." and recommendations[0][3] == "Inspektorat"
    activities = list(workbook["Rencana Aksi"].iter_rows(min_row=2, values_only=True))
    assert len(activities) == 137


def test_a_semester_report_names_its_period(client, evaluator, dataset):
    client.force_login(evaluator)
    period = factories.period(2023, 1)
    response = client.get(reverse("dashboards:report_pdf", args=[dataset.pk]), {"periode": period.pk})
    assert 'filename="laporan-evaluasi-rb-2023-s1.pdf"' in response["Content-Disposition"]
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert "2023 — Semester I (Januari–Juni)" in text


def test_a_semester_report_shows_its_unverified_values_flagged(client, evaluator, dataset):
    flat = flat_pdf(client, evaluator, dataset, periode=factories.period(2023, 2).pk)
    assert "Capaian indikator road map — 2023 — Semester II" in flat
    assert "Persentase pemenuhan Auditor 54% 47 % ‡ — — — belum ada data" in flat
    assert "rencana progres semester ini" in flat and "progres terverifikasi 100%" not in flat


def test_a_period_of_another_year_is_refused(client, evaluator, dataset):
    client.force_login(evaluator)
    other = factories.period(2021, 1)
    assert client.get(reverse("dashboards:report_xlsx", args=[dataset.pk]), {"periode": other.pk}).status_code == 404


# -- the report an Inspektur signs --------------------------------------------------------------


def flat_pdf(client, user, assessment, **params) -> str:
    client.force_login(user)
    response = client.get(reverse("dashboards:report_pdf", args=[assessment.pk]), params)
    assert response.status_code == 200
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())


def excel(client, user, assessment):
    client.force_login(user)
    return load_workbook(io.BytesIO(client.get(reverse("dashboards:report_xlsx", args=[assessment.pk])).content))


@pytest.fixture
def signed(dataset):
    from pmprb.models import ReportSettings

    kop = ReportSettings.load()
    kop.address = "Jl. Hayam Wuruk No. 14 Pasuruan"
    kop.contact = "Telp. (0343) 424000"
    kop.save()
    dataset.report_number = "700/123/424.060/2024"
    dataset.evaluation_date = date(2024, 2, 15)
    dataset.signatory_name = "Drs. Contoh Inspektur, M.Si."
    dataset.signatory_nip = "196801011990031001"
    dataset.signatory_rank = "Pembina Utama Muda (IV/c)"
    dataset.team = "Ketua Tim Penilai\nAnggota Satu"
    dataset.save()
    return dataset


def test_the_pdf_has_the_kop_signatory_chapters_and_a_draft_mark(client, evaluator, signed):
    flat = flat_pdf(client, evaluator, signed)
    assert "PEMERINTAH KABUPATEN PASURUAN" in flat and "Jl. Hayam Wuruk No. 14 Pasuruan" in flat
    assert "Nomor: 700/123/424.060/2024" in flat and "Tanggal evaluasi: 15 Februari 2024" in flat
    assert "Pasuruan, 15 Februari 2024" in flat  # dated on the evaluation, not on the download day
    assert "Drs. Contoh Inspektur, M.Si." in flat and "NIP. 196801011990031001" in flat
    assert "Pembina Utama Muda (IV/c)" in flat
    for chapter in (
        "BAB I PENDAHULUAN",
        "Dasar Hukum",
        "Tujuan",
        "Ruang Lingkup",
        "Metodologi",
        "Tim Penilai",
        "BAB II HASIL EVALUASI",
        "BAB III REKOMENDASI",
        "BAB IV PENUTUP",
        "Ketua Tim Penilai",
    ):
        assert chapter in flat, chapter
    assert "Peraturan Menteri PAN-RB Nomor 14 Tahun 2014" in flat  # the model it was scored on
    assert "DRAF" in flat


def test_the_final_pdf_carries_no_draft_mark(client, evaluator, signed):
    workflow.finalise_assessment(evaluator, signed)
    flat = flat_pdf(client, evaluator, signed)
    assert "DRAF" not in flat and "Status: final" in flat


def test_the_appendix_lists_every_question_with_the_excels_numbers(client, evaluator, signed):
    flat = flat_pdf(client, evaluator, signed)
    questions = list(Question.objects.filter(subarea__area__component__version=signed.version))
    appendix = flat.split("LAMPIRAN: LEMBAR KERJA PER PERTANYAAN")[1]
    missing = [q.code for q in questions if f" {q.code} " not in appendix]
    assert len(questions) == 146 and not missing
    sheet = excel(client, evaluator, signed)["Lembar Kerja"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[2] for row in rows] == [q.code for q in questions]
    assert {row[6] for row in rows} == {1.0}  # every answer best: 1,00 in both
    assert appendix.count("1,00") >= 146 and sheet.cell(row=2, column=7).number_format == "#,##0.00"


def test_one_rounding_rule_in_the_pdf_and_the_excel(client, evaluator, dataset):
    sakip = HasilIndicator.objects.get(component__version=dataset.version, code="sakip")
    workflow.set_hasil(evaluator, dataset, sakip, value=D("38.75"))  # 38,75 / 100 × 14 = 5,425
    flat = flat_pdf(client, evaluator, dataset)
    assert "Nilai Akuntabilitas Kinerja 38,75 14 5,43" in flat
    lke = excel(client, evaluator, dataset)["LKE"]
    value = next(row[4] for row in lke.iter_rows(values_only=True) if row[1] == "Nilai Akuntabilitas Kinerja")
    assert value == 5.43


def test_a_year_whose_latest_semester_is_empty_shows_the_years_verified_results(client, evaluator, verifier):
    assessment = workflow.create_assessment(evaluator, 2019)
    operator = factories.make_user("op_insp", Role.OPERATOR, "Inspektorat")
    first, second = factories.period(2019, 1), factories.period(2019, 2)  # Semester II: no report at all
    apip = factories.indicator("Persentase APIP yang bersertifikat")  # 2019: 57%
    monev_workflow.verify(verifier, factories.report(operator, first, indicator_=apip, value=55, submit=True))
    activity = factories.activity_of("Inspektorat")
    monev_workflow.verify(verifier, factories.report(operator, first, activity, progress=60, submit=True))
    assert not second.realisations.exists()
    flat = flat_pdf(client, evaluator, assessment)
    assert "Capaian indikator road map — Rekap tahunan 2019" in flat
    assert "Persentase APIP yang bersertifikat 57% 55 % (2019/SI) 2019 96,49 % Sangat Tinggi belum tercapai" in flat
    assert "Belum ada laporan terverifikasi" not in flat
    # the kegiatan: its Semester I progress is the year's latest, judged against the year-end plan (100 %)
    sheet = excel(client, evaluator, assessment)["Rencana Aksi"]
    line = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[1] == activity.reference)
    assert line[3].endswith("(rencana akhir tahun 100%)") and line[4] == 100 and line[6] == "60 % (2019/SI)"
    assert (line[7], line[9], line[10]) == (60, 60, "belum tercapai")


def sakip_of_2022_reported_in_2023_semester_ii(verifier) -> None:
    """Nilai SAKIP (tahunan; 2022 target '85 (A)') on 2022, published and reported in 2023 Semester II."""
    operator = factories.make_user("op_org", Role.OPERATOR, "Bagian Organisasi")
    sakip = factories.indicator("Nilai SAKIP")
    assert sakip.is_annual
    report = factories.report(
        operator, factories.period(2023, 2), indicator_=sakip, value=D("82.62"), data_year=2022, submit=True
    )
    monev_workflow.verify(verifier, report)


def test_an_annual_result_reported_in_semester_ii_counts_for_its_data_year(client, evaluator, verifier):
    sakip_of_2022_reported_in_2023_semester_ii(verifier)
    report_2022 = workflow.create_assessment(evaluator, 2022, version=factories.lke_2014())
    report_2023 = workflow.create_assessment(evaluator, 2023, version=factories.lke_2014())
    flat = flat_pdf(client, evaluator, report_2022)
    assert "Nilai SAKIP 85 (A) A · 82,62 (2023/SII) 2022 97,20 % Sangat Tinggi hampir tercapai" in flat
    # 2023 has no result at all (the SAKIP reported in 2023 is 2022's): the chapter is one sentence
    assert "indikator road map untuk Rekap tahunan 2023 seluruhnya belum ada data" in flat_pdf(
        client, evaluator, report_2023
    )
    rows = {row[2]: row for row in excel(client, evaluator, report_2023)["Indikator"].iter_rows(values_only=True)}
    assert rows["Nilai SAKIP"][6:13] == ("—", None, None, None, None, "—", "belum ada data")  # "" is an empty cell


def test_the_pdf_and_the_excel_show_the_same_capaian_and_predikat(client, evaluator, verifier):
    sakip_of_2022_reported_in_2023_semester_ii(verifier)
    assessment = workflow.create_assessment(evaluator, 2022, version=factories.lke_2014())
    flat = flat_pdf(client, evaluator, assessment)
    sheet = excel(client, evaluator, assessment)["Indikator"]
    assert sheet.cell(row=1, column=11).value == "Capaian (%)" and sheet.cell(row=1, column=12).value == "Predikat"
    rows = {row[2]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    section, _s, name, target, _t, _u, realised, value, level, data_year, capaian, predikat, status = rows[
        "Nilai SAKIP"
    ][:13]
    assert (capaian, predikat, data_year, value, level) == (97.2, "Sangat Tinggi", 2022, 82.62, "A")
    printed = capaian_text(D(str(capaian)))
    assert f"{section} {name} {target} {realised} {data_year} {printed} {predikat} {status}" in flat
    # the same rows: the PDF's tally of statuses is the Excel's
    statuses = [row[12] for row in rows.values()]
    assert len(rows) == 52 and statuses.count("hampir tercapai") == 1
    no_data = statuses.count("belum ada data")
    tally = "hampir tercapai 1, belum tercapai 0, tidak dapat dinilai 0, menunggu hasil tahunan 0, belum ada data"
    assert f"{tally} {no_data}" in flat


def test_a_2021_report_says_which_model_and_invents_nothing(client, evaluator):
    from pmprb.models import Assessment, WorksheetVersion

    v2014 = factories.lke_2014()
    Assessment.objects.create(version=v2014, year=2020, created_by=evaluator)
    version = WorksheetVersion.objects.get(code="permenpan-26-2020")
    assessment = Assessment.objects.create(version=version, year=2021, created_by=evaluator)
    flat = flat_pdf(client, evaluator, assessment)
    assert "Peraturan Menteri PAN-RB Nomor 26 Tahun 2020" in flat
    assert "Pertanyaan model ini belum dimuat" in flat and "belum diketahui" in flat
    assert "Tahun sebelumnya dinilai dengan model lain" in flat
    summary = {row[0]: row[1] for row in excel(client, evaluator, assessment)["Ringkasan"].iter_rows(values_only=True)}
    assert "26/2020" in summary["Model evaluasi"] and summary["Model tahun sebelumnya berbeda"].startswith("ya")
    assert summary["Predikat nilai penilaian mandiri"] == "belum lengkap"


def test_the_pdf_carries_every_opd_and_indicator_row(client, evaluator, dataset):
    flat = flat_pdf(client, evaluator, dataset)
    assert "lainnya: lihat laporan Excel" not in flat and "OPD lainnya" not in flat


def test_a_logo_in_the_kop_is_drawn(client, evaluator, dataset, settings, tmp_path):
    from django.core.files.base import ContentFile
    from PIL import Image

    from pmprb.models import ReportSettings

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(buffer, "PNG")
    kop = ReportSettings.load()
    kop.logo.save("logo.png", ContentFile(buffer.getvalue()))
    client.force_login(evaluator)
    response = client.get(reverse("dashboards:report_pdf", args=[dataset.pk]))
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages[0].images) == 1


def test_the_pdf_prints_every_finding_and_recommendation_in_full_at_the_longest_allowed(client, evaluator, dataset):
    """A signed report leaves nothing to the Excel: 25 findings and recommendations at their 1 000-character limit,
    the recommendation one unbreakable word (the hardest case for line breaking), all printed in full."""
    from pmprb.models import Finding, Recommendation

    area = LkeArea.objects.get(component__version=dataset.version, number=7)
    longest = Finding._meta.get_field("text").max_length
    assert longest == Recommendation._meta.get_field("text").max_length == 1000
    for number in range(25):
        finding_text = (f"Temuan nomor {number:02d} panjang " * 60)[:longest]
        finding = workflow.add_finding(evaluator, 2023, area, finding_text)
        recommendation_text = f"R{number:02d}" + "R" * (longest - 3)
        workflow.add_recommendation(
            evaluator, finding, recommendation_text, OPD.objects.get(short_name="Inspektorat"), date(2024, 3, 31)
        )
    text, _pages = pdf_text(client, evaluator, dataset)
    flat = "".join(text.split())
    for number in range(25):
        assert f"Temuannomor{number:02d}panjang" in flat and f"R{number:02d}RRRR" in flat
    assert flat.count("R" * 50) >= 25 * 15  # every unbreakable word printed whole, over several lines


@pytest.mark.parametrize("name", ["dashboards:report_pdf", "dashboards:report_xlsx"])
def test_the_report_of_a_year_without_reporting_periods_is_a_clear_404(client, evaluator, name):
    from monev.models import Period

    assessment = workflow.create_assessment(evaluator, 2023, version=factories.lke_2014())
    Period.objects.filter(year=2023).delete()  # a year the roadmap has no reporting periods for
    client.force_login(evaluator)
    response = client.get(reverse(name, args=[assessment.pk]))
    assert response.status_code == 404


def test_the_pdf_labels_each_kind_of_indeks_rb_once_and_judges_the_target_on_the_verified_one(
    client, evaluator, verifier, dataset
):
    from indicators.models import Indicator

    row = Indicator.objects.get(key=Indicator.INDEKS_RB)
    operator = factories.make_user("op_indeks", Role.OPERATOR, row.responsible_opds()[0].short_name)
    report = factories.report(
        operator, factories.period(2023, 2), indicator_=row, value=D("68.25"), data_year=2023, submit=True
    )
    monev_workflow.verify(verifier, report)
    flat = " ".join(pdf_text(client, evaluator, dataset)[0].split())
    results = flat.split("BAB II HASIL EVALUASI")[1].split("BAB III")[0]
    assert results.count("Nilai penilaian mandiri (PMPRB) adalah 91,22 dengan predikat AA") == 1
    assert "Nilai penilaian mandiri (PMPRB) adalah 91,22" in flat.split("NOTA DINAS")[1]  # the cover letter
    assert results.count("Indeks RB 2023 terverifikasi: 68,25 (predikat B; tahun data 2023; sumber: laporan") == 1
    assert "Target Perbup untuk tahun ini: 70 (BB) — belum tercapai" in flat  # 91,22 would have met it
    assert "Indeks Reformasi Birokrasi hasil penilaian mandiri" not in flat


def test_the_lhe_carries_the_nota_dinas_legal_basis_tembusan_seal_and_the_appendix_columns(client, evaluator, signed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    signed.nature, signed.attachment = "Penting", "1 (satu) berkas"
    signed.team_decree = "Keputusan Inspektur Kabupaten Pasuruan Nomor 700/01/2024 tentang Tim Penilai Internal"
    signed.copies = "Sekretaris Daerah Kabupaten Pasuruan\nKepala Bagian Organisasi"
    signed.save()
    q = Question.objects.get(subarea__area__component__version=signed.version, code="1.1.a")
    Answer.objects.filter(assessment=signed, question=q).update(asesor_note="SK tim RB ditetapkan Bupati.")
    workflow.add_question_evidence(evaluator, signed, q, SimpleUploadedFile("sk-tim-rb.pdf", b"%PDF-1.4\n%%EOF\n"))
    flat = flat_pdf(client, evaluator, signed)
    nota = flat.split("NOTA DINAS")[1].split("LAPORAN HASIL EVALUASI")[0].split("Laporan Hasil Evaluasi Pelaksanaan")[0]
    for line in (
        "Nomor: 700/123/424.060/2024",
        "Kepada Yth. : Bupati Pasuruan",
        "Dari : Inspektur Kabupaten Pasuruan",
        "Sifat : Penting",
        "Lampiran : 1 (satu) berkas",
        "Hal :",
    ):
        assert line in nota, line
    assert "Tembusan : Sekretaris Daerah Kabupaten Pasuruan; Kepala Bagian Organisasi" in flat
    assert flat.count("tempat cap dinas / tanda tangan elektronik (TTE)") == 2  # nota dinas and the report
    assert "A. Latar Belakang" in flat and "Road Map Reformasi Birokrasi" in flat.split("A. Latar Belakang")[1][:400]
    basis = flat.split("B. Dasar Hukum")[1].split("C. Tujuan")[0]
    assert "Peraturan Menteri Dalam Negeri Nomor 86 Tahun 2017" in basis
    assert "Peraturan Bupati Pasuruan Nomor 15 Tahun 2019 tentang Road Map" in basis
    assert "Keputusan Inspektur Kabupaten Pasuruan Nomor 700/01/2024 tentang Tim Penilai Internal" in basis
    appendix = flat.split("LAMPIRAN: LEMBAR KERJA PER PERTANYAAN")[1]
    assert "Penjelasan asesor Bukti" in appendix
    assert "SK tim RB ditetapkan Bupati." in appendix and "sk-tim-rb.pdf" in appendix
    sheet = list(excel(client, evaluator, signed)["Lembar Kerja"].iter_rows(values_only=True))
    assert sheet[0][7:9] == ("Penjelasan asesor", "Bukti")
    row = next(r for r in sheet if r[2] == "1.1.a")
    assert row[7:9] == ("SK tim RB ditetapkan Bupati.", "sk-tim-rb.pdf")


def test_a_chapter_without_any_data_is_one_sentence(client, evaluator):
    assessment = workflow.create_assessment(evaluator, 2021, version=factories.lke_2014())
    flat = flat_pdf(client, evaluator, assessment)
    assert "Belum ada hasil terverifikasi:" in flat and "seluruhnya belum ada data" in flat
    assert "Bagian Indikator Target Perbup Realisasi" not in flat  # no table of empty rows


def test_the_kop_reminds_the_administrator_until_it_is_complete(client, evaluator, administrator, dataset):
    from pmprb.models import ReportSettings

    client.force_login(administrator)
    page = client.get(dataset.get_absolute_url()).content.decode()
    assert "Kop laporan belum lengkap: lambang, alamat, telepon, surel, laman belum diisi." in page
    assert reverse("admin:pmprb_reportsettings_changelist") in page
    client.force_login(evaluator)
    assert "Minta Administrator melengkapinya" in client.get(dataset.get_absolute_url()).content.decode()
    kop = ReportSettings.load()
    kop.address, kop.contact, kop.logo = "Jl. Hayam Wuruk No. 14", "Telp. (0343) 424000", "kop/lambang.png"
    kop.save()
    assert "Kop laporan belum lengkap" not in client.get(dataset.get_absolute_url()).content.decode()
