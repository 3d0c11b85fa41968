"""Excel round trip for OPDs that work offline: a pre-filled workbook out, the filled one back in.

The upload is read into a preview listing every problem (row, column, message); only a preview
without problems can be applied, and it is applied all or nothing through monev.workflow.
"""

import io
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from actionplan.models import Activity
from core import numbers, pending, spreadsheets
from core import text as free_text
from core.errors import WorkflowError
from core.params import positive_int
from indicators.models import Indicator, ScaleLevel
from monev import tasks, workflow
from monev.choices import RowKind
from monev.models import EDITABLE_STATUSES, Period, Realisation, ReportEvent
from roadmap.models import OPD

SHEET = "Laporan"
GUIDE_SHEET = "Petunjuk"
META_SHEET = "meta"
MAX_ROWS = 5000
COLUMNS = [
    ("id", _("ID (jangan diubah)"), 12),
    ("kind", _("Jenis"), 10),
    ("ref", _("Ref."), 10),
    ("name", _("Kegiatan / indikator"), 60),
    ("target", _("Target"), 30),
    ("unit", _("Satuan / skala"), 18),
    ("status", _("Status"), 16),
    ("value", _("Nilai realisasi"), 14),
    ("level", _("Tingkat"), 16),
    ("progress", _("Progres (%)"), 12),
    ("data_year", _("Tahun data (indikator tahunan)"), 12),
    ("narrative", _("Uraian capaian"), 50),
    ("obstacles", _("Kendala"), 40),
    ("follow_up", _("Rencana tindak lanjut"), 40),
    ("version", _("Versi (jangan diubah)"), 10),
]
KEYS = [key for key, _label, _width in COLUMNS]
TEXT_COLUMNS = (("narrative", "Uraian capaian"), ("obstacles", "Kendala"), ("follow_up", "Rencana tindak lanjut"))
# The short column names problems use -> the column's key
_COLUMN_KEYS = {
    "ID": "id",
    "Status": "status",
    "Nilai realisasi": "value",
    "Tingkat": "level",
    "Progres (%)": "progress",
    "Versi": "version",
    "Tahun data": "data_year",
    "Uraian capaian": "narrative",
    "Kendala": "obstacles",
    "Rencana tindak lanjut": "follow_up",
}
EDITABLE = ["value", "level", "progress", "data_year", "narrative", "obstacles", "follow_up"]


class ExcelError(Exception):
    """The file as a whole cannot be read as a Pantau RB workbook."""


Problem = spreadsheets.Problem


def _at(row: int, column: str, message: str) -> Problem:
    """A problem of the report sheet, its cell named as a spreadsheet names it (e.g. 'H5')."""
    key = _COLUMN_KEYS.get(column)
    cell = f"{get_column_letter(KEYS.index(key) + 1)}{row}" if key else str(row)
    return Problem(SHEET, row, column, message, cell)


@dataclass
class UploadRow:
    row_number: int
    kind: RowKind
    row_id: int
    label: str
    version: int
    values: dict  # report field -> str (serialisable); level as its code
    changed: bool


