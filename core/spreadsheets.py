"""THE one spreadsheet writer: every .xlsx and .csv Pantau RB hands out goes through here.

Text is always written as text. A cell whose text begins with `=`, `+`, `-`, `@`, a tab or a carriage
return would be read as a formula by a spreadsheet (CSV/formula injection), so, as OWASP's guidance
says, such text gets a single quote in front; a text that itself begins with a quote gets one too, so
`text_from_cell` can restore every text exactly when the OPD's template comes back. Characters that
spreadsheets refuse (control characters; openpyxl raises on them) are removed.
"""

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.exceptions import InvalidFileException

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
CONTENT_TYPES = {"xlsx": XLSX_CONTENT_TYPE, "csv": CSV_CONTENT_TYPE}
FORMATS = tuple(CONTENT_TYPES)

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# openpyxl's list, plus what XML 1.0 cannot carry at all (DEL is legal XML but no spreadsheet text).
_REFUSED = re.compile(ILLEGAL_CHARACTERS_RE.pattern + r"|[\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text as a spreadsheet can hold it: refused characters removed, every line end one newline
    (a workbook turns a carriage return into a newline anyway, so the round trip stays exact)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _REFUSED.sub("", text)


def neutralise(text: str) -> str:
    """A text a spreadsheet shows as text, never runs as a formula (OWASP CSV injection)."""
    if text.startswith(FORMULA_TRIGGERS) or text.startswith(QUOTE):
        return QUOTE + text
    return text


def cell_value(value):
    """What to write into a cell for `value`: numbers, dates and booleans as they are (a float that is
    not finite as empty), every other value as cleaned, neutralised text."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)  # spreadsheets know no time zones
    if value is None or isinstance(value, bool | int | date):
        return value
    if isinstance(value, float | Decimal):
        return value if math.isfinite(value) else None
    if isinstance(value, Promise):
        value = str(value)
    return neutralise(clean_text(value if isinstance(value, str) else str(value)))


def text_from_cell(value) -> str:
    """The text a cell written by `cell_value` stood for: the neutralising quote taken off again."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return text[1:] if text.startswith(QUOTE) else text


def append_row(sheet, values: Iterable) -> None:
    """Append one row of sanitised cells to an openpyxl sheet (normal or write-only)."""
    sheet.append([cell_value(value) for value in values])


def set_cell(sheet, row: int, column: int, value):
    """Write one sanitised cell; returns the cell for styling."""
    return sheet.cell(row=row, column=column, value=cell_value(value))


def xlsx_bytes(headers: Sequence, rows: Iterable[Sequence], title: str = "Data") -> bytes:
    """A one-sheet workbook (written in openpyxl's streaming mode: thousands of rows stay cheap)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=clean_text(title)[:31] or "Data")
    append_row(sheet, headers)
    for row in rows:
        append_row(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers: Sequence, rows: Iterable[Sequence]) -> bytes:
    """UTF-8 CSV, every text cell cleaned and neutralised like the workbook's."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_cell(value) for value in headers])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def _csv_cell(value):
    value = cell_value(value)
    return "" if value is None else value


def export_response(export_format: str, headers: Sequence, rows: Iterable[Sequence], filename: str) -> HttpResponse:
    """A download of a table as .xlsx or .csv (`export_format` must be one of FORMATS)."""
    if export_format == "xlsx":
        content = xlsx_bytes(headers, rows)
    elif export_format == "csv":
        content = csv_bytes(headers, rows)
    else:
        raise ValueError(f"unsupported export format {export_format!r}")
    response = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# -- reading ---------------------------------------------------------------------------------


class UnreadableWorkbook(Exception):
    """An uploaded workbook refused as a whole; str() is the Indonesian message."""


def open_workbook(upload) -> Workbook:
    """An uploaded .xlsx opened for streaming (openpyxl read-only, cached values), after cheap checks:
    the file size (EXCEL_MAX_BYTES) and the size its parts declare unpacked (EXCEL_MAX_UNPACKED_BYTES),
    so a small file that unpacks to millions of rows is refused before any of it is parsed."""
    limit = settings.EXCEL_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise UnreadableWorkbook(_("Berkas terlalu besar (maksimal %(limit)s).") % {"limit": filesizeformat(limit)})
    content = io.BytesIO(upload.read())
    try:
        with zipfile.ZipFile(content) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > settings.EXCEL_MAX_UNPACKED_BYTES:
            raise UnreadableWorkbook(_("Isi berkas terlalu besar setelah dibuka; unduh templat baru."))
        content.seek(0)
        return load_workbook(content, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise UnreadableWorkbook(_("Berkas bukan .xlsx yang dapat dibaca (rusak atau format lain).")) from exc


def first_rows(sheet, limit: int, columns: int) -> list[tuple]:
    """At most `limit` rows of `columns` cell values, read as a stream: rows past the limit, or rows a
    hostile file only declares, are never produced."""
    return list(sheet.iter_rows(min_row=1, max_row=limit, max_col=columns, values_only=True))
