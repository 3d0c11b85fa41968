"""The roadmap workbook: any roadmap exported to, and a new roadmap imported from, one Excel file.

One sheet per table with Indonesian headers and a Petunjuk sheet (docs/roadmap-workbook.md). The
sheets carry the same structures as the Perbup's JSON fixtures, so an import goes through the one
loader (perbup/loader.py): checked row by row, then written in one transaction or not at all.
Every row keeps its line in the source document (`baris_sumber`).
"""

import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string

from actionplan.models import Activity, Program
from core import pending, spreadsheets
from core.params import positive_int
from indicators.models import Indicator, Periodicity, Scale
from monev.periods import ensure_periods
from perbup.loader import FixtureError, LoadReport, load_roadmap
from roadmap.models import OPD, FocusItem, FocusPriority, QuickWin, Roadmap
from roadmap.resources import reported_unit_keeps_its_name

MAX_ROWS = 5000  # per sheet; the Perbup's largest table has 137 rows
MAX_COLUMNS = 60  # the widest sheet (Rencana Aksi) has 12 columns and a waktu_YYYY per year
LIST_SEPARATOR = "; "
YES, NO = "ya", "tidak"
PERIODS = {"semester": Periodicity.SEMESTER, "tahunan": Periodicity.ANNUAL}

# Added with the Pemda's decisions: a workbook saved before them still imports, and then changes no decision.
OPTIONAL_SHEETS = {"Penanggung Jawab Data", "Periode Hasil"}
OPTIONAL_COLUMNS = {"OPD": {"disebut_peraturan", "berakhir_pada", "diteruskan_oleh"}}

# sheet name: [(column, what it holds)]; year columns (target_YYYY, waktu_YYYY) follow the roadmap's years
SHEETS: dict[str, list[tuple[str, str]]] = {
    "Road Map": [
        ("peraturan", "Jenis peraturan, mis. Peraturan Bupati Pasuruan"),
        ("nomor", "Nomor peraturan"),
        ("tahun", "Tahun peraturan"),
        ("judul", "Judul sebagaimana tertulis"),
        ("tanggal_ditetapkan", "Tanggal ditetapkan (TTTT-BB-HH)"),
        ("tanggal_diundangkan", "Tanggal diundangkan (TTTT-BB-HH)"),
        ("tahun_awal", "Tahun target pertama"),
        ("tahun_akhir", "Tahun target terakhir"),
        ("kepala_lampiran", "Kepala Lampiran sebagaimana tertulis"),
        ("dokumen_sumber", "Berkas atau dokumen yang dirujuk kolom baris_sumber"),
        ("baris_sumber", "Baris (atau halaman) dalam dokumen sumber"),
    ],
    "Sasaran RB": [("nomor", "Nomor"), ("sasaran", "Sasaran reformasi birokrasi"), ("baris_sumber", "")],
    "OPD": [
        ("nama_singkat", "Nama singkat, dipakai kolom opd di lembar lain"),
        ("nama", "Nama lengkap"),
        ("variasi_ejaan", "Ejaan lain dalam dokumen, dipisah titik koma"),
        ("disebut_peraturan", "ya bila peraturan menyebut OPD ini; tidak bila hanya penetapan Pemda menyebutnya"),
        ("baris_sumber", "Baris tempat OPD disebut, dipisah titik koma"),
        ("berakhir_pada", "Hanya dibaca: tanggal OPD berakhir karena Perubahan OPD (ganti nama, gabung, pecah)"),
        ("diteruskan_oleh", "Hanya dibaca: OPD yang meneruskannya; tulis nama OPD ini di road map lanjutan"),
    ],
    "Fokus": [("nomor", "Nomor fokus/prioritas"), ("judul", ""), ("uraian", ""), ("baris_sumber", "")],
    "Butir Fokus": [
        ("kode", "Kode butir, mis. 1.a"),
        ("nomor_fokus", "Nomor fokus"),
        ("huruf", "Huruf butir"),
        ("judul", ""),
        ("judul_tertulis", "Judul sebagaimana tertulis"),
        ("opd", "OPD penanggung jawab (nama singkat), dipisah titik koma"),
        ("sumber_penunjukan_opd", "Dari mana penunjukan OPD berasal"),
        ("baris_sumber", ""),
    ],
    "Indikator": [
        ("bagian", "Kode butir fokus, mis. 1.d"),
        ("urutan", "Urutan dalam butir"),
        ("sub_judul", ""),
        ("sasaran", ""),
        ("indikator", ""),
        ("kunci", "Kunci tetap untuk aplikasi (mis. indeks-rb); biasanya kosong"),
        ("skala", "Kode skala ordinal (lembar Skala), kosong bila angka biasa"),
        ("arah", "higher (makin tinggi makin baik) atau lower"),
        ("satuan", ""),
        ("opd", "OPD yang disebut di baris, dipisah titik koma"),
        ("catatan", "Catatan transkripsi"),
        ("baris_sumber", ""),
    ],
    "Area": [
        ("nomor", "Nomor area perubahan"),
        ("nama", ""),
        ("alasan_nama_disimpulkan", "Diisi bila nama tidak tercetak dan disimpulkan"),
        ("program", ""),
        ("alasan_program_disimpulkan", ""),
        ("hasil_yang_diharapkan", ""),
        ("target_hasil", ""),
        ("catatan", ""),
        ("baris_sumber", ""),
    ],
    "Rencana Aksi": [
        ("area", "Nomor area"),
        ("nomor_subprogram", ""),
        ("subprogram", ""),
        ("huruf", "Huruf kegiatan"),
        ("kegiatan", ""),
        ("kriteria", "Kriteria keberhasilan"),
        ("indikator_target", "Indikator dan target"),
        ("lanjutan", "ya bila lanjutan kegiatan sebelumnya"),
        ("opd", "Penanggung jawab (nama singkat), dipisah titik koma"),
        ("disimpulkan", "Nilai yang disimpulkan dan alasannya (JSON), biasanya kosong"),
        ("catatan", ""),
        ("baris_sumber", ""),
    ],
    "Program": [
        ("nomor", ""),
        ("program", ""),
        ("uraian_kegiatan", "Uraian bila bukan daftar"),
        ("catatan", ""),
        ("baris_sumber", ""),
    ],
    "Kegiatan Program": [
        ("program", "Nomor program"),
        ("huruf_kelompok", "Huruf sub-program, kosong bila langsung di bawah program"),
        ("judul_kelompok", ""),
        ("huruf", ""),
        ("kegiatan", ""),
    ],
    "Quick Wins": [
        ("daftar", "3.1.3.B atau lampiran"),
        ("nomor", ""),
        ("quick_win", ""),
        ("kriteria", ""),
        ("indikator", ""),
        ("opd", "Penanggung jawab (nama singkat), dipisah titik koma"),
        ("baris_sumber", ""),
    ],
    # The Pemda's decisions, not regulation text: the same records the admin edits (ReportingAssignment and
    # Indicator.periodicity), kept on sheets of their own so the regulation's sheets stay its text.
    "Penanggung Jawab Data": [
        ("bagian", "Kode butir fokus indikator, mis. 1.d (PENETAPAN PEMDA, bukan teks peraturan)"),
        ("urutan", "Urutan indikator dalam butir"),
        ("indikator", "Nama indikator, hanya untuk dibaca; harus sama dengan lembar Indikator"),
        ("opd", "Satu OPD penanggung jawab data (nama singkat dari lembar OPD)"),
        ("alasan", "Alasan penetapan (wajib)"),
        ("quick_win", "Nomor quick win Lampiran yang diukur indikator ini, biasanya kosong"),
    ],
    "Periode Hasil": [
        ("bagian", "Kode butir fokus indikator (PENETAPAN PEMDA, bukan teks peraturan)"),
        ("urutan", "Urutan indikator dalam butir"),
        ("indikator", "Nama indikator, hanya untuk dibaca; harus sama dengan lembar Indikator"),
        ("periode", "semester atau tahunan (hasil terbit sekali setahun)"),
        ("alasan", "Alasan periode hasil; wajib untuk tahunan"),
    ],
    "Skala": [
        ("kode", "Kode skala (hanya dibaca: skala dikelola di admin)"),
        ("nama", ""),
        ("tingkat", "Tingkat, terbaik dahulu"),
    ],
}

