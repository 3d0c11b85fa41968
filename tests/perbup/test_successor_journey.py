"""The successor journey, as Bagian Organisasi follows docs/roadmap-workbook.md: the Perbup's workbook is turned
into a 2025–2029 successor (new years, one OPD renamed, one indicator added), imported and activated in the admin,
and every indicator can be reported; reports with evidence are verified and reach the dashboards, the annual
recap and an evaluation report that names the successor's own regulation. In mid-year the renamed OPD is merged
into a new unit: its Semester I report keeps its name, and the new unit carries on. The successor is TEST DATA,
not a real regulation."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.choices import Role
from accounts.reorganisation import record_change
from dashboards.annual import annual_recap
from indicators.models import Indicator
from monev import workflow
from monev.models import Period
from monev.periods import ensure_periods
from perbup.workbook import export_workbook
from pmprb import workflow as pmprb_workflow
from roadmap.models import OPD, OPDChange, Roadmap
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
YEARS = dict(zip(range(2019, 2024), range(2025, 2030), strict=True))
RENAMED = ("BKPPD", "BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia")
ADDED = "Persentase ASN yang dijatuhi hukuman disiplin (UJI)"
MERGED = ("BKPSDM-Diklat", "Badan Kepegawaian, Pengembangan SDM dan Pendidikan-Pelatihan (UJI)")
MERGE_DECREE = "Peraturan Bupati Pasuruan tentang Perubahan Susunan Perangkat Daerah (UJI)"
TITLE = "Road Map Reformasi Birokrasi Kabupaten Pasuruan Tahun 2025 – 2029 (UJI)"
META = {
    "nomor": 7,
    "tahun": 2025,
    "judul": TITLE,
    "tanggal_ditetapkan": "2025-03-03",
    "tanggal_diundangkan": "2025-03-10",
    "tahun_awal": 2025,
    "tahun_akhir": 2029,
    "kepala_lampiran": "LAMPIRAN PERATURAN BUPATI PASURUAN NOMOR 7 TAHUN 2025 (UJI)",
}
OPD_COLUMNS = {"Butir Fokus", "Indikator", "Rencana Aksi", "Quick Wins", "Penanggung Jawab Data"}


def headers(sheet) -> list[str]:
    return [cell.value for cell in sheet[1]]


def successor_workbook(roadmap: Roadmap) -> bytes:
    """The Perbup's workbook changed as a person would for the successor roadmap."""
    book = load_workbook(io.BytesIO(export_workbook(roadmap)))
    meta = book["Road Map"]
    for name, value in META.items():
        meta.cell(2, headers(meta).index(name) + 1).value = value
    for sheet, prefix in (("Indikator", "target_"), ("Rencana Aksi", "waktu_")):
        for cell in book[sheet][1]:
            if cell.value.startswith(prefix):
                cell.value = f"{prefix}{YEARS[int(cell.value.removeprefix(prefix))]}"
    old, new, name = RENAMED
    opds = book["OPD"]
    for row in opds.iter_rows(min_row=2):
        if row[0].value == old:
            row[0].value, row[1].value = new, name
            row[headers(opds).index("variasi_ejaan")].value = None
    for sheet in OPD_COLUMNS:
        index = headers(book[sheet]).index("opd")
        for row in book[sheet].iter_rows(min_row=2):
            names = [part.strip() for part in str(row[index].value or "").split(";") if part.strip()]
            if old in names:
                row[index].value = "; ".join(new if part == old else part for part in names)
    add_indicator(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def add_indicator(book) -> None:
    """A lower-is-better indicator in 1.b, reported by the renamed OPD (the Pemda's decision)."""
    sheet = book["Indikator"]
    columns = headers(sheet)
    order = 1 + max(row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "1.b")
    values = {
        "bagian": "1.b",
        "urutan": order,
        "sasaran": "Meningkatnya disiplin ASN (UJI)",
        "indikator": ADDED,
        "arah": "lower",
        "satuan": "%",
        "baris_sumber": 900,
        **{
            f"target_{year}": text
            for year, text in zip(range(2025, 2030), ("2", "1,8", "1,5", "1,2", "1"), strict=True)
        },
    }
    sheet.append([values.get(column) for column in columns])
    people = book["Penanggung Jawab Data"]
    reason = "Data hukuman disiplin dikelola BKPSDM (UJI)."
    decision = {"bagian": "1.b", "urutan": order, "indikator": ADDED, "opd": RENAMED[1], "alasan": reason}
    people.append([decision.get(c) for c in headers(people)])
    periods = book["Periode Hasil"]
    periods.append(
        [{"bagian": "1.b", "urutan": order, "indikator": ADDED, "periode": "semester"}.get(c) for c in headers(periods)]
    )


@pytest.fixture
def administrator(db):
    return factories.make_user("admin_lanjutan", Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def administrator_client(client, administrator):
    client.force_login(administrator)
    return client


def unreportable(roadmap: Roadmap) -> set[int]:
    """Indicators no living OPD can report, through the query "Tugas saya" and the workflow use."""
    indicators = set(Indicator.objects.in_roadmap(roadmap.pk).values_list("pk", flat=True))
    reportable = set()
    for opd in OPD.objects.filter(ended_on__isnull=True):
        reportable |= set(Indicator.objects.in_roadmap(roadmap.pk).for_opd(opd).values_list("pk", flat=True))
    return indicators - reportable


def report_with_evidence(operator, verifier, roadmap: Roadmap, semester: int, indicator, value):
    period = Period.objects.get(roadmap=roadmap, year=2025, semester=semester)
    report = factories.report(operator, period, indicator_=indicator, value=value)
    upload = SimpleUploadedFile(f"bukti-{semester}.pdf", PDF, content_type="application/pdf")
    workflow.add_evidence(operator, report, upload)
    workflow.submit(operator, report)
    workflow.verify(verifier, report)
    report.refresh_from_db()
    return report


def import_and_activate(client, roadmap: Roadmap, settings, tmp_path) -> Roadmap:
    """Steps 3–5 of docs/roadmap-workbook.md in the admin: upload and preview, apply, activate."""
    settings.MEDIA_ROOT = tmp_path
    url = reverse("admin:roadmap_workbook_import")
    preview = client.post(url, {"file": SimpleUploadedFile("lanjutan.xlsx", successor_workbook(roadmap))})
    assert preview.context["parsed"].problems == []
    client.post(url, {"apply": "1", "token": preview.context["token"]})
    successor = Roadmap.objects.get(number=7, year=2025)
    assert not successor.is_active and not successor.periods.exists()  # not yet: Aktifkan does it
    client.post(reverse("admin:roadmap_activate", args=[successor.pk]))
    successor.refresh_from_db()
    return successor


def test_a_successor_roadmap_loses_nothing_on_the_documented_path(
    administrator_client, administrator, roadmap, settings, tmp_path, verifier, evaluator
):
    ensure_periods(roadmap)  # the Perbup's roadmap is being reported on
    successor = import_and_activate(administrator_client, roadmap, settings, tmp_path)
    assert Roadmap.objects.current() == successor and successor.years == list(range(2025, 2030))
    assert Period.objects.filter(roadmap=successor, locked_at__isnull=True).count() == 10
    assert Period.objects.filter(roadmap=roadmap, locked_at__isnull=False).count() == 10  # kept, locked

    # every indicator can be reported by someone
    assert Indicator.objects.in_roadmap(successor.pk).count() == 53 and unreportable(successor) == set()
    renamed = OPD.objects.get(short_name=RENAMED[1])
    added = Indicator.objects.in_roadmap(successor.pk).get(name=ADDED)
    assert added.direction == "lower" and [o.short_name for o in added.responsible_opds()] == ["BKPSDM"]
    lppd = Indicator.objects.in_roadmap(successor.pk).get(focus_item__priority__number=2, focus_item__code="f")
    assert [o.short_name for o in lppd.responsible_opds()] == ["Bagian Pemerintahan"] and lppd.is_annual

    # Semester I: a report with evidence, verified
    operator = factories.make_user("operator_bkpsdm", Role.OPERATOR, RENAMED[1])
    first = report_with_evidence(operator, verifier, successor, 1, added, Decimal("1.8"))
    assert first.status == "verified" and first.evidence.count() == 1 and first.opd == renamed

    # mid-roadmap reorganisation: BKPSDM merged into a new unit on 1 July 2025; its account moves with it
    merged = OPD.objects.create(short_name=MERGED[0], name=MERGED[1])
    record_change(administrator, OPDChange.Kind.MERGE, [renamed], [merged], date(2025, 7, 1), MERGE_DECREE)
    assert unreportable(successor) == set()
    operator = get_user_model().objects.get(pk=operator.pk)  # a new request after the change
    second = report_with_evidence(operator, verifier, successor, 2, added, Decimal("1.5"))
    assert second.opd == merged
    first.refresh_from_db()
    assert first.opd.short_name == RENAMED[1] and first.opd.name == RENAMED[2]  # the name it had then

    # dashboards: Semester I under BKPSDM, Semester II under the new unit, whose page shows both
    administrator_client.force_login(verifier)
    period = Period.objects.get(roadmap=successor, year=2025, semester=2)
    listing = administrator_client.get(reverse("dashboards:indicator_list"), {"periode": period.pk, "_export": "csv"})
    assert ADDED in listing.content.decode("utf-8-sig")
    earlier = Period.objects.get(roadmap=successor, year=2025, semester=1)
    page = administrator_client.get(reverse("dashboards:opd", args=[merged.pk]), {"periode": earlier.pk})
    assert f"oleh {RENAMED[1]}" in page.content.decode() and first.get_absolute_url() in page.content.decode()

    # the annual recap: the year's latest verified result, 1,5 % against the 2025 target 2 %, lower is better:
    # (2×2 − 1,5) ÷ 2 = 125 %, reported by the unit that carries on
    recap = {row.row.pk: row for row in annual_recap(successor, 2025) if row.kind == "indikator"}
    assert len(recap) == 53 and recap[added.pk].judgement.status == "met"
    assert recap[added.pk].judgement.capaian == 125
    assert [(p.opd, p.report.pk) for p in recap[added.pk].parts] == [(merged, second.pk)]

    # the evaluation report names its own regulation, not the Perbup of 2019
    assessment = pmprb_workflow.create_assessment(evaluator, 2025, version=factories.lke_2014())
    administrator_client.force_login(evaluator)
    pdf = administrator_client.get(reverse("dashboards:report_pdf", args=[assessment.pk]))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Peraturan Bupati Pasuruan Nomor 7 Tahun 2025 tentang Road Map" in text
    assert "Nomor 15 Tahun 2019" not in text and ADDED in text
    xlsx = administrator_client.get(reverse("dashboards:report_xlsx", args=[assessment.pk]))
    summary = dict(row[:2] for row in load_workbook(io.BytesIO(xlsx.content))["Ringkasan"].iter_rows(values_only=True))
    assert summary["Road map"].startswith("Peraturan Bupati Pasuruan Nomor 7 Tahun 2025 tentang")
