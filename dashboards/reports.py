"""The evaluation report as PDF (WeasyPrint) and Excel (openpyxl), from the same data."""

import io

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_safe
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from accounts import rules
from core.formatting import rounded
from core.params import positive_int
from core.spreadsheets import cell_value, plain_number_format
from dashboards.models import ReportFile
from dashboards.report_data import ReportData, build, evidence_count
from monev.models import Period
from pmprb.models import Assessment

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report_data(request, pk: int) -> ReportData:
    assessment = get_object_or_404(Assessment.objects.select_related("version"), pk=pk)
    period = None
    if positive_int(request.GET.get("periode")):
        period = get_object_or_404(Period, pk=positive_int(request.GET["periode"]), year=assessment.year)
    return build(assessment, period)


def _filename(data: ReportData, extension: str) -> str:
    suffix = f"-s{data.period.semester}" if data.semester_only else ""
    return f"laporan-evaluasi-rb-{data.assessment.year}{suffix}.{extension}"


@require_safe
@rules.entry(rules.ASSESSMENT_READERS)
def pdf_report(request, pk: int):
    """The PDF: a final assessment's year report is the copy kept when it was finalised; otherwise the file
    of the data as it is now, stored when this data version was laid out before, else a job for the task
    queue and its progress page (with an in-process queue the job is done already)."""
    from dashboards.jobs import request_pdf

    signed = _signed_copy(request, pk)
    if signed is not None:
        # QR code and all: the same bytes whose hash its verification page states, whatever was reported since
        with signed.file.open("rb") as stored:
            content = stored.read()
        disposition = f'attachment; filename="{signed.files[0]["name"]}"'
        return HttpResponse(content, content_type=PDF, headers={"Content-Disposition": disposition})
    job = request_pdf(_report_data(request, pk))
    return _pdf_file(job) if job.is_done else redirect(job)


def _signed_copy(request, pk: int):
    if "periode" in request.GET:
        return None  # a semester's report is a working document, rendered from today's data
    assessment = get_object_or_404(Assessment, pk=pk)
    snapshot = assessment.snapshots.current().first() if assessment.is_final else None
    return snapshot if snapshot is not None and snapshot.file else None


@require_safe
@rules.entry(rules.ASSESSMENT_READERS)
def pdf_report_job(request, pk: int, job_id: int):
    """A queued PDF: its progress, refreshed every two seconds, then the file itself."""
    from dashboards.jobs import is_stale

    job = get_object_or_404(ReportFile.objects.select_related("assessment", "period"), pk=job_id, assessment_id=pk)
    if job.is_done:
        return _pdf_file(job)
    again = reverse("dashboards:report_pdf", args=[pk]) + (f"?periode={job.period_id}" if job.period_id else "")
    context = {"job": job, "stale": is_stale(job), "again": again}
    return TemplateResponse(request, "dashboards/report_job.html", context)


