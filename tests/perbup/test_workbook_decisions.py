"""The Pemda's decisions in the roadmap workbook: who reports each indicator (with the reason) and which results
are annual travel with the roadmap, into the records the admin edits, never into the regulation's OPD links."""

import io
from collections.abc import Callable

import pytest
from django.db.models import Q
from openpyxl import load_workbook

from indicators.models import AssignmentChange, Indicator, IndicatorOPD, Periodicity, ReportingAssignment
from perbup.workbook import WorkbookError, export_workbook, import_workbook, parse_workbook
from roadmap.models import OPD, Roadmap

COPY = {"nomor": 98, "judul": "Salinan uji penetapan Pemda"}


def edited(roadmap: Roadmap, edit: Callable) -> io.BytesIO:
    """The roadmap's workbook after `edit(book)`, as an upload."""
    book = load_workbook(io.BytesIO(export_workbook(roadmap)))
    edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def column(sheet, name: str) -> int:
    return [cell.value for cell in sheet[1]].index(name) + 1


def row_of(sheet, **values) -> int:
    """The line of the first row whose cells hold `values`."""
    for line in range(2, sheet.max_row + 1):
        if all(sheet.cell(line, column(sheet, key)).value == value for key, value in values.items()):
            return line
    raise LookupError(values)


def test_the_copy_reports_like_the_original_and_keeps_the_decisions_apart(roadmap):
    copy = import_workbook(parse_workbook(io.BytesIO(export_workbook(roadmap)), overrides=COPY)).roadmap
    indicators = list(Indicator.objects.in_roadmap(copy.pk).with_targets())
    assert len(indicators) == 52 and [i for i in indicators if not i.responsible_opds()] == []
    lppd = next(i for i in indicators if i.focus_item.section_code == "2.f")
    assert [o.short_name for o in lppd.assigned_opds()] == ["Bagian Pemerintahan"]
    assert not OPD.objects.get(short_name="Bagian Pemerintahan").named_in_perbup  # the Pemda's, not the Perbup's
    assert lppd.is_annual and "EKPPD" in lppd.periodicity_note
    original = ReportingAssignment.objects.filter(indicator__focus_item__priority__roadmap=roadmap)
    copied = ReportingAssignment.objects.filter(indicator__focus_item__priority__roadmap=copy)
    key = lambda a: (a.indicator.focus_item.section_code, a.indicator.order, a.opd_id, a.position, a.reason)  # noqa: E731
    assert sorted(map(key, copied)) == sorted(map(key, original)) and copied.count() > 40
    # the regulation's own links carry only what it prints
    regulation = IndicatorOPD.objects.filter(indicator__focus_item__priority__roadmap=copy).count()
    assert regulation == IndicatorOPD.objects.filter(indicator__focus_item__priority__roadmap=roadmap).count()
    history = AssignmentChange.objects.filter(indicator__focus_item__priority__roadmap=copy)
    assert set(history.values_list("action", flat=True)) == {AssignmentChange.Action.IMPORTED}
    # a quick win's reporters point at the copy's own quick win row
    assert {a.quick_win.roadmap_id for a in copied if a.quick_win} == {copy.pk}


def test_the_decisions_are_on_their_own_sheets_marked_as_the_pemdas(roadmap):
    book = load_workbook(io.BytesIO(export_workbook(roadmap)))
    sheet = book["Penanggung Jawab Data"]
    assert "PENETAPAN PEMDA" in " ".join(str(c.value) for c in book["Petunjuk"]["A"])
    line = row_of(sheet, bagian="2.a", urutan=1, opd="Inspektorat")
    assert sheet.cell(line, column(sheet, "alasan")).value
    opds = book["OPD"]
    assert opds.cell(row_of(opds, nama_singkat="Bagian Pemerintahan"), column(opds, "disebut_peraturan")).value == (
        "tidak"
    )
    assert opds.cell(row_of(opds, nama_singkat="Inspektorat"), column(opds, "disebut_peraturan")).value == "ya"
    periods = book["Periode Hasil"]
    assert periods.max_row - 1 == 52
    assert periods.cell(row_of(periods, bagian="2.f", urutan=1), column(periods, "periode")).value == "tahunan"


def break_decisions(book) -> None:
    people = book["Penanggung Jawab Data"]
    people.cell(2, column(people, "opd"), "Dinas Tidak Ada")
    people.cell(3, column(people, "alasan")).value = None  # cell(..., None) would leave the value
    people.cell(4, column(people, "indikator"), "Indikator yang lain")
    people.cell(5, column(people, "urutan"), 77)
    periods = book["Periode Hasil"]
    periods.cell(2, column(periods, "periode"), "bulanan")
    line = row_of(periods, periode="semester")
    periods.cell(line, column(periods, "periode"), "tahunan")
    periods.cell(line, column(periods, "alasan")).value = None
    opds = book["OPD"]
    opds.cell(row_of(opds, nama_singkat="Inspektorat"), column(opds, "disebut_peraturan"), "tidak")


