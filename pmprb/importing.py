"""Import KemenPAN-RB's worksheet (LKE) workbook as a new draft version: structure only, never answers.

The ministry hands the LKE to Pemdas as an Excel workbook with a block per evaluation year side by
side (e.g. "PENILAIAN TAHUN 2015" in B:M and "PENILAIAN TAHUN 2014" in N:Y). The first block is
read; its columns are found from the header cell "PENJELASAN":

    B component (A./B.) · C area numeral · D area name / sub-area number · E sub-area name /
    question letter · F question text · G weight · H option texts or criterion ("PENJELASAN") ·
    I answer type · J answer (not read) · K score formula (read for the worksheet's own rules)

Names carry their weight as "(n)"; it must agree with column G. Option texts come as "a. …\\nb. …";
a Y/T question's column H is its criterion; a question answered with a percentage says "%" (or
"PERSEN") in column I and has no options.

Later models nest their components (26/2020: Pengungkit = Pemenuhan + Hasil Antara + Reform; Hasil =
four parts; 9/2023: RB General and RB Tematik with its themes). A part of a component is a row whose
column B numbers it under its component ("A.1", "A.2", "B.1") with its name and weight in C; areas
and Hasil indicators belong to the innermost part. Areas are numbered through the whole version, so
each area keeps one number on the assessment's pages. Where two options of a question read the same, the
other year's block is consulted for the differing text (the 2015 block of the 14/2014 workbook
repeats option A as D on 7.3.b). Every row problem is collected; any error imports nothing.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl.utils import get_column_letter

from core import pending, spreadsheets
from pmprb.loading import WorksheetError, load_version_data
from pmprb.models import WorksheetVersion

ANSWER_TYPES = {"Y/T": "YT", "A/B/C": "ABC", "A/B/C/D": "ABCD", "A/B/C/D/E": "ABCDE", "%": "PERSEN", "PERSEN": "PERSEN"}
CHILD_NUMERAL = re.compile(r"^([A-Z])\.(\d+)\.?$")
ANSWER_VALUES = {
    "YT": [("Y", "1"), ("T", "0")],
    "ABC": [("A", "1"), ("B", "0.5"), ("C", "0")],
    "ABCD": [("A", "1"), ("B", "0.67"), ("C", "0.33"), ("D", "0")],
    "ABCDE": [("A", "1"), ("B", "0.75"), ("C", "0.5"), ("D", "0.25"), ("E", "0")],
}  # the worksheet's standard score formula (K10 of the 14/2014 workbook)
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
WEIGHT_SUFFIX = re.compile(r"\s*\(([\d.,]+)\)\s*$")
OPTION_START = re.compile(r"^\s*([a-e])\.\s?", re.MULTILINE)
RANGE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*-\s*(\d+(?:[.,]\d+)?)\s*$")
MULTIPLY = re.compile(r"\*K(\d+)")
ZERO_IF = re.compile(r'IF\(J(\d+)="Tidak",0,IF\(')  # not the Y/T branch IF(Jn="Tidak",0,"Error")
OWN_TYPE = re.compile(r"^=IF\(I(\d+)=")
LEVEL = re.compile(r'IF\(J\d+="([^"]+)",([\d.]+)')


DUPLICATE_OPTION = _lazy(
    "%(code)s: pilihan %(letter)s sama dengan pilihan lain; teks diambil dari blok tahun lainnya: '%(text)s'."
)


class ImportError_(Exception):  # noqa: N801 - not the builtin
    pass


Problem = spreadsheets.Problem  # a problem of the workbook: sheet, row, column (where known), message


@dataclass
class Preview:
    """What the workbook would become: the fixture-format data, counts, and every row's problems."""

    data: dict
    errors: list[spreadsheets.Problem] = field(default_factory=list)
    warnings: list[spreadsheets.Problem] = field(default_factory=list)

    @property
    def components(self) -> list[dict]:
        return self.data["components"]

    @property
    def parts(self) -> list[tuple[int, dict]]:
        """Every component and part, depth first, with its depth."""
        found: list[tuple[int, dict]] = []

        def walk(component: dict, depth: int) -> None:
            found.append((depth, component))
            for child in component.get("children", []):
                walk(child, depth + 1)

        for component in self.components:
            walk(component, 0)
        return found

    @property
    def areas(self) -> list[dict]:
        return [area for _depth, component in self.parts for area in component.get("areas", [])]

    @property
    def questions(self) -> list[dict]:
        return [q for area in self.areas for s in area["subareas"] for q in s["questions"]]

    @property
    def indicators(self) -> list[dict]:
        return [i for _depth, component in self.parts for i in component.get("indicators", [])]

    @property
    def answer_type_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for question in self.questions:
            counts[question["answer_type"]] = counts.get(question["answer_type"], 0) + 1
        return counts


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return None