def _pdf_file(job: ReportFile) -> HttpResponse:
    suffix = f"-s{job.period.semester}" if job.period_id else ""
    name = f"laporan-evaluasi-rb-{job.assessment.year}{suffix}.pdf"
    with job.file.open("rb") as stored:
        content = stored.read()
    return HttpResponse(content, content_type=PDF, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@require_safe
@rules.entry(rules.ASSESSMENT_READERS)
def excel_report(request, pk: int):
    data = _report_data(request, pk)
    return HttpResponse(
        render_excel(data),
        content_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{_filename(data, "xlsx")}"'},
    )


HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
DECIMAL_FORMAT = "#,##0.00"
CAPAIAN_FORMAT = "#,##0.00"  # two decimals: the printed capaian the predikat is classified on


def render_excel(data: ReportData) -> bytes:
    workbook = Workbook()
    _summary_sheet(workbook.active, data)
    _lke_sheet(workbook.create_sheet("LKE"), data)
    _indicator_sheet(workbook.create_sheet("Indikator"), data)
    _activity_sheet(workbook.create_sheet("Rencana Aksi"), data)
    _opd_sheet(workbook.create_sheet("OPD"), data)
    _recommendation_sheet(workbook.create_sheet("Rekomendasi"), data)
    _worksheet_sheet(workbook.create_sheet("Lembar Kerja"), data)
    if data.assessment.is_practice:  # every printed page of every sheet says it
        for sheet in workbook.worksheets:
            sheet.oddHeader.center.text = "LATIHAN — bukan hasil resmi tahun ini"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _table(sheet, start_row: int, headers: list[str], rows: list[list], widths: list[int], formats=None) -> None:
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(row=start_row, column=column, value=cell_value(header))
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = max(sheet.column_dimensions[letter].width or 0, width)
    # Body cells carry values and number formats only: a style object per cell made a large
    # report several times slower to write.
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=start_row + offset, column=column, value=cell_value(value))
            wanted = formats.get(column) if formats else None
            if callable(wanted):
                wanted = wanted(value)
            if wanted:
                cell.number_format = wanted
    sheet.freeze_panes = sheet.cell(row=start_row + 1, column=1)
    sheet.print_title_rows = f"{start_row}:{start_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _summary_sheet(sheet, data: ReportData) -> None:
    sheet.title = "Ringkasan"
    summary = data.summary
    result, target, verified = summary.result, summary.perbup_target, summary.verified
    assessment, kop = data.assessment, data.kop
    previous = data.summary.previous
    lines = [
        (f"{kop.pemda_name} — {kop.office_name}" if kop else "", None),
        (
            f"{'LATIHAN — ' if assessment.is_practice else ''}Laporan Evaluasi Reformasi Birokrasi {data.title_period}",
            None,
        ),
        (
            "Status",
            "LATIHAN — bukan hasil resmi tahun ini" if assessment.is_practice else "DRAF" if data.is_draft else "final",
        ),
        ("Nomor laporan", assessment.report_number or "—"),
        ("Tanggal evaluasi", date_format(assessment.evaluation_date, "j F Y") if assessment.evaluation_date else "—"),
        ("Penandatangan", _signatory(assessment)),
        ("Model evaluasi", data.model_text),
        ("Model resmi tahun ini", data.official_model_text),
        ("Road map", data.roadmap_text),
        ("Nilai penilaian mandiri (PMPRB)", _number(result.total)),
        (
            "Predikat nilai penilaian mandiri",
            summary.self_predicate.code if summary.self_predicate else "belum lengkap",
        ),
        ("Pengungkit", _number(result.pengungkit)),
        ("Hasil", _number(result.hasil_total)),
        ("Indeks RB terverifikasi", _number(verified.value) if verified else "belum ada"),
        ("Predikat Indeks RB terverifikasi", verified.level.code if verified and verified.level else "—"),
        ("Tahun data Indeks RB", verified.data_year if verified else "—"),
        ("Sumber Indeks RB", verified.source if verified else "—"),
        ("Target Indeks RB dalam Perbup", target.raw_text if target else "—"),
        ("Target dinilai dengan Indeks RB terverifikasi", _target_text(summary)),
        ("Tahun sebelumnya", _number(previous.total) if previous else "—"),
        (
            "Model tahun sebelumnya berbeda",
            "ya — tidak sebanding satu per satu" if data.summary.model_changed else "tidak",
        ),
        ("Jawaban LKE belum diisi", result.missing_answers),
        ("Hasil indikator dan rencana aksi", data.results_period),
        ("Periode kelengkapan laporan", str(data.period)),
        ("Baris dengan nilai belum diverifikasi", data.unverified_count),
        ("Dibuat", date_format(data.generated_at, "j F Y H.i")),
    ]
    for row, (label, value) in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=cell_value(label)).font = Font(bold=row <= 2 or value is not None)
        cell = sheet.cell(row=row, column=2, value=cell_value(value))
        if isinstance(value, float):
            cell.number_format = DECIMAL_FORMAT
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 30
    _table(
        sheet,
        len(lines) + 2,
        ["Status capaian indikator", "Jumlah"],
        [[label, count] for _v, label, count in data.indicator_counts],
        [42, 12],
    )