def build_workbook(opd: OPD, period: Period) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    _write_header(sheet)
    level_codes: dict[int, list[str]] = {}
    for task in tasks.task_rows(opd, period):
        spreadsheets.append_row(sheet, _task_cells(task))
        if task.kind == RowKind.INDIKATOR and task.row.scale_id:
            level_codes[sheet.max_row] = [level.code for level in task.row.scale.levels.all()]
    _add_level_lists(sheet, level_codes)
    _write_guide(workbook.create_sheet(GUIDE_SHEET), opd, period)
    meta = workbook.create_sheet(META_SHEET)
    spreadsheets.append_row(meta, ["opd", opd.pk, opd.short_name])
    spreadsheets.append_row(meta, ["period", period.pk, str(period)])
    meta.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_header(sheet) -> None:
    spreadsheets.append_row(sheet, [label for _key, label, _width in COLUMNS])
    for index, (_key, _label, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "E2"


def _task_cells(task: tasks.TaskRow) -> list:
    realisation = task.realisation
    row = task.row
    if task.kind == RowKind.KEGIATAN:
        ident, ref, name, unit = f"K-{row.pk}", row.reference, row.kegiatan, "%"
    else:
        ident, ref, name = f"I-{row.pk}", row.focus_item.section_code, row.name
        unit = row.unit_label
    values = dict.fromkeys(EDITABLE)
    if realisation is not None:
        values.update({key: getattr(realisation, key) for key in EDITABLE})
        values["level"] = realisation.level.code if realisation.level_id else None
        for key in ("value", "progress"):
            values[key] = float(values[key]) if values[key] is not None else None
    return [
        ident,
        task.kind,
        ref,
        name,
        task.target_text,
        unit,
        str(task.status_label),
        values["value"],
        values["level"],
        values["progress"],
        values["data_year"],
        values["narrative"],
        values["obstacles"],
        values["follow_up"],
        realisation.version if realisation else 0,
    ]


def _add_level_lists(sheet, level_codes: dict[int, list[str]]) -> None:
    level_column = "I"
    for row_number, codes in level_codes.items():
        validation = DataValidation(type="list", formula1='"' + ",".join(codes) + '"', allow_blank=True)
        validation.error = _("Pilih tingkat dari daftar skala indikator ini.")
        sheet.add_data_validation(validation)
        validation.add(f"{level_column}{row_number}")


def _write_guide(sheet, opd: OPD, period: Period) -> None:
    lines = [
        _("Pantau RB — lembar isian realisasi"),
        _("OPD: %(opd)s; periode: %(period)s.") % {"opd": opd.name, "period": period},
        "",
        _(
            "Isi hanya kolom Nilai realisasi, Tingkat, Progres (%), Tahun data, Uraian capaian, Kendala, "
            "Rencana tindak lanjut."
        ),
        _("Jangan ubah kolom ID dan Versi: keduanya mencegah laporan tertimpa oleh perubahan orang lain."),
        _("Nilai realisasi: angka dengan koma desimal (mis. 82,5) dalam satuan indikator."),
        _("Untuk persen tulis 85, bukan 85%."),
        _("Tingkat: untuk indikator berskala (mis. SAKIP, opini BPK), pilih dari daftar."),
        _("Progres (%): untuk kegiatan, angka 0 sampai 100."),
        _("Tahun data: untuk indikator tahunan (opini BPK, SAKIP, Indeks RB ...), tahun hasil yang dilaporkan."),
        _("Skala berentang (SAKIP, IKM ...): tingkat mengikuti nilai; nilai dan tingkat yang bertentangan ditolak."),
        _("Baris berstatus diajukan atau diverifikasi tidak dapat diubah lewat Excel."),
        _("Unggah kembali berkas ini di Pantau RB: Anda akan melihat pratinjau dan semua masalah sebelum menerapkan."),
        _("Semua baris diterapkan sekaligus, atau tidak sama sekali."),
    ]
    for line in lines:
        spreadsheets.append_row(sheet, [line])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 120


def read_upload(upload, opd: OPD, period: Period) -> tuple[list[UploadRow], list[Problem]]:
    """Read a filled workbook; return the rows and every problem found. Raises ExcelError if unreadable.

    A cell core.spreadsheets cannot read exactly (a formula without a stored value, NaN, an invalid
    character) is a problem of its row and column; its row is not read."""
    try:
        workbook = spreadsheets.open_workbook(upload, max_rows=MAX_ROWS + 1)
    except spreadsheets.UnreadableWorkbook as exc:
        if exc.problems:
            return [], [_problem(problem) for problem in exc.problems]
        raise ExcelError(str(exc)) from exc
    try:
        return _read_workbook(workbook, opd, period)
    finally:
        workbook.close()


def _problem(problem: spreadsheets.CellProblem) -> Problem:
    """A cell the reader refused, as a problem of the preview (its sheet named when not the report's)."""
    if problem.sheet != SHEET or not problem.cell:
        return problem.as_problem()
    index = column_index_from_string(problem.column)
    key = KEYS[index - 1] if index <= len(KEYS) else None
    column = next((short for short, name in _COLUMN_KEYS.items() if name == key), None)
    label = column or (str(COLUMNS[index - 1][1]) if key else problem.column)
    return Problem(SHEET, problem.row or 0, label, problem.message, problem.cell)


def _read_workbook(workbook, opd: OPD, period: Period) -> tuple[list[UploadRow], list[Problem]]:
    if SHEET not in workbook.sheetnames or META_SHEET not in workbook.sheetnames:
        raise ExcelError(_("Berkas ini bukan lembar isian Pantau RB: unduh templat dari halaman Tugas saya."))
    _check_meta(workbook, opd, period)
    rows, refused = spreadsheets.read_rows(workbook, SHEET, MAX_ROWS + 1, len(COLUMNS))
    if not rows or [_text(cell) for cell in rows[0][: len(COLUMNS)]] != [str(c[1]) for c in COLUMNS]:
        raise ExcelError(_("Judul kolom pada lembar '%(sheet)s' telah diubah; unduh templat baru.") % {"sheet": SHEET})
    if len(rows) > MAX_ROWS:
        raise ExcelError(_("Terlalu banyak baris (maksimal %(max)d).") % {"max": MAX_ROWS})
    cell_problems = [_problem(problem) for problem in refused]
    parsed, problems = _read_rows(rows[1:], opd, period, skip={problem.row for problem in cell_problems})
    return parsed, sorted(cell_problems + problems, key=lambda problem: problem.row)


def _check_meta(workbook, opd: OPD, period: Period) -> None:
    rows, refused = spreadsheets.read_rows(workbook, META_SHEET, 10, 2)
    if refused:
        raise ExcelError("; ".join(str(problem) for problem in refused))
    meta = {row[0]: row[1] for row in rows if row and row[0]}
    if meta.get("opd") != opd.pk:
        raise ExcelError(_("Berkas ini dibuat untuk OPD lain; unduh templat OPD Anda sendiri."))
    if meta.get("period") != period.pk:
        raise ExcelError(_("Berkas ini dibuat untuk periode lain (bukan %(period)s).") % {"period": period})


def _read_rows(rows, opd: OPD, period: Period, skip: set) -> tuple[list[UploadRow], list[Problem]]:
    """The rows of the report sheet (the sheet's row 2 on); rows numbered in `skip` already have a
    refused cell and are not read further."""
    current = {(task.kind, task.row.pk): task for task in tasks.task_rows(opd, period)}
    parsed: list[UploadRow] = []
    problems: list[Problem] = []
    seen: set = set()
    for offset, raw in enumerate(rows, start=2):
        cells = dict(zip(KEYS, list(raw) + [None] * (len(KEYS) - len(raw)), strict=False))
        if offset in skip or all(value in (None, "") for value in cells.values()):
            continue
        row, row_problems = _read_row(offset, cells, current, seen)
        problems += row_problems
        if row is not None and not row_problems:
            parsed.append(row)
    return parsed, problems


def _read_row(number: int, cells: dict, current: dict, seen: set) -> tuple[UploadRow | None, list[Problem]]:
    problems: list[Problem] = []
    key = _parse_id(cells["id"])
    if key is None or key not in current:
        return None, [_at(number, "ID", _("ID '%(id)s' bukan baris tugas OPD ini.") % {"id": cells["id"]})]
    if key in seen:
        return None, [_at(number, "ID", _("Baris ini muncul dua kali."))]
    seen.add(key)
    task = current[key]
    values: dict = {}
    values["value"] = _parse_decimal(cells["value"], number, "Nilai realisasi", problems)
    values["progress"] = _parse_decimal(cells["progress"], number, "Progres (%)", problems, min_value=0, max_value=100)
    if task.kind == RowKind.INDIKATOR and values["progress"] is not None:
        problems.append(_at(number, "Progres (%)", _("Indikator tidak memakai progres; kosongkan.")))
    values["level"] = _parse_level(cells["level"], task, number, problems)
    values["data_year"] = _parse_data_year(cells["data_year"], task, number, problems)
    for name, column in (
        ("narrative", "Uraian capaian"),
        ("obstacles", "Kendala"),
        ("follow_up", "Rencana tindak lanjut"),
    ):
        values[name] = _text(cells[name])
        try:
            values[name] = free_text.ensure_fits(values[name], Realisation, name)
        except WorkflowError as error:
            problems.append(_at(number, column, str(error)))
    version = cells["version"] if isinstance(cells["version"], int) else None
    existing = task.realisation
    if version is None or version != (existing.version if existing else 0):
        problems.append(_at(number, "Versi", _("Laporan ini sudah berubah sejak berkas diunduh; unduh ulang.")))
    changed = _differs(existing, values)
    if changed and existing is not None and existing.status not in EDITABLE_STATUSES:
        problems.append(
            _at(
                number,
                "Status",
                _("Laporan berstatus '%(s)s' tidak dapat diubah.") % {"s": existing.get_status_display()},
            )
        )
    reference = task.row.reference if task.kind == RowKind.KEGIATAN else task.row.focus_item.section_code
    label = f"{reference} {cells['name'] or ''}"
    return UploadRow(number, task.kind, task.row.pk, label[:120], version or 0, values, changed), problems


def _parse_id(raw) -> tuple[RowKind, int] | None:
    text = str(raw or "").strip()
    prefix, _sep, number = text.partition("-")
    kinds = {"K": RowKind.KEGIATAN, "I": RowKind.INDIKATOR}
    if prefix not in kinds or positive_int(number) is None:
        return None
    return kinds[prefix], positive_int(number)


def _parse_decimal(raw, row: int, column: str, problems: list[Problem], **bounds) -> str | None:
    """A number cell through core.numbers, within the Realisation field's digits; refusals become problems."""
    key = _COLUMN_KEYS[column]
    if isinstance(raw, str):
        raw = spreadsheets.text_from_cell(raw)
    try:
        value = numbers.parse_decimal(raw, **numbers.limits(Realisation, key), **bounds)
    except numbers.NumberError as error:
        problems.append(_at(row, column, str(error)))
        return None
    return None if value is None else str(value)


def _parse_level(raw, task, row: int, problems: list[Problem]) -> str | None:
    code = _text(raw)
    if not code:
        return None
    if task.kind != RowKind.INDIKATOR or not task.row.scale_id:
        problems.append(_at(row, "Tingkat", _("Baris ini tidak memakai skala; kosongkan kolom Tingkat.")))
        return None
    codes = {level.code.casefold(): level.code for level in task.row.scale.levels.all()}
    if code.casefold() not in codes:
        problems.append(
            _at(row, "Tingkat", _("'%(v)s' tidak ada pada skala %(s)s.") % {"v": code, "s": task.row.scale.name})
        )
        return None
    return codes[code.casefold()]


def _parse_data_year(raw, task, row: int, problems: list[Problem]) -> int | None:
    if raw is None or not str(raw).strip():
        return None
    text = str(raw).strip().removesuffix(".0")
    if task.kind != RowKind.INDIKATOR or not (text.isascii() and text.isdigit() and len(text) == 4):
        problems.append(_at(row, "Tahun data", _("Tahun data hanya untuk indikator, berupa tahun (mis. 2022).")))
        return None
    return int(text)


def _differs(existing: Realisation | None, values: dict) -> bool:
    current = dict.fromkeys(EDITABLE)
    if existing is not None:
        current = {name: getattr(existing, name) for name in EDITABLE}
        current["level"] = existing.level.code if existing.level_id else None
    return any(_comparable(name, values[name]) != _comparable(name, current[name]) for name in EDITABLE)


def _comparable(name: str, value) -> str | None:
    if value is None or value == "":
        return None
    if name in ("value", "progress"):
        return str(Decimal(value).normalize())
    if name == "data_year":
        return str(int(value))
    # A stored text compares as the workbook carries it, so an unchanged template changes nothing.
    return spreadsheets.clean_text(str(value)).strip() or None


def _text(raw) -> str:
    """A text cell as the OPD meant it: the neutralising quote taken off, refused characters dropped."""
    return spreadsheets.clean_text(spreadsheets.text_from_cell(raw)).strip()


# -- upload → preview → apply (monev/views.py excel_upload, excel_apply) ------------------------------

PENDING_KIND = "monev.excel"


def preview_upload(user, upload, opd: OPD, period: Period) -> tuple[list[UploadRow], list[Problem], str]:
    """Read an uploaded workbook for the preview: its rows, its problems, and the token to apply it by. Only
    a preview without problems is kept (core/pending.py); with any, the token is "" and the user's earlier
    upload is forgotten, so no old token applies anything. Raises ExcelError if the file is unreadable."""
    pending.forget(user, PENDING_KIND)
    rows, problems = read_upload(upload, opd, period)
    if problems:
        return rows, problems, ""
    kept = pending.store(user, PENDING_KIND, upload, context={"opd": opd.pk, "period": period.pk})
    return rows, problems, kept.token


def apply_pending(user, opd: OPD, period: Period, token: str) -> int:
    """Apply the user's previewed workbook, all or nothing; the number of reports changed. The file is read
    again, so what changed since the preview is refused as at the preview. The pending upload is gone
    afterwards, applied or not. pending.NotFound for a token not the user's, of another OPD or period, or
    expired; WorkflowError when a row cannot be applied (nothing is)."""
    if pending.get(user, PENDING_KIND, token).context != {"opd": opd.pk, "period": period.pk}:
        raise pending.NotFound  # another period's or OPD's address: refused, and the upload stays for its own
    with pending.take(user, PENDING_KIND, token) as upload:
        with upload.file.open("rb") as handle:
            try:
                rows, problems = read_upload(handle, opd, period)
            except ExcelError as error:
                raise WorkflowError(str(error)) from error
        if problems:
            raise WorkflowError(
                _("%(problem)s Tidak ada yang diterapkan; unggah berkasnya lagi.") % {"problem": problems[0]}
            )
        return apply_rows(user, opd, period, serialise(rows))


def serialise(rows: list[UploadRow]) -> list[dict]:
    return [asdict(row) for row in rows]


@transaction.atomic
def apply_rows(user, opd: OPD, period: Period, rows: list[dict]) -> int:
    """Apply a checked preview, all or nothing. Returns the number of reports changed."""
    changed = 0
    for row in rows:
        if not row["changed"]:
            continue
        activity = Activity.objects.get(pk=row["row_id"]) if row["kind"] == RowKind.KEGIATAN else None
        indicator = Indicator.objects.get(pk=row["row_id"]) if row["kind"] == RowKind.INDIKATOR else None
        try:
            workflow.save_report(
                user=user,
                period=period,
                opd=opd,
                activity=activity,
                indicator=indicator,
                values=_report_values(row["values"], indicator),
                version=row["version"],
                action=ReportEvent.Action.IMPORTED,
            )
        except workflow.WorkflowError as error:
            raise workflow.WorkflowError(
                _("Baris %(row)d: %(error)s Tidak ada yang diterapkan.") % {"row": row["row_number"], "error": error}
            ) from error
        changed += 1
    return changed


def _report_values(values: dict, indicator: Indicator | None) -> dict:
    result = {
        "value": Decimal(values["value"]) if values["value"] is not None else None,
        "narrative": values["narrative"],
        "obstacles": values["obstacles"],
        "follow_up": values["follow_up"],
    }
    if indicator is None:
        result["progress"] = Decimal(values["progress"]) if values["progress"] is not None else None
    else:
        level = values["level"]
        result["level"] = ScaleLevel.objects.get(scale_id=indicator.scale_id, code=level) if level else None
        result["data_year"] = values.get("data_year")
    return result