def _split_weight(text: str) -> tuple[str, Decimal | None]:
    match = WEIGHT_SUFFIX.search(text)
    if not match:
        return text.strip(), None
    return text[: match.start()].strip(), _decimal(match.group(1))


def _options(text: str) -> list[str]:
    """'a. x\\nb. y' -> ['x', 'y'] (each option's text as written, trailing spaces removed)."""
    starts = list(OPTION_START.finditer(text))
    return [
        text[match.end() : starts[index + 1].start() if index + 1 < len(starts) else len(text)].strip()
        for index, match in enumerate(starts)
    ]


FORMULA_OFFSET = 3  # column K, the score formula: the one column read as a formula


class _Reader:
    """Reads the first year block of the sheet, row by row, into the fixture format."""

    def __init__(self, sheet) -> None:
        self.sheet = sheet
        self.refused_cells: set[str] = set()
        self.sheet_name = sheet.title.strip()
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.header_row, self.col, self.other_offset = self._find_columns()
        self.question_rows: dict[int, dict] = {}
        self.area_count = 0
        self.codes: set[str] = set()

    def _find_columns(self) -> tuple[int, int, int | None]:
        for row in self.sheet.iter_rows(min_row=1, max_row=30):
            found = [cell.column for cell in row if _text(cell.value).upper() == "PENJELASAN"]
            if found:
                return row[0].row, found[0], (found[1] - found[0]) if len(found) > 1 else None
        raise ImportError_(_("Kolom 'PENJELASAN' tidak ditemukan: ini bukan lembar kerja LKE yang dikenal."))

    def cell(self, row: int, offset: int):
        """The value `offset` columns from column H (PENJELASAN) of the first block.

        The workbook is opened with formulas (column K's are read as such), so a formula or its error
        anywhere else would be read as its text: it is refused, never taken for the structure."""
        cell = self.sheet.cell(row=row, column=self.col + offset)
        if offset == FORMULA_OFFSET or cell.data_type not in ("f", "e"):
            return cell.value
        if cell.coordinate not in self.refused_cells:
            self.refused_cells.add(cell.coordinate)
            self.error(
                row,
                _(
                    "sel %(cell)s berisi rumus; struktur LKE dibaca dari teks dan angka yang tertulis: "
                    "ganti rumus dengan nilainya."
                )
                % {"cell": cell.coordinate},
                offset,
            )
        return None

    def error(self, row: int, message: str, offset: int | None = None) -> None:
        """A row's problem; `offset` from column H (PENJELASAN) names the column."""
        self.errors.append(Problem(self.sheet_name, row, self._letter(offset), message))

    def warn(self, row: int, message: str, offset: int | None = None) -> None:
        self.warnings.append(Problem(self.sheet_name, row, self._letter(offset), message))

    def _letter(self, offset: int | None) -> str:
        return "" if offset is None else get_column_letter(self.col + offset)

    def read(self) -> list[dict]:
        components: list[dict] = []
        component = top = area = subarea = group = None
        for row in range(self.header_row + 1, self.sheet.max_row + 1):
            b, c, d, e, f = (_text(self.cell(row, offset)) for offset in (-6, -5, -4, -3, -2))
            if b.upper().startswith(("TOTAL", "NILAI")):
                continue
            child = CHILD_NUMERAL.match(b.upper())
            if child and c:  # A.1 PEMENUHAN (20): a part of component A
                if top is None or top["numeral"] != child.group(1):
                    self.error(
                        row, _("bagian %(n)s tanpa komponen %(c)s di atasnya.") % {"n": b, "c": child.group(1)}, -6
                    )
                    continue
                component = self._component(row, c, parent=top)
                top["children"].append(component)
                area = subarea = group = None
            elif b and c:  # A. PROSES (60)
                component = top = self._component(row, c)
                top["numeral"] = b.rstrip(".").upper()
                components.append(component)
                area = subarea = group = None
            elif component is None:
                continue
            elif c and d:  # I. AREA (5), or a Hasil group
                name, weight = _split_weight(d)
                if component["is_hasil"]:
                    group = {"number": c, "name": name, "weight": self._weight(row, name, weight), "indicators": []}
                    component.setdefault("groups", []).append(group)
                else:
                    area = self._area(row, c, name, weight, len(component["areas"]) + 1)
                    component["areas"].append(area)
                subarea = None
            elif d and e:  # 1 Sub-area (1), or a Hasil indicator
                name, weight = _split_weight(e)
                if component["is_hasil"]:
                    component["indicators"].append(self._indicator(row, d, name, weight, group))
                elif area is None:
                    self.error(row, _("sub-area di luar area."), -3)
                else:
                    subarea = {
                        "code": f"{area['number']}.{len(area['subareas']) + 1}",
                        "name": name,
                        "weight": self._weight(row, name, weight),
                        "questions": [],
                    }
                    area["subareas"].append(subarea)
            elif f and not component["is_hasil"]:  # a. Question
                if subarea is None:
                    self.error(row, _("pertanyaan di luar sub-area."), -2)
                    continue
                subarea["questions"].append(self._question(row, e, f, subarea))
        self._rules()
        for component in components:
            _strip_reading_keys(component)
        return components

    def _component(self, row: int, text: str, parent: dict | None = None) -> dict:
        name, weight = _split_weight(text)
        upper = name.upper()
        if parent is not None:
            code = slugify(name).replace("-", "_")[:36] or f"bagian_{row}"
            if code in self.codes:  # two themes may each have a "Strategi Pelaksanaan"
                code = f"{code}_{row}"
        else:
            code = "hasil" if "HASIL" in upper else "pengungkit" if upper in {"PROSES", "PENGUNGKIT"} else slugify(name)
        self.codes.add(code)
        if weight is None:
            self.error(row, _("bobot komponen %(name)s tidak tertulis '(n)'.") % {"name": name}, -5)
        is_hasil = parent["is_hasil"] if parent is not None else code == "hasil"
        return {
            "code": code,
            "name": name,
            "weight": weight,
            "areas": [],
            "indicators": [],
            "children": [],
            "is_hasil": is_hasil,
        }

    def _weight(self, row: int, name: str, in_name: Decimal | None) -> Decimal | None:
        column = _decimal(self.cell(row, -1))
        if column is None and in_name is None:
            self.error(row, _("bobot %(name)s kosong.") % {"name": name}, -1)
        elif column is not None and in_name is not None and column != in_name:
            self.error(
                row,
                _("bobot %(name)s di kolom (%(col)s) berbeda dengan di nama (%(text)s).")
                % {"name": name, "col": column, "text": in_name},
                -1,
            )
        return column if column is not None else in_name

    def _area(self, row: int, numeral: str, name: str, weight, position: int) -> dict:
        """An area, numbered through the whole version (its numeral counts within its component)."""
        if ROMAN.get(numeral.rstrip(".").upper()) != position:
            self.warn(row, _("nomor area %(n)s tidak berurutan.") % {"n": numeral}, -5)
        self.area_count += 1
        return {"number": self.area_count, "name": name, "weight": self._weight(row, name, weight), "subareas": []}

    def _question(self, row: int, letter: str, text: str, subarea: dict) -> dict:
        raw_type = _text(self.cell(row, 1))
        answer_type = ANSWER_TYPES.get(raw_type.replace(" ", ""))
        letter = letter.rstrip(".").lower() or "abcdefghijklmnopqrstuvwxyz"[len(subarea["questions"])]
        question = {
            "code": f"{subarea['code']}.{letter}",
            "text": text,
            "answer_type": answer_type or "",
            "criteria": "",
            "options": [],
        }
        if answer_type is None:
            self.error(row, _("jenis jawaban '%(t)s' tidak dikenal.") % {"t": raw_type or "—"}, 1)
            return question
        explanation = _text(self.cell(row, 0))
        if answer_type == "PERSEN":  # answered with a number 0–100; column H is its criterion
            question["criteria"] = explanation
            self.question_rows[row] = question
            return question
        values = ANSWER_VALUES[answer_type]
        if answer_type == "YT":
            question["criteria"] = explanation
            question["options"] = [
                {"code": "Y", "text": "Ya", "value": "1"},
                {"code": "T", "text": "Tidak", "value": "0"},
            ]
        else:
            texts = self._option_texts(row, explanation, question["code"])
            if len(texts) != len(values):
                self.error(
                    row,
                    _("%(code)s: %(n)s teks pilihan untuk jenis %(t)s.")
                    % {"code": question["code"], "n": len(texts), "t": raw_type},
                    0,
                )
            question["options"] = [
                {"code": code, "text": texts[i] if i < len(texts) else "", "value": value}
                for i, (code, value) in enumerate(values)
            ]
        self.question_rows[row] = question
        return question

    def _option_texts(self, row: int, explanation: str, code: str) -> list[str]:
        texts = _options(explanation)
        duplicated = len(set(texts)) < len(texts)
        if duplicated and self.other_offset:
            other = _options(_text(self.cell(row, self.other_offset)))
            if len(other) == len(texts) and len(set(other)) == len(other):
                seen = set()
                for index, text in enumerate(texts):
                    if text in seen:
                        texts[index] = other[index]
                        values = {"code": code, "letter": "ABCDE"[index], "text": other[index]}
                        self.warn(row, DUPLICATE_OPTION % values, 0)
                    seen.add(text)
                return texts
        if duplicated:
            self.error(row, _("%(code)s: dua pilihan jawaban bertuliskan sama.") % {"code": code}, 0)
        return texts

    def _indicator(self, row: int, number: str, name: str, weight, group: dict | None) -> dict:
        raw_input = _text(self.cell(row, 1))
        indicator = {
            "code": slugify(name)[:40] or f"indikator-{row}",
            "name": name,
            "weight": self._weight(row, name, weight),
            "guidance": _text(self.cell(row, 0)),
            "input_range": None,
            "levels": None,
            "formula": "",
        }
        if group is not None:
            group["indicators"].append(indicator["code"])
        match = RANGE.match(raw_input)
        formula = _text(self.cell(row, 3))
        if match:
            indicator["input_range"] = [_decimal(match.group(1)), _decimal(match.group(2))]
        elif LEVEL.search(formula):
            shorts = [part.strip() for part in raw_input.split("/")]
            levels = LEVEL.findall(formula)
            indicator["levels"] = [
                {"code": _level_code(shorts[i] if i < len(shorts) else label), "label": label, "score": score}
                for i, (label, score) in enumerate(levels)
            ]
        else:
            self.error(
                row, _("masukan '%(t)s' untuk %(name)s tidak dikenal.") % {"t": raw_input or "—", "name": name}, 1
            )
        return indicator

    def _rules(self) -> None:
        """The worksheet's own dependencies, read from the score formulas (column K)."""
        for row, question in self.question_rows.items():
            formula = _text(self.cell(row, 3))
            own = OWN_TYPE.match(formula)
            if own and int(own.group(1)) != row:
                self.warn(
                    row,
                    _("%(code)s: rumus nilai membaca baris %(other)s, bukan barisnya sendiri; dipakai nilai standar.")
                    % {"code": question["code"], "other": own.group(1)},
                    3,
                )
            multiply = MULTIPLY.search(formula)
            zero = next((m for m in ZERO_IF.finditer(formula) if int(m.group(1)) != row), None)
            if multiply and int(multiply.group(1)) in self.question_rows:
                other = self.question_rows[int(multiply.group(1))]
                question["sheet_rule"] = {"kind": "multiply_by_value_of", "question": other["code"]}
            elif zero and int(zero.group(1)) in self.question_rows:
                other = self.question_rows[int(zero.group(1))]
                rule = {"kind": "zero_if", "question": other["code"], "answer": "T"}
                if other["answer_type"] != "YT":  # the sheet tests for "Tidak" on a question that cannot say it
                    rule["effective"] = False
                question["sheet_rule"] = rule