GUIDE = [
    "Buku kerja road map Pantau RB",
    "",
    "Satu lembar untuk setiap tabel road map. Baris pertama setiap lembar adalah judul kolom: jangan diubah.",
    "Isi satu baris per data. Sel kosong berarti tidak tertulis dalam dokumen; jangan isi dengan tebakan.",
    "Kolom opd berisi nama singkat dari lembar OPD, dipisah titik koma bila lebih dari satu.",
    "Kolom target_TTTT (lembar Indikator) berisi target setiap tahun sebagaimana tertulis, mis. 82,5 atau 70 (BB).",
    "Kolom waktu_TTTT (lembar Rencana Aksi) berisi waktu pelaksanaan yang tercetak untuk tahun itu.",
    "Kolom baris_sumber berisi nomor baris dalam dokumen sumber (lembar Road Map, kolom dokumen_sumber).",
    "Lembar Skala hanya untuk dibaca: kode skala yang dipakai harus sudah ada di aplikasi.",
    "Lembar Penanggung Jawab Data dan Periode Hasil memuat PENETAPAN PEMDA, bukan teks peraturan: siapa yang",
    "melaporkan setiap indikator (satu baris per OPD, dengan alasannya) dan indikator mana yang hasilnya tahunan.",
    "Lembar OPD memuat setiap OPD yang disebut peraturan atau penetapan Pemda (kolom disebut_peraturan).",
    "Kolom berakhir_pada dan diteruskan_oleh (lembar OPD) hanya dibaca: untuk road map lanjutan, tulis OPD penerusnya.",
    "Unggah di Administrasi › Road map › Impor buku kerja: pratinjau menunjukkan setiap kesalahan per lembar,",
    "baris dan kolom; tidak ada yang disimpan sebelum semua baris benar. Panduan lengkap: docs/roadmap-workbook.md.",
]


# What makes a row the same as another (letter case ignored): a second such row is refused, never
# merged or left to win. Rencana Aksi has no key of its own (the Perbup repeats a kegiatan's letter and
# name over the rows of its criteria): there only a row equal in every column (EVERY_COLUMN) is one.
EVERY_COLUMN = ("*",)
UNIQUE_KEYS: dict[str, list[tuple[str, ...]]] = {
    "Sasaran RB": [("nomor",)],
    "OPD": [("nama_singkat",), ("nama",)],
    "Fokus": [("nomor",)],
    "Butir Fokus": [("kode",)],
    "Indikator": [("bagian", "urutan")],
    "Area": [("nomor",)],
    "Rencana Aksi": [EVERY_COLUMN],
    "Program": [("nomor",)],
    "Kegiatan Program": [("program", "huruf_kelompok", "huruf")],
    "Quick Wins": [("daftar", "nomor")],
}


class WorkbookError(Exception):
    """The workbook cannot be read at all (not an .xlsx, a sheet or column missing)."""


Problem = spreadsheets.Problem  # sheet, row (0: the sheet as a whole), column ("-": none), message


@dataclass
class ParsedWorkbook:
    """The workbook as the loader's fixture structures, and every problem found reading it."""

    fixtures: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # worth reading, never blocking (e.g. an ended OPD)
    counts: dict[str, int] = field(default_factory=dict)

    def read(self, filename: str) -> Any:
        return self.fixtures[filename]


# -- export ---------------------------------------------------------------------------------


