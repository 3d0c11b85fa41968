"""The one workbook reader: a cell it cannot read exactly is named by sheet and cell, never read as
something else, never a crash; a file that unpacks too big is refused before openpyxl opens it."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import spreadsheets
from tests import workbooks


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("isian.xlsx", content)


def read(content: bytes, columns: int = 2) -> tuple[list[tuple], list[spreadsheets.CellProblem]]:
    workbook = spreadsheets.open_workbook(upload(content))
    try:
        return spreadsheets.read_rows(workbook, "Data", 10, columns)
    finally:
        workbook.close()


PLAIN = workbooks.xlsx([["Nama", "Nilai"], ["satu", 1], ["dua", 2]])


def test_a_plain_workbook_reads_without_problems():
    assert read(PLAIN) == ([("Nama", "Nilai"), ("satu", 1), ("dua", 2)], [])


@pytest.mark.parametrize("case", ["rumus tanpa nilai", "galat rumus"])
def test_a_cell_without_a_readable_value_is_named_not_read_as_empty(case):
    rows, problems = read(workbooks.hostile(PLAIN, case, "B3"))
    assert rows[2][1] in (None, "#DIV/0!")
    assert [(p.sheet, p.cell, p.row, p.column) for p in problems] == [("Data", "B3", 3, "B")]
    assert workbooks.EXPECTED[case] in problems[0].message
    assert str(problems[0]).startswith("Lembar 'Data' sel B3: ")


def test_a_problem_outside_the_cells_read_is_not_reported():
    content = workbooks.hostile(workbooks.xlsx([["a", "b", "c", "d", "e", "f"]], "Data"), "rumus tanpa nilai", "F1")
    assert read(content, columns=5)[1] == []
    assert [p.cell for p in read(content, columns=6)[1]] == ["F1"]


@pytest.mark.parametrize("case", ["rujukan karakter tidak sah", "NaN", "INF", "tak hingga"])
def test_a_cell_that_would_break_the_reader_refuses_the_file_naming_it(case):
    with pytest.raises(spreadsheets.UnreadableWorkbook) as refused:
        read(workbooks.hostile(PLAIN, case, "B2"))
    [problem] = refused.value.problems
    assert (problem.sheet, problem.cell) == ("Data", "B2")
    assert workbooks.EXPECTED[case] in problem.message
    assert "sel B2" in str(refused.value)


def test_an_invalid_character_in_a_shared_text_names_the_cell_using_it():
    assert read(workbooks.with_shared_text(PLAIN, "A3", "dua"))[0][2] == ("dua", 2)
    content = workbooks.with_shared_text(PLAIN, "A3", "du&#1;a")
    with pytest.raises(spreadsheets.UnreadableWorkbook) as refused:
        read(content)
    assert [(p.sheet, p.cell) for p in refused.value.problems] == [("Data", "A3")]


def test_a_small_file_that_unpacks_past_the_limit_is_refused_before_it_is_opened(settings, monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<x>" + b" " * 60_000_000 + b"</x>")
    assert len(buffer.getvalue()) < 200_000
    opened = []
    monkeypatch.setattr(spreadsheets, "load_workbook", lambda *args, **kwargs: opened.append(1))
    with pytest.raises(spreadsheets.UnreadableWorkbook, match="terlalu besar setelah dibuka"):
        spreadsheets.open_workbook(upload(buffer.getvalue()))
    assert opened == []


def test_a_part_that_unpacks_beyond_what_it_declares_is_refused(monkeypatch):
    """zipfile holds each part to its declared size (a lying directory fails its CRC check)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>" + b" " * 100_000)
    content = bytearray(buffer.getvalue())
    index = content.rfind(b"PK\x01\x02")  # the central directory's entry: declared size at +24
    content[index + 24 : index + 28] = (20).to_bytes(4, "little")
    with pytest.raises(spreadsheets.UnreadableWorkbook, match="bukan .xlsx"):
        spreadsheets.open_workbook(upload(bytes(content)))


def test_a_streaming_reader_inspects_only_the_rows_it_reads():
    """openpyxl parses the row after the last one it yields: that row is inspected too."""
    content = workbooks.hostile(workbooks.xlsx([["a", 1]] * 10 + [["b", 2]], "Data"), "NaN", "B11")
    workbook = spreadsheets.open_workbook(upload(content), max_rows=9)
    assert spreadsheets.read_rows(workbook, "Data", 9, 2)[1] == []
    with pytest.raises(spreadsheets.UnreadableWorkbook):
        spreadsheets.open_workbook(upload(content), max_rows=10)


def test_a_bad_cell_reference_refuses_the_file():
    with pytest.raises(spreadsheets.UnreadableWorkbook) as refused:
        read(workbooks.with_cell(PLAIN, "B2", '<c r="ZZZZZ2"><v>1</v></c>'))
    assert "alamat sel tidak sah" in str(refused.value)


def test_a_part_with_an_unknown_compression_is_refused_not_a_500():
    """zipfile raises NotImplementedError on it (RuntimeError on an encrypted part)."""
    content, name = bytearray(PLAIN), b"xl/worksheets/sheet1.xml"
    start = 0
    while (at := content.find(name, start)) != -1:
        for offset, signature in ((30, b"PK\x03\x04"), (46, b"PK\x01\x02")):
            if content[at - offset : at - offset + 4] == signature:  # method at +8 (local), +10 (directory)
                method = at - offset + (8 if offset == 30 else 10)
                content[method : method + 2] = (99).to_bytes(2, "little")
        start = at + 1
    with pytest.raises(spreadsheets.UnreadableWorkbook, match="bukan .xlsx"):
        read(bytes(content))