def _strip_reading_keys(component: dict) -> None:
    """Drop what only the reader needed (the numeral, the Hasil flag) before the data is loaded."""
    component.pop("numeral", None)
    component.pop("is_hasil", None)
    for child in component.get("children", []):
        _strip_reading_keys(child)


def _level_code(short: str) -> str:
    compact = short.replace(" ", "")
    if compact.isupper() and len(compact) <= 8:
        return compact
    return slugify(short)[:20].upper() or "X"


def _whole(message: str) -> spreadsheets.Problem:
    """A problem of the workbook as a whole (no sheet, row or column)."""
    return Problem("", None, "", message)


def preview_workbook(handle) -> Preview:
    """Parse the workbook (a path or file object) without writing anything."""
    try:
        workbook = spreadsheets.open_workbook(handle, data_only=False, read_only=False)
    except spreadsheets.UnreadableWorkbook as exc:
        problems = [p.as_problem() for p in exc.problems] or [_whole(str(exc))]
        return Preview({"components": []}, problems)
    sheet = workbook.worksheets[0]
    try:
        reader = _Reader(sheet)
        components = reader.read()
    except ImportError_ as exc:
        return Preview({"components": []}, [_whole(str(exc))])
    preview = Preview({"components": components}, reader.errors, reader.warnings)
    if not preview.questions:
        preview.errors.append(_whole(_("Tidak ada pertanyaan yang terbaca.")))
    return preview