def export_workbook(roadmap: Roadmap) -> bytes:
    """The roadmap as a workbook a person can read and a new roadmap can be imported from."""
    book = Workbook()
    guide = book.active
    guide.title = "Petunjuk"
    for line in GUIDE:
        spreadsheets.append_row(guide, [line])
    guide.append([])
    spreadsheets.append_row(guide, ["Lembar", "Kolom", "Isi"])
    for sheet, columns in SHEETS.items():
        for column, meaning in _columns(sheet, roadmap.years, columns):
            spreadsheets.append_row(guide, [sheet, column, meaning])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 26
    guide.column_dimensions["C"].width = 90
    for sheet, rows in _rows(roadmap).items():
        _write_sheet(
            book.create_sheet(sheet), [name for name, _m in _columns(sheet, roadmap.years, SHEETS[sheet])], rows
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _columns(sheet: str, years: list[int], columns: list[tuple[str, str]]) -> list[tuple[str, str]]:
    if sheet == "Indikator":
        return columns[:-2] + [(f"target_{y}", f"Target {y} sebagaimana tertulis") for y in years] + columns[-2:]
    if sheet == "Rencana Aksi":
        return columns[:-2] + [(f"waktu_{y}", f"Waktu pelaksanaan {y} yang tercetak") for y in years] + columns[-2:]
    return columns


def _write_sheet(sheet, headers: list[str], rows: list[dict]) -> None:
    spreadsheets.append_row(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for row in rows:
        # core.spreadsheets: text stays text, a formula-like start is quoted (and unquoted by _clean)
        spreadsheets.append_row(sheet, [_cell(row.get(header)) for header in headers])
    for index, header in enumerate(headers, start=1):
        width = max([len(header)] + [min(len(str(_cell(row.get(header)) or "")), 60) for row in rows[:200]])
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(10, min(width + 2, 60))
        for cell in sheet[sheet.cell(1, index).column_letter][1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False) if value else None
    return value


def _rows(roadmap: Roadmap) -> dict[str, list[dict]]:
    years = roadmap.years
    priorities = list(FocusPriority.objects.filter(roadmap=roadmap))
    items = list(
        FocusItem.objects.filter(priority__roadmap=roadmap)
        .select_related("priority")
        .prefetch_related("opd_links__opd")
    )
    indicators = list(
        Indicator.objects.filter(focus_item__priority__roadmap=roadmap)
        .select_related("focus_item__priority", "scale")
        .prefetch_related("targets", "opd_links__opd", "assignments__opd", "assignments__quick_win")
    )
    activities = list(
        Activity.objects.perbup()
        .filter(area__roadmap=roadmap)
        .select_related("area")
        .prefetch_related("opd_links__opd")
        .order_by("area__number", "order")
    )
    programs = list(Program.objects.filter(roadmap=roadmap).prefetch_related("items"))
    quick_wins = list(QuickWin.objects.filter(roadmap=roadmap).prefetch_related("opd_links__opd"))
    used = {link.opd for row in [*items, *indicators, *activities, *quick_wins] for link in row.opd_links.all()}
    assigned = {link.opd for indicator in indicators for link in indicator.assignments.all()}
    named = set(OPD.objects.filter(named_in_perbup=True).select_related("succeeded_by"))
    opds = sorted(used | assigned | named, key=lambda opd: opd.short_name)
    names = lambda row: [link.opd.short_name for link in row.opd_links.all()]  # noqa: E731
    return {
        "Road Map": [
            {
                "peraturan": roadmap.regulation,
                "nomor": roadmap.number,
                "tahun": roadmap.year,
                "judul": roadmap.title,
                "tanggal_ditetapkan": roadmap.enacted_on.isoformat(),
                "tanggal_diundangkan": roadmap.promulgated_on.isoformat(),
                "tahun_awal": roadmap.start_year,
                "tahun_akhir": roadmap.end_year,
                "kepala_lampiran": roadmap.lampiran_header,
                "dokumen_sumber": roadmap.source_document,
                "baris_sumber": roadmap.source_line,
            }
        ],
        "Sasaran RB": [
            {"nomor": g.number, "sasaran": g.title, "baris_sumber": g.source_line} for g in roadmap.national_goals.all()
        ],
        "OPD": [
            {
                "nama_singkat": o.short_name,
                "nama": o.name,
                "variasi_ejaan": o.aliases,
                "disebut_peraturan": o.named_in_perbup,
                "baris_sumber": o.source_lines,
                # the lineage, for whoever writes the successor roadmap: read, never imported
                "berakhir_pada": o.ended_on.isoformat() if o.ended_on else None,
                "diteruskan_oleh": o.succeeded_by.short_name if o.succeeded_by else None,
            }
            for o in opds
        ],
        "Fokus": [
            {"nomor": p.number, "judul": p.title, "uraian": p.description, "baris_sumber": p.source_line}
            for p in priorities
        ],
        "Butir Fokus": [
            {
                "kode": i.section_code,
                "nomor_fokus": i.priority.number,
                "huruf": i.code,
                "judul": i.title,
                "judul_tertulis": i.heading_text,
                "opd": names(i),
                "sumber_penunjukan_opd": i.opd_source,
                "baris_sumber": i.source_line,
            }
            for i in items
        ],
        "Indikator": [
            {
                "bagian": i.focus_item.section_code,
                "urutan": i.order,
                "sub_judul": i.subheading,
                "sasaran": i.sasaran,
                "indikator": i.name,
                "kunci": i.key,
                "skala": i.scale.code if i.scale else None,
                "arah": i.direction,
                "satuan": i.unit,
                "opd": names(i),
                "catatan": i.notes,
                "baris_sumber": i.source_line,
                **{f"target_{t.year}": t.raw_text for t in i.targets.all() if t.year in years},
            }
            for i in indicators
        ],
        "Area": [
            {
                "nomor": a.number,
                "nama": a.name,
                "alasan_nama_disimpulkan": a.name_inferred,
                "program": a.program,
                "alasan_program_disimpulkan": a.program_inferred,
                "hasil_yang_diharapkan": a.expected_result,
                "target_hasil": a.expected_result_target,
                "catatan": a.notes,
                "baris_sumber": a.source_line,
            }
            for a in roadmap.areas.all()
        ],
        "Rencana Aksi": [
            {
                "area": a.area.number,
                "nomor_subprogram": a.subprogram_no,
                "subprogram": a.subprogram,
                "huruf": a.letter,
                "kegiatan": a.kegiatan,
                "kriteria": a.criteria,
                "indikator_target": a.output_target,
                "lanjutan": a.continuation,
                "opd": names(a),
                "disimpulkan": a.inferred,
                "catatan": a.notes,
                "baris_sumber": a.source_line,
                **{f"waktu_{year}": text for year, text in a.schedule.items()},
            }
            for a in activities
        ],
        "Program": [
            {
                "nomor": p.number,
                "program": p.name,
                "uraian_kegiatan": p.kegiatan_text,
                "catatan": p.notes,
                "baris_sumber": p.source_line,
            }
            for p in programs
        ],
        "Kegiatan Program": [
            {
                "program": p.number,
                "huruf_kelompok": i.group_letter,
                "judul_kelompok": i.group_title,
                "huruf": i.letter,
                "kegiatan": i.text,
            }
            for p in programs
            for i in p.items.all()
        ],
        "Quick Wins": [
            {
                "daftar": q.source,
                "nomor": q.number,
                "quick_win": q.text,
                "kriteria": q.criteria,
                "indikator": q.indicator,
                "opd": names(q),
                "baris_sumber": q.source_line,
            }
            for q in quick_wins
        ],
        **_decision_rows(indicators),
        "Skala": [
            {"kode": s.code, "nama": s.name, "tingkat": [level.code for level in s.levels.all()]}
            for s in Scale.objects.prefetch_related("levels")
        ],
    }


def _decision_rows(indicators: list[Indicator]) -> dict[str, list[dict]]:
    """The Pemda's decisions on the roadmap's indicators: one row per penanggung jawab data, one per periodicity."""
    names = {value: name for name, value in PERIODS.items()}

    def key(i: Indicator) -> dict:
        return {"bagian": i.focus_item.section_code, "urutan": i.order, "indikator": i.name}

    return {
        "Penanggung Jawab Data": [
            {
                **key(i),
                "opd": a.opd.short_name,
                "alasan": a.reason,
                "quick_win": a.quick_win.number if a.quick_win else None,
            }
            for i in indicators
            for a in i.assignments.all()
        ],
        "Periode Hasil": [
            {**key(i), "periode": names[i.periodicity], "alasan": i.periodicity_note or None} for i in indicators
        ],
    }


# -- import ---------------------------------------------------------------------------------


def parse_workbook(upload, *, overrides: dict | None = None) -> ParsedWorkbook:
    """Read an uploaded workbook into fixture structures; `overrides` replace Road Map cells (a copy's
    regulation, number, year or title). Problems are collected, never raised, except an unreadable file.

    The file is opened by core.spreadsheets (size limits, and every cell it cannot read exactly named:
    a formula without its value, NaN, an invalid character); duplicate rows are problems too."""
    parsed = ParsedWorkbook()
    try:
        book = spreadsheets.open_workbook(upload, max_rows=MAX_ROWS + 2)
    except spreadsheets.UnreadableWorkbook as exc:
        if not exc.problems:
            raise WorkbookError(str(exc)) from exc
        parsed.problems = [Problem(p.sheet, p.row or 0, p.column or "-", p.message, p.cell) for p in exc.problems]
        return parsed
    try:
        tables = {name: _read_sheet(book, name, parsed) for name in SHEETS if name != "Skala"}
    finally:
        book.close()
    for name, table in tables.items():
        _check_duplicates(name, table, parsed)
    if parsed.problems:
        return parsed
    _Converter(tables, parsed, overrides or {}).convert()
    return parsed


# -- upload → preview → apply (the admin's "Impor buku kerja", perbup/admin.py) ----------------------

PENDING_KIND = "perbup.roadmap-workbook"


def preview_upload(user, upload, overrides: dict) -> tuple[ParsedWorkbook, str]:
    """Parse an uploaded workbook; one without problems is kept for `apply_pending` (core/pending.py): the
    parsed workbook and the token to apply it by ("" when it cannot be applied, and the user's earlier
    upload is forgotten). WorkbookError when the file cannot be read at all."""
    pending.forget(user, PENDING_KIND)
    parsed = parse_workbook(upload, overrides=overrides)
    if parsed.problems:
        return parsed, ""
    return parsed, pending.store(user, PENDING_KIND, upload, context={"overrides": overrides}).token


def apply_pending(user, token: str) -> LoadReport:
    """Import the user's previewed workbook, all or nothing; the pending upload is gone afterwards, imported
    or not. pending.NotFound for a token not the user's or expired; WorkbookError when it cannot be imported."""
    with pending.take(user, PENDING_KIND, token) as upload, upload.file.open("rb") as handle:
        return import_workbook(parse_workbook(handle, overrides=upload.context.get("overrides") or {}))


def import_workbook(parsed: ParsedWorkbook) -> LoadReport:
    """Write a parsed workbook without problems as a roadmap, in one transaction. An active roadmap gets its
    missing reporting periods at once; another gets them when it is activated (monev.periods.activate_roadmap)."""
    if parsed.problems:
        raise WorkbookError(_("Buku kerja masih memuat kesalahan; tidak ada yang disimpan."))
    try:
        with transaction.atomic():
            report = load_roadmap(parsed.read)
            if report.roadmap.is_active:  # the first roadmap, or the active one re-imported with other years
                report.created["periode pelaporan"] += ensure_periods(report.roadmap)
            return report
    except FixtureError as exc:
        raise WorkbookError(str(exc)) from exc


def _read_sheet(book, name: str, parsed: ParsedWorkbook) -> list[tuple[int, dict]] | None:
    """The sheet's rows with their line numbers; None for an optional sheet the workbook lacks."""
    if name not in book.sheetnames:
        if name in OPTIONAL_SHEETS:
            return None
        parsed.problems.append(Problem(name, 0, "-", _("lembar tidak ada")))
        return []
    header_row = spreadsheets.first_rows(book[name], 1, MAX_COLUMNS)
    headers = [str(value).strip() if value is not None else "" for value in (header_row[0] if header_row else ())]
    while headers and not headers[-1]:
        headers.pop()
    expected = [column for column, _meaning in SHEETS[name] if column not in OPTIONAL_COLUMNS.get(name, set())]
    missing = [column for column in expected if column not in headers]
    if missing:
        parsed.problems.append(Problem(name, 1, ", ".join(missing), _("kolom tidak ada")))
        return []
    rows, refused = spreadsheets.read_rows(book, name, MAX_ROWS + 2, len(headers))
    for problem in refused:
        index = column_index_from_string(problem.column) - 1
        parsed.problems.append(
            Problem(name, problem.row or 0, headers[index] or problem.column, problem.message, problem.cell)
        )
    refused_rows = {problem.row for problem in refused}
    table = []
    for number, values in enumerate(rows[1:], start=2):
        if number > MAX_ROWS + 1:
            parsed.problems.append(
                Problem(name, number, "-", _("terlalu banyak baris (maksimal %(n)d)") % {"n": MAX_ROWS})
            )
            break
        if number in refused_rows or all(value is None or str(value).strip() == "" for value in values):
            continue
        table.append(
            (number, {header: _clean(value) for header, value in zip(headers, values, strict=False) if header})
        )
    parsed.counts[name] = len(table)
    return table


def _check_duplicates(name: str, table: list[tuple[int, dict]], parsed: ParsedWorkbook) -> None:
    """A row whose key (UNIQUE_KEYS, letter case ignored) an earlier row already has is a problem."""
    for key in UNIQUE_KEYS.get(name, []):
        first: dict[tuple, int] = {}
        for number, row in table:
            columns = sorted(row) if key == EVERY_COLUMN else key
            values = tuple(_folded(row.get(column)) for column in columns)
            if all(value is None for value in values):
                continue
            if values in first:
                parsed.problems.append(
                    Problem(
                        name,
                        number,
                        _("semua kolom") if key == EVERY_COLUMN else ", ".join(key),
                        _("baris ganda: sama dengan baris %(row)d (huruf besar/kecil tidak dibedakan)")
                        % {"row": first[values]},
                    )
                )
            else:
                first[values] = number


def _folded(value: Any) -> Any:
    if isinstance(value, str):
        return value.casefold()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = spreadsheets.text_from_cell(value).strip()
        return value or None
    if isinstance(value, datetime):
        return value.date()
    return value


class _Converter:
    """Sheet rows → the loader's fixture structures, with each bad cell recorded as a Problem."""

    def __init__(self, tables: dict, parsed: ParsedWorkbook, overrides: dict) -> None:
        self.tables, self.parsed, self.overrides = tables, parsed, overrides

    def problem(self, sheet: str, row: int, column: str, message: str) -> None:
        self.parsed.problems.append(Problem(sheet, row, column, message))

    def integer(self, sheet: str, number: int, row: dict, column: str, required: bool = True) -> int | None:
        value = row.get(column)
        if value is None:
            if required:
                self.problem(sheet, number, column, _("wajib diisi"))
            return None
        try:
            if isinstance(value, float) and not value.is_integer():
                raise ValueError
            return int(str(value).strip().removesuffix(".0"))
        except ValueError:
            self.problem(sheet, number, column, _("harus bilangan bulat, bukan '%(value)s'") % {"value": value})
            return None

    def text(self, sheet: str, number: int, row: dict, column: str, required: bool = False) -> str | None:
        value = row.get(column)
        if value is None and required:
            self.problem(sheet, number, column, _("wajib diisi"))
        return None if value is None else str(value)

    def names(self, row: dict, column: str = "opd") -> list[str]:
        return [item.strip() for item in str(row.get(column) or "").split(";") if item.strip()]

    def convert(self) -> None:
        fixtures = self.parsed.fixtures
        fixtures["roadmap.json"] = self.roadmap()
        fixtures["opd.json"] = self.opds()
        fixtures["scales.json"] = {"scales": []}  # scales are the application's, referenced by code
        fixtures["indicators.json"] = self.indicators()
        fixtures["rencana_aksi.json"] = self.action_plan()
        fixtures["programs.json"] = {"table": self.programs()}
        lists = self.quick_wins()
        fixtures["quick_wins_3_1_3_b.json"], fixtures["quick_wins_lampiran.json"] = lists
        decisions = self.decisions()
        if decisions is not None:
            fixtures["penetapan_pemda.json"] = decisions
        self.check_references()

    def roadmap(self) -> dict:
        rows = self.tables["Road Map"]
        if len(rows) != 1:
            self.problem("Road Map", 2, "-", _("harus tepat satu baris road map, ditemukan %(n)d") % {"n": len(rows)})
            return {"roadmap": {}, "national_goals": []}
        number, row = rows[0]
        row = {**row, **{key: value for key, value in self.overrides.items() if value not in (None, "")}}
        sheet = "Road Map"
        meta = {
            "regulation": self.text(sheet, number, row, "peraturan", required=True),
            "number": self.integer(sheet, number, row, "nomor"),
            "year": self.integer(sheet, number, row, "tahun"),
            "title": self.text(sheet, number, row, "judul", required=True),
            "enacted_on": self.date(sheet, number, row, "tanggal_ditetapkan"),
            "promulgated_on": self.date(sheet, number, row, "tanggal_diundangkan"),
            "start_year": self.integer(sheet, number, row, "tahun_awal"),
            "end_year": self.integer(sheet, number, row, "tahun_akhir"),
            "lampiran_header": self.text(sheet, number, row, "kepala_lampiran") or "",
            "source_document": self.text(sheet, number, row, "dokumen_sumber") or "",
            "source_line": self.integer(sheet, number, row, "baris_sumber", required=False),
        }
        start, end = meta["start_year"], meta["end_year"]
        if start and end and not (2000 <= start <= end <= start + 10):
            self.problem(sheet, number, "tahun_akhir", _("tahun awal dan akhir tidak masuk akal"))
        self.years = list(range(start, end + 1)) if start and end and start <= end <= start + 10 else []
        goals = [
            {
                "number": self.integer("Sasaran RB", n, r, "nomor"),
                "title": self.text("Sasaran RB", n, r, "sasaran", True),
                "source_line": self.integer("Sasaran RB", n, r, "baris_sumber", required=False),
            }
            for n, r in self.tables["Sasaran RB"]
        ]
        return {"roadmap": meta, "national_goals": goals}

    def date(self, sheet: str, number: int, row: dict, column: str) -> str | None:
        value = row.get(column)
        if isinstance(value, date):
            return value.isoformat()
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            self.problem(sheet, number, column, _("tanggal harus TTTT-BB-HH, bukan '%(value)s'") % {"value": value})
            return None

    def opds(self) -> list[dict]:
        sheet, result = "OPD", []
        for number, row in self.tables[sheet]:
            result.append(
                {
                    "short_name": self.text(sheet, number, row, "nama_singkat", required=True),
                    "name": self.text(sheet, number, row, "nama", required=True),
                    "aliases": self.names(row, "variasi_ejaan"),
                    "named_in_perbup": self.yes_no(sheet, number, row, "disebut_peraturan", default=True),
                    "source_lines": [int(item) for item in self.names(row, "baris_sumber") if positive_int(item)],
                }
            )
        self.opd_names = {row["short_name"] for row in result}
        self.note_ended(result)
        self.keep_reported_names(result)
        self.unnamed_opds = {row["short_name"] for row in result if not row["named_in_perbup"]}
        return result

    def keep_reported_names(self, rows: list[dict]) -> None:
        """A unit that has reported keeps its name: the same short name with another name would rewrite its
        reports' history (a rename is a Perubahan OPD to a new unit)."""
        lines = {
            row["short_name"]: (number, row["name"]) for (number, _r), row in zip(self.tables["OPD"], rows, strict=True)
        }
        reported = OPD.objects.filter(short_name__in=lines, realisations__isnull=False).distinct()
        for opd in reported.only("short_name", "name"):
            number, name = lines[opd.short_name]
            if name is not None and name != opd.name:
                self.problem("OPD", number, "nama", reported_unit_keeps_its_name())

    def note_ended(self, rows: list[dict]) -> None:
        """An OPD that a reorganisation ended can still be named (the old roadmap's text names it); its
        successor reports its rows. A successor roadmap usually names the successor: say so in the preview."""
        lines = {row["short_name"]: number for (number, _row), row in zip(self.tables["OPD"], rows, strict=True)}
        for opd in OPD.objects.filter(short_name__in=lines, ended_on__isnull=False).select_related("succeeded_by"):
            message = _("OPD ini berakhir pada %(day)s karena perubahan OPD") % {"day": opd.ended_on.isoformat()}
            if opd.succeeded_by:
                message += _("; barisnya dilaporkan %(next)s. Road map lanjutan biasanya menyebut %(next)s.") % {
                    "next": opd.succeeded_by.short_name
                }
            self.parsed.notes.append(Problem("OPD", lines[opd.short_name], "nama_singkat", message))

    def yes_no(self, sheet: str, number: int, row: dict, column: str, default: bool) -> bool:
        value = str(row.get(column) or "").strip().casefold()
        if not value:
            return default  # a workbook saved before the column: every OPD on the sheet was the regulation's
        if value not in {YES, NO}:
            self.problem(sheet, number, column, _("isi ya atau tidak"))
        return value == YES

    def indicators(self) -> dict:
        focus = [
            {
                "number": self.integer("Fokus", n, r, "nomor"),
                "title": self.text("Fokus", n, r, "judul", True),
                "description": self.text("Fokus", n, r, "uraian") or "",
                "source_line": self.integer("Fokus", n, r, "baris_sumber", required=False),
            }
            for n, r in self.tables["Fokus"]
        ]
        sections = [
            {
                "code": self.text("Butir Fokus", n, r, "kode", True),
                "focus_no": self.integer("Butir Fokus", n, r, "nomor_fokus"),
                "item_code": self.text("Butir Fokus", n, r, "huruf", True),
                "title": self.text("Butir Fokus", n, r, "judul", True),
                "heading_text": self.text("Butir Fokus", n, r, "judul_tertulis") or "",
                "opd": self.names(r),
                "opd_source": self.text("Butir Fokus", n, r, "sumber_penunjukan_opd") or "",
                "source_line": self.integer("Butir Fokus", n, r, "baris_sumber", required=False),
            }
            for n, r in self.tables["Butir Fokus"]
        ]
        rows = []
        scales = set(Scale.objects.values_list("code", flat=True))
        for n, r in self.tables["Indikator"]:
            sheet = "Indikator"
            scale = self.text(sheet, n, r, "skala")
            if scale and scale not in scales:
                self.problem(sheet, n, "skala", _("skala '%(code)s' tidak dikenal") % {"code": scale})
            direction = self.text(sheet, n, r, "arah") or "higher"
            if direction not in {"higher", "lower"}:
                self.problem(sheet, n, "arah", _("isi higher atau lower"))
            rows.append(
                {
                    "section": self.text(sheet, n, r, "bagian", True),
                    "order": self.integer(sheet, n, r, "urutan"),
                    "subheading": self.text(sheet, n, r, "sub_judul") or "",
                    "sasaran": self.text(sheet, n, r, "sasaran", True),
                    "indikator": self.text(sheet, n, r, "indikator", True),
                    "key": self.text(sheet, n, r, "kunci"),
                    "scale": scale,
                    "direction": direction,
                    "unit": self.text(sheet, n, r, "satuan") or "",
                    "row_opd": self.names(r),
                    "notes": self.text(sheet, n, r, "catatan") or "",
                    "source_line": self.integer(sheet, n, r, "baris_sumber", required=False),
                    "targets": {str(y): self.target_text(r.get(f"target_{y}")) for y in self.years},
                    "_row": n,
                }
            )
        self.section_rows = sections
        return {"focus": focus, "sections": sections, "rows": rows}

    @staticmethod
    def target_text(value: Any) -> str | None:
        """A target as printed: a number typed into Excel comes back as a float; write it with a decimal comma."""
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).replace(".", ",")

    def action_plan(self) -> dict:
        areas = []
        for n, r in self.tables["Area"]:
            sheet = "Area"
            areas.append(
                {
                    "number": self.integer(sheet, n, r, "nomor"),
                    "name": self.text(sheet, n, r, "nama") or "",
                    "name_inferred": self.text(sheet, n, r, "alasan_nama_disimpulkan") or "",
                    "program": self.text(sheet, n, r, "program") or "",
                    "program_inferred": self.text(sheet, n, r, "alasan_program_disimpulkan") or "",
                    "hasil_yang_diharapkan": self.text(sheet, n, r, "hasil_yang_diharapkan") or "",
                    "hasil_target": self.text(sheet, n, r, "target_hasil") or "",
                    "notes": self.text(sheet, n, r, "catatan") or "",
                    "source_line": self.integer(sheet, n, r, "baris_sumber", required=False),
                }
            )
        rows = []
        for n, r in self.tables["Rencana Aksi"]:
            sheet = "Rencana Aksi"
            inferred = r.get("disimpulkan")
            try:
                inferred = json.loads(inferred) if inferred else {}
            except json.JSONDecodeError:
                self.problem(sheet, n, "disimpulkan", _("bukan JSON yang sah"))
                inferred = {}
            continuation = str(r.get("lanjutan") or "tidak").strip().casefold()
            if continuation not in {"ya", "tidak"}:
                self.problem(sheet, n, "lanjutan", _("isi ya atau tidak"))
            if not self.names(r):
                self.problem(sheet, n, "opd", _("setiap kegiatan memerlukan penanggung jawab"))
            rows.append(
                {
                    "area_no": self.integer(sheet, n, r, "area"),
                    "subprogram_no": self.integer(sheet, n, r, "nomor_subprogram", required=False),
                    "subprogram": self.text(sheet, n, r, "subprogram"),
                    "letter": self.text(sheet, n, r, "huruf"),
                    "kegiatan": self.text(sheet, n, r, "kegiatan"),
                    "kriteria": self.text(sheet, n, r, "kriteria"),
                    "indikator_target": self.text(sheet, n, r, "indikator_target"),
                    "waktu": {str(y): self.text(sheet, n, r, f"waktu_{y}") for y in self.years if r.get(f"waktu_{y}")},
                    "opd": self.names(r),
                    "continuation": continuation == "ya",
                    "inferred": inferred,
                    "notes": self.text(sheet, n, r, "catatan"),
                    "source_line": self.integer(sheet, n, r, "baris_sumber", required=False),
                    "_row": n,
                }
            )
        self.area_numbers = {area["number"] for area in areas}
        self.activity_rows = rows
        return {"areas": areas, "rows": rows}

    def programs(self) -> list[dict]:
        programs = {}
        for n, r in self.tables["Program"]:
            sheet = "Program"
            number = self.integer(sheet, n, r, "nomor")
            programs[number] = {
                "number": number,
                "program": self.text(sheet, n, r, "program", True),
                "kegiatan_text": self.text(sheet, n, r, "uraian_kegiatan") or "",
                "notes": self.text(sheet, n, r, "catatan"),
                "source_line": self.integer(sheet, n, r, "baris_sumber", required=False),
                "kegiatan": [],
                "subprograms": [],
            }
        for n, r in self.tables["Kegiatan Program"]:
            sheet = "Kegiatan Program"
            program = programs.get(self.integer(sheet, n, r, "program"))
            if program is None:
                self.problem(sheet, n, "program", _("nomor program tidak ada di lembar Program"))
                continue
            item = {"letter": self.text(sheet, n, r, "huruf") or "", "text": self.text(sheet, n, r, "kegiatan", True)}
            group = self.text(sheet, n, r, "huruf_kelompok")
            if group is None:
                program["kegiatan"].append(item)
                continue
            groups = program["subprograms"]
            if not groups or groups[-1]["letter"] != group:
                groups.append(
                    {"letter": group, "title": self.text(sheet, n, r, "judul_kelompok") or "", "kegiatan": []}
                )
            groups[-1]["kegiatan"].append(item)
        return list(programs.values())

    def quick_wins(self) -> tuple[list, list]:
        section, lampiran = [], []
        for n, r in self.tables["Quick Wins"]:
            sheet = "Quick Wins"
            source = self.text(sheet, n, r, "daftar", True)
            base = {
                "number": self.integer(sheet, n, r, "nomor"),
                "source_line": self.integer(sheet, n, r, "baris_sumber", required=False),
            }
            if source == QuickWin.Source.SECTION_3_1_3_B:
                section.append({**base, "text": self.text(sheet, n, r, "quick_win", True)})
            elif source == QuickWin.Source.LAMPIRAN:
                lampiran.append(
                    {
                        **base,
                        "kegiatan": self.text(sheet, n, r, "quick_win", True),
                        "kriteria": self.text(sheet, n, r, "kriteria"),
                        "indikator": self.text(sheet, n, r, "indikator"),
                        "opd": self.names(r),
                    }
                )
            else:
                self.problem(sheet, n, "daftar", _("isi 3.1.3.B atau lampiran"))
        return section, lampiran

    def decisions(self) -> dict | None:
        """The Pemda's decisions (sheets Penanggung Jawab Data, Periode Hasil); None when the workbook has neither,
        so the import leaves every decision as it is. A sheet present states the whole decision it holds."""
        assignments, periods = self.tables.get("Penanggung Jawab Data"), self.tables.get("Periode Hasil")
        if assignments is None and periods is None:
            return None
        rows = self.parsed.fixtures["indicators.json"]["rows"]
        self.indicator_names = {(row["section"], row["order"]): row["indikator"] for row in rows}
        self.unreadable_sections = {row["section"] for row in rows if row["order"] is None}
        return {
            "assignments": None if assignments is None else self.assignment_rows(assignments),
            "periodicity": None if periods is None else self.period_rows(periods),
        }

    def indicator_key(self, sheet: str, number: int, row: dict) -> tuple | None:
        """(bagian, urutan) of an indicator on the Indikator sheet, or None with the problem recorded."""
        names = self.indicator_names
        key = (self.text(sheet, number, row, "bagian", True), self.integer(sheet, number, row, "urutan"))
        if None in key:
            return None
        if key not in names:
            if key[0] in self.unreadable_sections:
                return None  # the Indikator sheet's own problem explains it: one mistake, one message
            self.problem(
                sheet,
                number,
                "urutan",
                _("indikator %(section)s no. %(order)d tidak ada di lembar Indikator")
                % {"section": key[0], "order": key[1]},
            )
            return None
        shown = self.text(sheet, number, row, "indikator")
        if shown is not None and shown != names[key]:
            self.problem(
                sheet,
                number,
                "indikator",
                _("tidak sama dengan indikator %(section)s no. %(order)d di lembar Indikator")
                % {"section": key[0], "order": key[1]},
            )
        return key

    def assignment_rows(self, table: list) -> list[dict]:
        sheet, rows, seen = "Penanggung Jawab Data", [], set()
        quick_wins = {row["number"] for row in self.parsed.fixtures["quick_wins_lampiran.json"]}
        for number, row in table:
            key = self.indicator_key(sheet, number, row)
            opd = self.text(sheet, number, row, "opd", True)
            reason = self.text(sheet, number, row, "alasan", True)
            quick_win = self.integer(sheet, number, row, "quick_win", required=False)
            if opd is not None and opd not in getattr(self, "opd_names", set()):
                self.problem(sheet, number, "opd", _("OPD '%(name)s' tidak ada di lembar OPD") % {"name": opd})
            if quick_win is not None and quick_win not in quick_wins:
                self.problem(sheet, number, "quick_win", _("quick win Lampiran no. %(n)d tidak ada") % {"n": quick_win})
            if key is not None and (key, opd) in seen:
                self.problem(sheet, number, "opd", _("OPD ini sudah disebut untuk indikator yang sama"))
            seen.add((key, opd))
            rows.append(
                {
                    "section": key and key[0],
                    "order": key and key[1],
                    "opd": opd,
                    "reason": reason,
                    "quick_win": quick_win,
                }
            )
        return rows

    def period_rows(self, table: list) -> list[dict]:
        sheet, rows, seen = "Periode Hasil", [], set()
        for number, row in table:
            key = self.indicator_key(sheet, number, row)
            period = str(row.get("periode") or "").strip().casefold()
            reason = self.text(sheet, number, row, "alasan") or ""
            if period not in PERIODS:
                self.problem(sheet, number, "periode", _("isi semester atau tahunan"))
            elif PERIODS[period] == Periodicity.ANNUAL and not reason:
                self.problem(sheet, number, "alasan", _("indikator tahunan memerlukan alasan"))
            if key is not None and key in seen:
                self.problem(sheet, number, "urutan", _("indikator ini sudah ada di lembar ini"))
            seen.add(key)
            if key is not None and period in PERIODS:
                rows.append(
                    {"section": key[0], "order": key[1], "periodicity": PERIODS[period].value, "reason": reason}
                )
        return rows

    def check_references(self) -> None:
        """Every OPD, section and area a row names exists in its own sheet."""
        known = getattr(self, "opd_names", set())
        sections = {row["code"] for row in getattr(self, "section_rows", [])}
        checks = [
            ("Butir Fokus", [(n, r) for n, r in self.tables["Butir Fokus"]]),
            ("Indikator", [(n, r) for n, r in self.tables["Indikator"]]),
            ("Rencana Aksi", [(n, r) for n, r in self.tables["Rencana Aksi"]]),
            ("Quick Wins", [(n, r) for n, r in self.tables["Quick Wins"]]),
        ]
        for sheet, rows in checks:
            for number, row in rows:
                for name in self.names(row):
                    if name not in known:
                        self.problem(sheet, number, "opd", _("OPD '%(name)s' tidak ada di lembar OPD") % {"name": name})
                    elif name in getattr(self, "unnamed_opds", set()):
                        # the regulation's own rows name it, so the regulation names it
                        self.problem(
                            sheet,
                            number,
                            "opd",
                            _(
                                "OPD '%(name)s' ditandai tidak disebut peraturan "
                                "(lembar OPD), tetapi baris ini menyebutnya"
                            )
                            % {"name": name},
                        )
        for number, row in self.tables["Indikator"]:
            if row.get("bagian") and row["bagian"] not in sections:
                self.problem(
                    "Indikator",
                    number,
                    "bagian",
                    _("butir '%(code)s' tidak ada di lembar Butir Fokus") % {"code": row["bagian"]},
                )
        for row in getattr(self, "activity_rows", []):
            if row["area_no"] is not None and row["area_no"] not in getattr(self, "area_numbers", set()):
                self.problem("Rencana Aksi", row["_row"], "area", _("area tidak ada di lembar Area"))
