"""No browser-native English on the working pages: the page's language is Indonesian, file fields carry
their own Indonesian button, the server (not the browser) says what is wrong, dates are dd/mm/yyyy."""

import datetime
import pathlib
import re

from django.conf import settings
from django.urls import reverse

from pmprb.forms import FindingForm
from tests import factories

TEMPLATES = pathlib.Path(settings.BASE_DIR) / "templates"


def test_every_form_leaves_validation_to_the_server():
    """The browser's own messages ('Please fill out this field.') follow the browser's language."""
    browser_checked = [
        f"{path.relative_to(TEMPLATES)}: {tag[:60]}"
        for path in TEMPLATES.rglob("*.html")
        for tag in re.findall(r"<form\b[^>]*>", path.read_text())
        if "novalidate" not in tag
    ]
    assert browser_checked == []


def test_the_report_page_is_indonesian_with_its_own_file_button(client, operator_a, open_period, activity_a):
    report = factories.report(operator_a, open_period, activity_a)
    client.force_login(operator_a)
    html = client.get(report.get_absolute_url()).content.decode()
    assert '<html lang="id">' in html
    files_id = re.search(r'<input type="file" name="files" id="([^"]+)"', html).group(1)
    assert re.search(rf'<label class="btn[^"]*file-picker-button" for="{files_id}">.*Pilih berkas', html)
    assert all("novalidate" in tag for tag in re.findall(r"<form\b[^>]*>", html))


def test_the_excel_upload_has_its_own_file_button(client, operator_a, open_period):
    client.force_login(operator_a)
    html = client.get(reverse("monev:excel_upload", args=[open_period.pk])).content.decode()
    assert 'class="file-picker"' in html and "Pilih berkas" in html and "Belum ada berkas dipilih." in html


def test_dates_are_typed_and_shown_day_first():
    form = FindingForm(data={"due_date": "31/12/2024"})
    form.is_valid()
    assert "due_date" not in form.errors and form.cleaned_data["due_date"] == datetime.date(2024, 12, 31)
    widget = str(FindingForm(initial={"due_date": datetime.date(2024, 6, 5)})["due_date"])
    assert 'type="text"' in widget and 'value="05/06/2024"' in widget and 'placeholder="hh/bb/tttt"' in widget
    assert 'type="date"' not in widget


def test_a_month_first_date_is_refused_in_indonesian():
    form = FindingForm(data={"due_date": "12/31/2024"})
    assert not form.is_valid()
    assert form.errors["due_date"] == ["Tulis tanggal sebagai hh/bb/tttt, misalnya 31/12/2024."]