@transaction.atomic
def import_workbook(handle, meta: dict) -> tuple[WorksheetVersion | None, Preview]:
    """Create a DRAFT version from the workbook, all or nothing. `meta`: code, name, regulation, source,
    first_year, last_year, predicate_scale. Returns (None, preview) when the workbook has errors."""
    preview = preview_workbook(handle)
    if WorksheetVersion.objects.filter(code=meta["code"]).exists():
        preview.errors.append(_whole(_("Kode versi %(code)s sudah dipakai.") % {"code": meta["code"]}))
    if preview.errors:
        return None, preview
    data = {
        "version": {
            **meta,
            "years": {"first": meta.get("first_year"), "last": meta.get("last_year")},
            "total_weight": sum((c["weight"] or 0 for c in preview.components), Decimal(0)),
        },
        "components": preview.components,
    }
    try:
        version = load_version_data(data, publish=False)
    except WorksheetError as exc:
        transaction.set_rollback(True)
        preview.errors.append(_whole(str(exc)))
        return None, preview
    return version, preview


@transaction.atomic
def import_official(handle, meta: dict) -> tuple[WorksheetVersion | None, Preview]:
    """Import a year's official workbook and make it usable at once, or keep nothing: a workbook whose
    version could not be published (unknown scale, empty sub-areas …) leaves no draft behind."""
    from pmprb.versions import publish_problems

    version, preview = import_workbook(handle, meta)
    if version is None:
        return None, preview
    problems = publish_problems(version)
    if problems:
        transaction.set_rollback(True)
        preview.errors += [_whole(problem) for problem in problems]
        return None, preview
    version.is_published = True
    version.save(update_fields=["is_published"])
    return version, preview