def test_every_bad_decision_cell_is_named_and_nothing_is_written(roadmap):
    parsed = parse_workbook(edited(roadmap, break_decisions), overrides=COPY)
    found = {(p.sheet, p.column) for p in parsed.problems}
    assert {
        ("Penanggung Jawab Data", "opd"),
        ("Penanggung Jawab Data", "alasan"),
        ("Penanggung Jawab Data", "indikator"),
        ("Penanggung Jawab Data", "urutan"),
        ("Periode Hasil", "periode"),
        ("Periode Hasil", "alasan"),
    } <= found
    # Inspektorat is named on regulation rows, so it cannot be marked as named by the Pemda only
    marked = [p for p in parsed.problems if "Inspektorat" in p.message and "tidak disebut" in p.message]
    assert marked and {p.sheet for p in marked} <= {"Butir Fokus", "Indikator", "Rencana Aksi", "Quick Wins"}
    before = (Roadmap.objects.count(), ReportingAssignment.objects.count(), AssignmentChange.objects.count())
    with pytest.raises(WorkbookError):
        import_workbook(parsed)
    assert (Roadmap.objects.count(), ReportingAssignment.objects.count(), AssignmentChange.objects.count()) == before


def test_an_opd_marked_as_not_the_regulations_never_demotes_one_a_regulation_names(roadmap):
    in_rows = OPD.objects.filter(
        Q(focus_items__isnull=False)
        | Q(indicators__isnull=False)
        | Q(activities__isnull=False)
        | Q(quick_wins__isnull=False)
    )
    spare = OPD.objects.filter(named_in_perbup=True).exclude(pk__in=in_rows).first()  # named in the text only
    assert spare is not None

    def demote(book) -> None:
        opds = book["OPD"]
        opds.cell(row_of(opds, nama_singkat=spare.short_name), column(opds, "disebut_peraturan"), "tidak")

    parsed = parse_workbook(edited(roadmap, demote), overrides=COPY)
    assert parsed.problems == []
    import_workbook(parsed)
    spare.refresh_from_db()
    assert spare.named_in_perbup  # Perbup 15/2019 names it, whatever the copy says


def test_a_reimport_states_the_whole_decision_and_keeps_its_history(roadmap):
    indicator = Indicator.objects.in_roadmap(roadmap.pk).get(focus_item__code="a", focus_item__priority__number=2)

    def move_opinion_to_inspektorat_only(book) -> None:
        people = book["Penanggung Jawab Data"]
        people.delete_rows(row_of(people, bagian="2.a", urutan=1, opd="BKD"))
        line = row_of(people, bagian="2.a", urutan=1, opd="Inspektorat")
        people.cell(line, column(people, "alasan"), "Opini BPK dilaporkan Inspektorat saja (uji).")
        periods = book["Periode Hasil"]
        periods.cell(row_of(periods, bagian="2.a", urutan=1), column(periods, "periode"), "semester")

    upload = edited(roadmap, move_opinion_to_inspektorat_only).getvalue()
    parsed = parse_workbook(io.BytesIO(upload))
    assert parsed.problems == []
    report = import_workbook(parsed)
    assert report.roadmap == roadmap
    assert [(a.opd.short_name, a.position) for a in indicator.assignments.all()] == [("Inspektorat", 1)]
    indicator.refresh_from_db()
    assert indicator.periodicity == Periodicity.SEMESTER
    actions = {(c.opd.short_name, c.action) for c in indicator.assignment_changes.all()}
    assert {("BKD", AssignmentChange.Action.REMOVED), ("Inspektorat", AssignmentChange.Action.IMPORTED)} <= actions
    # the same workbook again changes nothing
    again = import_workbook(parse_workbook(io.BytesIO(upload)))
    assert not any(name.startswith("penetapan") and count for name, count in again.updated.items())


def test_a_workbook_saved_before_the_decision_sheets_imports_and_changes_no_decision(roadmap):
    def old_format(book) -> None:
        for name in ("Penanggung Jawab Data", "Periode Hasil"):
            del book[name]
        book["OPD"].delete_cols(column(book["OPD"], "disebut_peraturan"))
        book["OPD"].delete_rows(row_of(book["OPD"], nama_singkat="Bagian Pemerintahan"))  # not on the old sheet

    before = sorted(ReportingAssignment.objects.values_list("indicator_id", "opd_id", "reason"))
    parsed = parse_workbook(edited(roadmap, old_format))
    assert parsed.problems == []
    import_workbook(parsed)
    assert sorted(ReportingAssignment.objects.values_list("indicator_id", "opd_id", "reason")) == before