def _target_text(summary) -> str:
    if summary.perbup_target is None:
        return "—"
    if summary.meets_perbup_target is None:
        return "tidak dinilai (belum ada Indeks RB terverifikasi)"
    return "tercapai" if summary.meets_perbup_target else "belum tercapai"


def _number(value) -> float | None:
    """A score as the Excel cell holds it: rounded by core.formatting's one rule (the PDF prints the same)."""
    value = rounded(value)
    return None if value is None else float(value)


def _signatory(assessment) -> str:
    parts = [
        assessment.signatory_name,
        assessment.signatory_rank,
        f"NIP {assessment.signatory_nip}" if assessment.signatory_nip else "",
    ]
    return ", ".join(part for part in parts if part) or "—"


def _lke_sheet(sheet, data: ReportData) -> None:
    """Laid out like the national worksheet: component tree, area, sub-area, bobot, nilai, %."""
    rows = []
    result = data.summary.result
    previous = {row.number: row for row in data.summary.rows}
    for node in result.nodes:
        rows.append(
            ["", ("  " * node.depth) + node.name, "", _weight(node.weight), _number(node.value), None, None, None]
        )
        for area in node.areas:
            row = previous.get(area.number)
            rows.append(
                [
                    f"{area.number}",
                    area.name,
                    "",
                    _weight(area.weight),
                    _number(area.value),
                    _number(area.percent),
                    _number(row.previous) if row else None,
                    _number(row.difference) if row else None,
                ]
            )
            for sub in area.subareas:
                percent = sub.value / sub.weight * 100 if sub.value is not None and sub.weight else None
                rows.append(
                    [sub.code, "", sub.name, _weight(sub.weight), _number(sub.value), _number(percent), None, None]
                )
        for item in node.hasil:
            percent = item.value / item.weight * 100 if item.value is not None and item.weight else None
            rows.append(
                [
                    "",
                    item.name,
                    item.input_text,
                    _weight(item.weight),
                    _number(item.value),
                    _number(percent),
                    None,
                    None,
                ]
            )
    rows.append(
        [
            "",
            "NILAI PENILAIAN MANDIRI (PMPRB)",
            data.summary.self_predicate.code if data.summary.self_predicate else "",
            _weight(result.total_weight),
            _number(result.total),
            None,
            _number(data.summary.previous.total) if data.summary.previous else None,
            _number(data.summary.total_difference) if data.summary.previous else None,
        ]
    )
    decimal = dict.fromkeys((4, 5, 6, 7, 8), DECIMAL_FORMAT)
    _table(
        sheet,
        1,
        ["No", "Komponen / area", "Sub-area / masukan", "Bobot", "Nilai", "%", "Tahun lalu", "Selisih"],
        rows,
        [6, 44, 48, 10, 10, 10, 12, 10],
        decimal,
    )


def _weight(value) -> float | None:
    return None if value is None else float(value)


def _worksheet_sheet(sheet, data: ReportData) -> None:
    """The per-question worksheet, the same rows and numbers as the PDF's appendix."""
    rows = [
        [
            w.area,
            w.subarea,
            w.code,
            w.text,
            w.answer_type,
            w.answer or "—",
            _number(w.value),
            w.explanation,
            "; ".join(w.evidence),
        ]
        for w in data.worksheet or []
    ]
    _table(
        sheet,
        1,
        ["Area", "Sub-area", "Kode", "Pertanyaan", "Jenis", "Jawaban", "Nilai", "Penjelasan asesor", "Bukti"],
        rows,
        [30, 36, 8, 70, 12, 10, 8, 40, 40],
        {7: DECIMAL_FORMAT},
    )