# -- upload → preview → apply (pmprb/views.py import_lke, pmprb/admin.py WorksheetVersionAdmin) ---------

OFFICIAL_KIND = "pmprb.lke-official"  # the evaluator's import of a year's official LKE, usable at once
DRAFT_KIND = "pmprb.lke-draft"  # the admin's import as a draft version


def preview_pending(user, kind: str, upload, token: str) -> tuple[Preview, str]:
    """The preview of a new upload (kept as the user's pending upload of `kind`, replacing the earlier one)
    or, without one, of the pending upload `token` names (the form's details may change between the two).
    (preview, token); pending.NotFound when there is neither."""
    if upload is not None:
        token = pending.store(user, kind, upload).token
    kept = pending.get(user, kind, token)
    with kept.file.open("rb") as handle:
        return preview_workbook(handle), token


def import_pending(user, kind: str, token: str, meta: dict) -> tuple[WorksheetVersion | None, Preview]:
    """Import the user's previewed workbook, all or nothing: published at once for OFFICIAL_KIND (see
    import_official), a draft for DRAFT_KIND. The pending upload is gone afterwards, imported or not.
    pending.NotFound for a token not the user's or expired."""
    with pending.take(user, kind, token) as kept, kept.file.open("rb") as handle:
        return (import_official if kind == OFFICIAL_KIND else import_workbook)(handle, meta)


def official_meta(data: dict) -> dict:
    """The version details of an official LKE from the evaluator's form (pmprb.forms.LkeImportForm)."""
    stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
    return {
        "code": f"lke-resmi-{data['year']}-{stamp}",
        "name": data["name"],
        "regulation": data["regulation"],
        "first_year": data["first_year"],
        "last_year": data["last_year"],
        "predicate_scale": data["predicate_scale"].code,
        "source": _("Impor lembar kerja resmi KemenPAN-RB"),
    }


def draft_meta(data: dict) -> dict:
    """The version details of a draft from the admin's form (pmprb.admin.ImportForm)."""
    meta = {key: data[key] for key in ("code", "name", "regulation", "first_year", "last_year", "predicate_scale")}
    meta["predicate_scale"] = meta["predicate_scale"] or ""
    meta["source"] = _("Impor lembar kerja resmi")
    return meta
