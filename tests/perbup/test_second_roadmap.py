"""A second roadmap without code: the SYNTHETIC roadmap 2025–2029 (tests/perbup/synthetic.py) is imported
from a workbook, made active, and runs the cycle; the Perbup's roadmap and its reports stay readable and
locked."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplan.models import Activity
from indicators.models import Indicator
from monev import workflow
from monev.models import Period
from monev.periods import activate_roadmap, ensure_periods
from perbup.workbook import import_workbook, parse_workbook
from roadmap.models import Roadmap
from tests import factories
from tests.perbup import synthetic

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def synthetic_roadmap(roadmap):
    ensure_periods(roadmap)
    parsed = parse_workbook(io.BytesIO(synthetic.synthetic_workbook()))
    assert parsed.problems == []
    new = import_workbook(parsed).roadmap
    activate_roadmap(new)
    return new


def test_one_roadmap_is_active_and_the_old_ones_periods_are_locked(synthetic_roadmap, roadmap):
    roadmap.refresh_from_db()
    assert Roadmap.objects.current() == synthetic_roadmap and not roadmap.is_active
    assert synthetic_roadmap.years == [2025, 2026, 2027, 2028, 2029]
    assert Period.objects.filter(roadmap=synthetic_roadmap).count() == 10
    assert not Period.objects.filter(roadmap=roadmap, locked_at__isnull=True).exists()


def test_the_synthetic_roadmap_runs_the_cycle(client, synthetic_roadmap, operator_a, verifier):
    period = Period.objects.get(roadmap=synthetic_roadmap, year=2025, semester=1)
    client.force_login(operator_a)
    tasks = client.get(reverse("monev:my_tasks"), {"periode": period.pk}).content.decode()
    assert synthetic.KEGIATAN in tasks and synthetic.INDICATOR in tasks
    assert factories.activity_of("Bagian Hukum").kegiatan not in tasks  # the Perbup's rows: the old roadmap
    activity = Activity.objects.get(kegiatan=synthetic.KEGIATAN)
    report = factories.report(operator_a, period, activity, progress=100)
    workflow.add_evidence(operator_a, report, SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf"))
    workflow.submit(operator_a, report)
    indicator = Indicator.objects.get(name=synthetic.INDICATOR)
    measured = factories.report(operator_a, period, indicator_=indicator, value=81, submit=True)
    for item in (report, measured):
        workflow.verify(verifier, item)
    client.force_login(verifier)
    overview = client.get(reverse("dashboards:overview"), {"periode": period.pk})
    assert overview.status_code == 200 and "Manajemen Perubahan (uji)" in overview.content.decode()
    listing = client.get(reverse("dashboards:indicator_list"), {"periode": period.pk, "_export": "csv"})
    exported = listing.content.decode("utf-8-sig")
    assert synthetic.INDICATOR in exported and "81" in exported
    assert "Indeks reformasi birokrasi" not in exported
    # the annual recap of 2025: the verified 81 against the synthetic target 80
    from dashboards.annual import annual_recap

    recap = {row.row.pk: row for row in annual_recap(synthetic_roadmap, 2025) if row.kind == "indikator"}
    assert recap[indicator.pk].judgement.capaian is not None and recap[indicator.pk].judgement.capaian > 100
    page = client.get(reverse("dashboards:annual"), {"roadmap": synthetic_roadmap.pk, "tahun": 2025})
    assert page.status_code == 200


def test_the_old_roadmap_stays_readable_and_refuses_writes(client, roadmap, operator_a, activity_a):
    ensure_periods(roadmap)
    old_period = Period.objects.get(roadmap=roadmap, year=2023, semester=2)
    report = factories.report(operator_a, old_period, activity_a)
    activate_roadmap(import_workbook(parse_workbook(io.BytesIO(synthetic.synthetic_workbook()))).roadmap)
    client.force_login(operator_a)
    assert client.get(report.get_absolute_url()).status_code == 200
    tasks = client.get(reverse("monev:my_tasks"), {"periode": old_period.pk}).content.decode()
    assert activity_a.kegiatan in tasks and synthetic.KEGIATAN not in tasks
    with pytest.raises(workflow.WorkflowError, match="dikunci"):
        workflow.submit(operator_a, report)


def test_a_row_of_another_roadmap_cannot_be_reported_in_this_period(synthetic_roadmap, operator_a, activity_a):
    period = Period.objects.get(roadmap=synthetic_roadmap, year=2025, semester=1)
    with pytest.raises(workflow.WorkflowError, match="tidak bertanggung jawab"):
        factories.report(operator_a, period, activity_a)


def test_the_administrator_activates_a_roadmap_after_a_confirmation(client, db, roadmap):
    from accounts.choices import Role

    new = import_workbook(parse_workbook(io.BytesIO(synthetic.synthetic_workbook()))).roadmap
    client.force_login(factories.make_user("admin_aktif", Role.ADMINISTRATOR, is_staff=True))
    url = reverse("admin:roadmap_activate", args=[new.pk])
    assert "Ya, aktifkan" in client.get(url).content.decode() and Roadmap.objects.current() == roadmap
    client.post(url)
    assert Roadmap.objects.current() == new


def test_the_open_data_of_an_old_roadmap_stays_published(client, synthetic_roadmap, roadmap):
    current = client.get(reverse("perbup:roadmap_json")).json()
    assert current["roadmap"]["title"] == synthetic.TITLE
    old = client.get(reverse("perbup:roadmap_json"), {"roadmap": roadmap.pk}).json()
    assert old["roadmap"]["number"] == 15 and len(old["targets"]) == 52
    for bad in ("abc", "99999999", "1" * 40):
        assert client.get(reverse("perbup:roadmap_json"), {"roadmap": bad}).status_code == 404


def test_the_synthetic_roadmaps_year_reaches_the_evaluation_report(client, synthetic_roadmap, operator_a, evaluator):
    """The PDF and the Excel of a 2025 assessment carry the synthetic roadmap's annual result (a rehearsal on the
    14/2014 worksheet: 2025's own model is not loaded)."""
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from pmprb import workflow as pmprb_workflow

    period = Period.objects.get(roadmap=synthetic_roadmap, year=2025, semester=2)
    indicator = Indicator.objects.get(name=synthetic.INDICATOR)
    report = factories.report(operator_a, period, indicator_=indicator, value=81, submit=True)
    workflow.verify(factories.make_user("verif_sintetis", factories.Role.VERIFIER), report)
    assessment = pmprb_workflow.create_assessment(evaluator, 2025, version=factories.lke_2014())
    client.force_login(evaluator)
    pdf = client.get(reverse("dashboards:report_pdf", args=[assessment.pk]))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Indeks kepuasan layanan uji" in text and "101,25 %" in text  # 81 against the 2025 target 80
    xlsx = client.get(reverse("dashboards:report_xlsx", args=[assessment.pk]))
    cells = [
        str(c)
        for row in load_workbook(io.BytesIO(xlsx.content))["Indikator"].iter_rows(values_only=True)
        for c in row
        if c is not None
    ]
    assert synthetic.INDICATOR in cells


def test_every_page_and_export_names_the_years_own_roadmap(client, synthetic_roadmap, evaluator):
    """A 2025 report names the synthetic roadmap's regulation, never the Perbup 15/2019 of another roadmap."""
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from pmprb import workflow as pmprb_workflow

    own = "Peraturan Bupati Contoh Nomor 1 Tahun 2025"
    assessment = pmprb_workflow.create_assessment(evaluator, 2025, version=factories.lke_2014())
    client.force_login(evaluator)
    pdf = client.get(reverse("dashboards:report_pdf", args=[assessment.pk]))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert f"{own} tentang {synthetic.TITLE}" in text
    xlsx = load_workbook(io.BytesIO(client.get(reverse("dashboards:report_xlsx", args=[assessment.pk])).content))
    summary = {row[0]: row[1] for row in xlsx["Ringkasan"].iter_rows(values_only=True) if row[0]}
    assert summary["Road map"] == f"{own} tentang {synthetic.TITLE}"
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert own in page
    cells = " ".join(str(c) for sheet in xlsx for row in sheet.iter_rows(values_only=True) for c in row if c)
    for shown in (text, cells, page):
        assert "15/2019" not in shown and "Nomor 15 Tahun 2019" not in shown