def _indicator_sheet(sheet, data: ReportData) -> None:
    """The same rows and texts as the PDF's indicator table (RowResult, formatted once), with the target,
    the deciding value and the capaian also as numbers, so the sheet can be sorted and summed."""
    rows = [
        [
            line.row.focus_item.section_code,
            line.row.sasaran,
            line.row.name,
            line.target_text,
            _decimal(line.target_number),
            line.row.unit_label or "—",
            line.values_text,
            _decimal(line.value),
            line.level_text,
            line.data_year,
            _decimal(line.capaian),
            line.predikat_text,
            line.get_status_label(),
            line.reason,
            line.band_note,
            "ya" if line.has_unverified else "",
        ]
        for line in data.indicator_rows
    ]
    _table(
        sheet,
        1,
        [
            "Bagian",
            "Sasaran",
            "Indikator",
            "Target Perbup",
            "Target (angka)",
            "Satuan / skala",
            "Realisasi",
            "Nilai realisasi",
            "Tingkat",
            "Tahun data",
            "Capaian (%)",
            "Predikat",
            "Status",
            "Catatan",
            "Catatan target",
            "Ada nilai belum diverifikasi",
        ],
        rows,
        [8, 40, 50, 22, 12, 16, 30, 12, 12, 10, 11, 14, 18, 40, 30, 14],
        {5: plain_number_format, 8: plain_number_format, 10: "0", 11: CAPAIAN_FORMAT},
    )


def _activity_sheet(sheet, data: ReportData) -> None:
    rows = [
        [
            line.row.area.number,
            line.row.reference,
            line.row.kegiatan,
            line.target_text,
            _decimal(line.target_number),
            line.opd_names,
            line.values_text,
            _decimal(line.value),
            evidence_count(line, data.evidence),
            _decimal(line.capaian),
            line.get_status_label(),
            line.reason,
            "Tambahan OPD" if line.row.is_opd_addition else "",
        ]
        for line in data.activity_rows
    ]
    _table(
        sheet,
        1,
        [
            "Area",
            "Ref.",
            "Kegiatan",
            "Indikator dan target (rencana progres)",
            "Rencana progres (%)",
            "OPD",
            "Realisasi",
            "Progres (%)",
            "Bukti",
            "Capaian rencana (%)",
            "Status",
            "Catatan",
            "Asal baris",
        ],
        rows,
        [6, 10, 50, 50, 12, 24, 26, 10, 8, 12, 18, 36, 14],
        {5: plain_number_format, 8: plain_number_format, 10: CAPAIAN_FORMAT},
    )


def _decimal(value) -> float | None:
    """A reported or parsed number as the cell holds it (a Decimal written as float: Excel has no decimals)."""
    return None if value is None else float(value)


def _opd_sheet(sheet, data: ReportData) -> None:
    rows = [
        [c.opd.name, c.expected, c.submitted, c.verified, c.missing, "terlambat" if c.late else ""]
        for c in data.completeness
    ]
    _table(
        sheet,
        1,
        ["OPD", "Diharapkan", "Diajukan", "Diverifikasi", "Belum diajukan", "Keterangan"],
        rows,
        [44, 12, 12, 12, 14, 14],
    )


def _recommendation_sheet(sheet, data: ReportData) -> None:
    rows = [
        [
            r.finding.lke_area.name,
            r.finding.text,
            r.text,
            r.opd.short_name,
            r.due_date,
            r.get_status_display(),
            "ya" if r.is_overdue else "",
        ]
        for r in data.recommendations
    ]
    _table(
        sheet,
        1,
        ["Area", "Temuan", "Rekomendasi", "OPD", "Batas waktu", "Tindak lanjut", "Lewat batas"],
        rows,
        [28, 44, 44, 18, 14, 20, 12],
        {5: "DD/MM/YYYY"},
    )
