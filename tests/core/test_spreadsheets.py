"""The one spreadsheet writer: text stays text, formulas never run, refused characters never crash."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core import spreadsheets
from tests import factories

HOSTILE = ["=1+1", "+62 812", "-satu", "@SUM(A1)", "\tTAB", "'kutip", "''dua"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_looks_like_a_formula_is_quoted_and_restored(text):
    written = spreadsheets.cell_value(text)
    assert written.startswith("'")
    assert spreadsheets.text_from_cell(written) == text


@pytest.mark.parametrize("text", ["biasa", "82,5", "K-12", "", "a=b"])
def test_ordinary_text_is_written_unchanged(text):
    assert spreadsheets.cell_value(text) == text
    assert spreadsheets.text_from_cell(text) == text


def test_refused_characters_are_removed_and_line_ends_unified():
    assert spreadsheets.cell_value("a\x00b\x01c\x1fd\x7f\ufffe") == "abcd"
    assert spreadsheets.cell_value("baris\r\nbaru\tkolom") == "baris\nbaru\tkolom"
    assert spreadsheets.cell_value("\r=1+1") == "\n=1+1"  # a leading carriage return is a newline


def test_numbers_dates_and_empty_cells_keep_their_type():
    when = datetime(2023, 7, 1, 1, 0, tzinfo=UTC)
    assert spreadsheets.cell_value(Decimal("1.5")) == Decimal("1.5")
    assert spreadsheets.cell_value(-3) == -3
    assert spreadsheets.cell_value(float("nan")) is None
    assert spreadsheets.cell_value(None) is None
    assert spreadsheets.cell_value(when) == datetime(2023, 7, 1, 8, 0)  # Asia/Jakarta, no zone


def test_workbook_cells_are_text_never_formulas():
    content = spreadsheets.xlsx_bytes(["Judul"], [[text] for text in HOSTILE] + [["x\x01y"], [7]])
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [sheet.cell(row=r, column=1) for r in range(2, sheet.max_row + 1)]
    assert all(cell.data_type != "f" for cell in cells)
    assert [spreadsheets.text_from_cell(c.value) for c in cells[: len(HOSTILE)]] == HOSTILE
    assert cells[-2].value == "xy" and cells[-1].value == 7


def test_csv_cells_are_neutralised():
    rows = list(csv.reader(io.StringIO(spreadsheets.csv_bytes(["Judul"], [["=1+1"], ["@x"], ["biasa"]]).decode())))
    assert rows == [["Judul"], ["'=1+1"], ["'@x"], ["biasa"]]


@pytest.fixture
def periods(db):
    from monev.periods import ensure_periods

    ensure_periods(factories.perbup_roadmap())


@pytest.fixture
def hostile_report(periods, operator_a, open_period, activity_a):
    """A report on a kegiatan whose text (an approved OPD proposal, or an admin edit) is hostile."""
    activity_a.kegiatan = '=HYPERLINK("http://contoh.test","klik")\x01\x02'
    activity_a.save()
    return factories.report(operator_a, open_period, activity_a, submit=True)


def exported_cells(response, export: str) -> list:
    """Every body cell of a download, as (value, openpyxl data type) pairs."""
    if export == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        return [(cell.value, cell.data_type) for row in sheet.iter_rows(min_row=2) for cell in row]
    rows = list(csv.reader(io.StringIO(response.content.decode())))[1:]
    return [(value, "s") for row in rows for value in row]


@pytest.mark.parametrize("export", ["xlsx", "csv"])
def test_queue_exports_do_not_break_on_control_characters(client, hostile_report, verifier, export):
    client.force_login(verifier)
    response = client.get(reverse("monev:verification_queue"), {"status": "submitted", "_export": export})
    assert response.status_code == 200
    cells = exported_cells(response, export)
    label = next(value for value, _type in cells if "HYPERLINK" in str(value))
    assert "\x01" not in label and all(data_type != "f" for _value, data_type in cells)


@pytest.mark.parametrize("export", ["xlsx", "csv"])
def test_dashboard_exports_write_formula_like_text_as_quoted_text(client, hostile_report, verifier, export):
    client.force_login(verifier)
    response = client.get(reverse("dashboards:activity_list"), {"periode": hostile_report.period_id, "_export": export})
    assert response.status_code == 200
    cells = exported_cells(response, export)
    assert ('\'=HYPERLINK("http://contoh.test","klik")', "s") in cells
    assert all(data_type != "f" for _value, data_type in cells)
