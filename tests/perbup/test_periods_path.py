"""Reporting periods by the documented path (docs/roadmap-workbook.md): an imported roadmap gets its periods when
it is activated, which locks the old roadmap's open ones; `create_periods --roadmap` serves any roadmap."""

import io
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.choices import Role
from monev.models import Period
from monev.periods import activate_roadmap, ensure_periods
from perbup.workbook import export_workbook, import_workbook, parse_workbook
from roadmap.models import Roadmap
from tests import factories
from tests.perbup import synthetic


@pytest.fixture
def imported(roadmap):
    return import_workbook(parse_workbook(io.BytesIO(synthetic.synthetic_workbook()))).roadmap


def test_an_imported_roadmap_gets_its_periods_when_activated_and_the_old_ones_lock(roadmap, imported):
    ensure_periods(roadmap)
    assert not imported.is_active and not Period.objects.filter(roadmap=imported).exists()
    activate_roadmap(imported)
    assert sorted(Period.objects.filter(roadmap=imported).values_list("year", "semester")) == [
        (year, semester) for year in range(2025, 2030) for semester in (1, 2)
    ]
    assert Period.objects.filter(roadmap=roadmap).count() == 10
    assert not Period.objects.filter(roadmap=roadmap, locked_at__isnull=True).exists()  # kept, locked, readable
    assert not Period.objects.filter(roadmap=imported, locked_at__isnull=False).exists()


def test_the_active_roadmap_reimported_gets_its_missing_periods_at_once(roadmap):
    Period.objects.filter(roadmap=roadmap).delete()
    report = import_workbook(parse_workbook(io.BytesIO(export_workbook(roadmap))))
    assert report.roadmap == roadmap and report.created["periode pelaporan"] == 10
    assert Period.objects.filter(roadmap=roadmap).count() == 10


def test_create_periods_serves_a_roadmap_named_by_id_or_number_and_year(roadmap, imported):
    out = StringIO()
    call_command("create_periods", roadmap=str(imported.pk), stdout=out)
    assert Period.objects.filter(roadmap=imported).count() == 10
    assert "10 dibuat" in out.getvalue() and "belum aktif" in out.getvalue()
    out = StringIO()
    call_command("create_periods", roadmap="1/2025", stdout=out)
    assert "0 dibuat, 10 seluruhnya" in out.getvalue()
    call_command("create_periods", roadmap="15/2019", stdout=StringIO())
    assert Period.objects.filter(roadmap=roadmap).count() == 10
    call_command("create_periods", stdout=StringIO())  # the active one, as before


@pytest.mark.parametrize("reference", ["99999", "7/2031", "tahun-lalu", "15/", "1" * 40])
def test_create_periods_refuses_a_roadmap_it_cannot_find_and_creates_nothing(roadmap, reference):
    before = Period.objects.count()
    with pytest.raises(CommandError):
        call_command("create_periods", roadmap=reference, stdout=StringIO())
    assert Period.objects.count() == before


def test_the_import_tells_the_administrator_to_activate(client, roadmap, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(factories.make_user("admin_periode", Role.ADMINISTRATOR, is_staff=True))
    url = reverse("admin:roadmap_workbook_import")
    preview = client.post(url, {"file": SimpleUploadedFile("baru.xlsx", synthetic.synthetic_workbook())})
    response = client.post(url, {"apply": "1", "token": preview.context["token"]})
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Aktifkan untuk pelaporan" in text for text in texts)
    new = Roadmap.objects.get(number=1, year=2025)
    assert not Period.objects.filter(roadmap=new).exists()
