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
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from xml.etree import ElementTree

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import column_index_from_string, get_column_letter
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


@dataclass(frozen=True)
class NumberCell:
    """A number a table prints as text ('90,97 %', core.formatting): a number cell in a workbook, with a
    number format that shows it the same way, and the printed text in a CSV."""

    number: Decimal | int | float
    text: str
    number_format: str = "General"


def plain_number_format(value, suffix: str = "") -> str:
    """As many decimals as the number has (61 -> '#,##0', 82,5 -> '#,##0.0'; Excel shows the locale's
    comma), and a unit after it ('#,##0" %"')."""
    if value is None:
        return ""
    places = max(0, -Decimal(str(value)).normalize().as_tuple().exponent)
    shown = "#,##0" + ("." + "0" * min(places, 4) if places else "")
    return shown + (f'"{suffix.replace(chr(34), "")}"' if suffix else "")


def cell_value(value):
    """What to write into a cell for `value`: numbers, dates and booleans as they are (a float that is
    not finite as empty), a NumberCell's number, every other value as cleaned, neutralised text."""
    if isinstance(value, NumberCell):
        value = value.number
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


def xlsx_bytes(headers: Sequence, rows: Iterable[Sequence], title: str = "Data") -> bytes:
    """A one-sheet workbook (written in openpyxl's streaming mode: thousands of rows stay cheap)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=clean_text(title)[:31] or "Data")
    append_row(sheet, headers)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value):
    if isinstance(value, NumberCell):
        cell = WriteOnlyCell(sheet, value=cell_value(value))
        cell.number_format = value.number_format
        return cell
    return cell_value(value)


def csv_bytes(headers: Sequence, rows: Iterable[Sequence]) -> bytes:
    """UTF-8 CSV, every text cell cleaned and neutralised like the workbook's."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_cell(value) for value in headers])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def _csv_cell(value):
    value = cell_value(value.text if isinstance(value, NumberCell) else value)
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
#
# Every uploaded workbook (the report template, the roadmap workbook, the LKE, the admin imports) is
# opened here. Before openpyxl sees it, its XML is read once as a stream and every cell that cannot be
# read exactly is named: XML a parser refuses (an invalid character or character reference), a number
# cell that is not a finite number (NaN, INF: openpyxl would raise on them), a formula without a stored
# result (openpyxl would silently read it as empty) and a formula's error value (#DIV/0!).

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class CellProblem:
    """A cell of an uploaded workbook that cannot be read exactly; `cell` is e.g. "B5" ("" if unknown)."""

    sheet: str
    cell: str
    message: str

    @property
    def row(self) -> int | None:
        digits = self.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return int(digits) if digits.isascii() and digits.isdigit() else None

    @property
    def column(self) -> str:
        return self.cell.rstrip("0123456789")

    def __str__(self) -> str:
        if not self.cell:
            return _("Lembar '%(sheet)s': %(message)s") % {"sheet": self.sheet, "message": self.message}
        return _("Lembar '%(sheet)s' sel %(cell)s: %(message)s") % {
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
        }

    def as_problem(self) -> "Problem":
        return Problem(self.sheet, self.row, self.column, self.message, self.cell)


@dataclass
class Problem:
    """One problem of an uploaded file, as every import's preview lists it (templates/core/_problems.html):
    the sheet, the row (None if unknown), the column as the user's file names it, the message, and the cell
    ("H5") where it is known. The report Excel, the roadmap workbook, the LKE and the admin imports all
    report this one shape."""

    sheet: str
    row: int | None
    column: str
    message: str
    cell: str = ""

    def __str__(self) -> str:
        if self.cell:
            return str(CellProblem(self.sheet, self.cell, self.message))
        place = [
            _("Lembar '%(sheet)s'") % {"sheet": self.sheet} if self.sheet else "",
            _("baris %(row)d") % {"row": self.row} if self.row else "",
            _("kolom %(column)s") % {"column": self.column} if self.column and self.column != "-" else "",
        ]
        text = ", ".join(part for part in place if part)
        return f"{text[0].upper()}{text[1:]}: {self.message}" if text else self.message


