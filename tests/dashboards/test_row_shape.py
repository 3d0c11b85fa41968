"""One row-result shape (dashboards.results.RowResult) from the period's results and the annual recap to every
surface: the tables on the pages, their .xlsx exports, the evaluation report's PDF and Excel."""

import io
from datetime import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from dashboards.pdf import _pdf_html
from dashboards.report_data import build
from dashboards.reports import render_excel
from dashboards.results import RowResult
from tests import factories
from tests.dashboards.test_dashboard import pengawasan_reports  # noqa: F401 - a fixture
from tests.dashboards.test_reports import dataset  # noqa: F401 - a fixture


def test_the_pdf_the_excel_and_the_pages_print_the_one_shape(client, verifier, dataset):  # noqa: F811
    """Every row of the report is a RowResult (no copy into another class on the way), and the PDF and the
    Excel print its properties as they are: a surface that formats a value its own way fails here."""
    for period in (None, factories.period(2023, 2)):
        data = build(dataset, period)
        data.generated_at = datetime(2024, 1, 1, 12)
        rows = data.indicator_rows + data.activity_rows
        assert rows and all(type(row) is RowResult for row in rows)
        html = _pdf_html(data)
        sheet = load_workbook(io.BytesIO(render_excel(data)))["Indikator"]
        header = [cell.value for cell in sheet[1]]
        column = {name: header.index(name) for name in header}
        cells = {line[column["Indikator"]]: line for line in sheet.iter_rows(min_row=2, values_only=True)}
        for row in data.indicator_rows:
            printed = (
                f'<td>{escape(row.data_year_text)}</td><td class="num">{escape(row.capaian_text)}</td>'
                f'<td>{escape(row.predikat_text)}</td><td class="status">{escape(row.get_status_label())}</td>'
            )
            assert printed in html, row.row.name
            line = cells[row.row.name]
            assert [line[column[name]] for name in ("Target Perbup", "Realisasi", "Predikat", "Status")] == [
                row.target_text,
                row.values_text,
                row.predikat_text,
                row.get_status_label(),
            ]
            assert line[column["Capaian (%)"]] == (None if row.capaian is None else float(row.capaian))
            assert line[column["Tahun data"]] == row.data_year

    client.force_login(verifier)
    recap = client.get(reverse("dashboards:annual"), {"tahun": 2023}).context["table"]
    listing = client.get(reverse("dashboards:indicator_list"), {"periode": factories.period(2023, 2).pk})
    table = listing.context["table_data"]()["table"]
    shown = list(recap.data) + list(table.data)
    assert shown and all(type(row) is RowResult for row in shown)


def exported(client, name: str, params: dict):
    response = client.get(reverse(f"dashboards:{name}"), {**params, "_export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    return header, {row[1].value: row for row in sheet.iter_rows(min_row=2)}


def test_the_table_exports_write_numbers_as_numbers(client, verifier, pengawasan_reports):  # noqa: F811
    """The capaian, and a target or value that prints as one number, are number cells showing as on screen;
    a text stays text (the CSV keeps every printed text: test_dashboard, test_annual)."""
    client.force_login(verifier)
    header, rows = exported(client, "indicator_list", {"periode": pengawasan_reports.pk})
    certified = dict(zip(header, rows["Persentase APIP yang bersertifikat"], strict=True))
    assert (certified["Target"].value, certified["Target"].number_format) == (61, '#,##0"%"')  # "61%"
    assert (certified["Realisasi"].value, certified["Realisasi"].number_format) == (61, '#,##0" %"')  # "61 %"
    assert (certified["Capaian (%)"].value, certified["Capaian (%)"].number_format) == (100, "#,##0.00")
    assert certified["Capaian (%)"].data_type == "n" and certified["Predikat"].data_type == "s"
    auditors = dict(zip(header, rows["Persentase pemenuhan Auditor"], strict=True))
    assert auditors["Capaian (%)"].data_type == "n"
    assert Decimal(str(auditors["Capaian (%)"].value)) == Decimal(str(auditors["Capaian (%)"].value)).quantize(
        Decimal("0.01")
    )  # the printed two decimals, on which the predikat is classified

    header, rows = exported(client, "annual", {"tahun": 2023})
    certified = dict(zip(header, rows["Persentase APIP yang bersertifikat"], strict=True))
    assert certified["Capaian (%)"].data_type == "n" and certified["Capaian (%)"].value == 100
    assert (certified["Tahun data"].value, certified["Tahun data"].number_format) == (2023, "0")
    assert certified["Realisasi terverifikasi"].value == "61 % (2023/SI)"  # where it was reported: a text
    status = dict(zip(header, next(iter(rows.values())), strict=True))["Status"]
    assert status.data_type == "s"