class UnreadableWorkbook(Exception):
    """An uploaded workbook refused as a whole; str() is the Indonesian message, `problems` the cells."""

    def __init__(self, message: str, problems: Sequence[CellProblem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


def open_workbook(upload, *, read_only: bool = True, data_only: bool = True, max_rows: int | None = None) -> Workbook:
    """An uploaded .xlsx opened by openpyxl (by default streaming, with stored results) after the checks:
    the file size (EXCEL_MAX_BYTES), the size its parts unpack to (EXCEL_MAX_UNPACKED_BYTES, summed from
    the archive's directory, which zipfile holds each part to), and every cell's XML (inspect_cells).

    Cells that make the file unreadable raise UnreadableWorkbook naming them. A formula without a stored
    result or with an error value does not: the workbook's `unreadable_cells` ({sheet: {cell: message}})
    holds them, and `read_rows` names those among the cells a reader reads. A streaming reader that reads
    at most `max_rows` rows of a sheet passes it: the rest of a sheet is then neither inspected nor read."""
    limit = settings.EXCEL_MAX_BYTES
    too_big = _("Berkas terlalu besar (maksimal %(limit)s).") % {"limit": filesizeformat(limit)}
    if (getattr(upload, "size", None) or 0) > limit:
        raise UnreadableWorkbook(too_big)
    data = _read_at_most(upload, limit + 1)
    if len(data) > limit:
        raise UnreadableWorkbook(too_big)
    content = io.BytesIO(data)
    try:
        with zipfile.ZipFile(content) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > settings.EXCEL_MAX_UNPACKED_BYTES:
                raise UnreadableWorkbook(_("Isi berkas terlalu besar setelah dibuka; unduh templat baru."))
            fatal, unreadable = inspect_cells(archive, max_rows)
        if fatal:
            raise UnreadableWorkbook(
                _("Berkas memuat sel yang tidak dapat dibaca dengan tepat; perbaiki lalu unggah lagi: %(cells)s")
                % {"cells": "; ".join(str(problem) for problem in fatal[:20])},
                fatal,
            )
        content.seek(0)
        workbook = load_workbook(content, read_only=read_only, data_only=data_only)
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
        EOFError,
        SyntaxError,
        RuntimeError,
        NotImplementedError,
    ) as exc:
        # SyntaxError: xml.etree's ParseError, from a part other than a worksheet or the shared strings;
        # RuntimeError, NotImplementedError: zipfile on an encrypted part or an unknown compression
        raise UnreadableWorkbook(_("Berkas bukan .xlsx yang dapat dibaca (rusak atau format lain).")) from exc
    workbook.unreadable_cells = unreadable
    return workbook


def _read_at_most(source, size: int) -> bytes:
    """At most `size` bytes of an upload, a file object or a path."""
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            return handle.read(size)
    return source.read(size)


def inspect_cells(
    archive: zipfile.ZipFile, max_rows: int | None = None
) -> tuple[list[CellProblem], dict[str, dict[str, str]]]:
    """Read every worksheet's cells (up to row `max_rows`) as a stream: (problems that make the file
    unreadable, and the cells that only cannot be read as a value: {sheet: {cell: message}})."""
    fatal: list[CellProblem] = []
    bad_string = _bad_shared_string(archive)
    unreadable: dict[str, dict[str, str]] = {}
    for title, member in _worksheets(archive):
        unreadable[title] = {}
        _inspect_sheet(archive, title, member, bad_string, fatal, unreadable[title], max_rows)
    if bad_string is not None and not any(problem.message == _BAD_XML for problem in fatal):
        fatal.append(CellProblem(_("teks bersama"), "", str(_BAD_XML)))
    return fatal, unreadable


_BAD_XML = _lazy("berisi karakter atau rujukan karakter yang tidak sah dalam XML (mis. &#1;).")
_FORMULA_WITHOUT_VALUE = _lazy(
    "rumus tanpa nilai tersimpan; buka dan simpan ulang berkas di Excel atau LibreOffice, "
    "atau ganti rumus dengan nilainya."
)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _worksheets(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet title, archive member) of every worksheet, in the workbook's order."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return []  # not a workbook: openpyxl says so
    targets = {
        relation.get("Id"): relation.get("Target", "")
        for relation in relations.iter(f"{{{_PACKAGE_REL}}}Relationship")
        if relation.get("Type", "").endswith("/worksheet")
    }
    sheets = []
    for sheet in workbook.iter(f"{{{_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{_REL}}}id"))
        if target:
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            sheets.append((sheet.get("name", ""), member))
    return sheets


def _bad_shared_string(archive: zipfile.ZipFile) -> int | None:
    """The index of the first shared string whose XML is refused (None when all read)."""
    try:
        stream = archive.open("xl/sharedStrings.xml")
    except KeyError:
        return None
    index = 0
    try:
        for _event, element in ElementTree.iterparse(stream):
            if _local(element.tag) == "si":
                index += 1
                element.clear()
    except ElementTree.ParseError:
        return index
    return None


def _inspect_sheet(
    archive, title: str, member: str, bad_string, fatal: list, unreadable: dict, max_rows: int | None
) -> None:
    if member not in archive.namelist():
        return
    row, column, cell = 0, 0, ""
    try:
        with archive.open(member) as stream:
            for event, element in ElementTree.iterparse(stream, events=("start", "end")):
                name = _local(element.tag)
                if event == "start":
                    if name == "row":
                        row, column = int(element.get("r") or row + 1), 0
                        if max_rows is not None and row > max_rows + 1:  # openpyxl parses one row past
                            return
                    elif name == "c":
                        cell = element.get("r") or f"{get_column_letter(column + 1)}{row}"
                        column = column_index_from_string(cell.rstrip("0123456789"))
                    continue
                if name == "c":
                    problem = _cell_problem(element, bad_string)
                    if problem is not None and problem[0]:
                        fatal.append(CellProblem(title, cell, problem[1]))
                    elif problem is not None:
                        unreadable[cell] = problem[1]
                    element.clear()
    except ElementTree.ParseError:
        fatal.append(CellProblem(title, cell, str(_BAD_XML)))
    except ValueError:  # a cell or row reference that is none
        fatal.append(CellProblem(title, cell, _("alamat sel tidak sah.")))


def _cell_problem(element, bad_string: int | None) -> tuple[bool, str] | None:
    """(whether the file is unreadable, the message) for one <c> element, or None when it reads exactly."""
    kind = element.get("t", "n")
    formula = value = None
    for child in element:
        if _local(child.tag) == "f":
            formula = child
        elif _local(child.tag) == "v":
            value = child.text
    if kind == "s" and bad_string is not None and value is not None and value.strip() == str(bad_string):
        return True, str(_BAD_XML)
    if kind == "n" and value not in (None, "") and not _finite_number(value):
        return True, _("angka '%(value)s' tidak terbaca (bukan bilangan terhingga).") % {"value": value[:20]}
    if kind == "e":
        return False, _("berisi galat rumus %(error)s.") % {"error": (value or "")[:20]}
    if formula is not None and value in (None, "") and kind != "inlineStr":
        return False, str(_FORMULA_WITHOUT_VALUE)
    return None


def _finite_number(text: str) -> bool:
    """Whether openpyxl reads the text as a finite number (it reads int() unless '.', 'E' or 'e')."""
    try:
        number = float(text) if any(mark in text for mark in ".Ee") else int(text)
    except ValueError:
        return False
    return math.isfinite(number)


def read_rows(workbook, sheet_name: str, limit: int, columns: int) -> tuple[list[tuple], list[CellProblem]]:
    """At most `limit` rows of `columns` cell values of a sheet of `open_workbook`, read as a stream
    (rows past the limit, or rows a hostile file only declares, are never produced), and the problems
    of the cells among them that cannot be read as a value (their value here is None)."""
    sheet = workbook[sheet_name]
    rows = list(sheet.iter_rows(min_row=1, max_row=limit, max_col=columns, values_only=True))
    return rows, cell_problems(workbook, sheet_name, limit, columns)


def cell_problems(workbook, sheet_name: str, limit: int, columns: int) -> list[CellProblem]:
    """The cells of the sheet's first `limit` rows and `columns` columns that cannot be read as a value."""
    found = getattr(workbook, "unreadable_cells", {}).get(sheet_name, {})
    problems = [CellProblem(sheet_name, cell, message) for cell, message in found.items()]
    return sorted(
        (p for p in problems if (p.row or 0) <= limit and column_index_from_string(p.column) <= columns),
        key=lambda p: (p.row or 0, column_index_from_string(p.column)),
    )


def first_rows(sheet, limit: int, columns: int) -> list[tuple]:
    """At most `limit` rows of `columns` cell values, read as a stream: rows past the limit, or rows a
    hostile file only declares, are never produced."""
    return list(sheet.iter_rows(min_row=1, max_row=limit, max_col=columns, values_only=True))
