"""load_perbup is idempotent, and a broken fixture changes nothing and says where it broke."""

import json
import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from actionplan.models import Activity
from indicators.models import Target
from perbup.loader import FixtureError, load_perbup
from roadmap.models import Roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixture_copy(tmp_path):
    directory = tmp_path / "fixtures"
    shutil.copytree(settings.PERBUP_FIXTURES_DIR, directory)
    return directory


def edit(directory, filename, change) -> None:
    path = directory / filename
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_loading_again_changes_nothing():
    report = load_perbup(settings.PERBUP_FIXTURES_DIR)
    assert report.changes == 0
    assert sum(report.unchanged.values()) > 500


def test_command_says_what_it_loaded():
    out = StringIO()
    call_command("load_perbup", stdout=out)
    assert "52 indikator, 137 baris rencana aksi, 10 program, 11 quick win" in out.getvalue()
    assert "0 perubahan" in out.getvalue()


def test_a_changed_fixture_value_updates_that_row_only(fixture_copy):
    edit(fixture_copy, "indicators.json", lambda data: data["rows"][0]["targets"].update({"2019": "82,6"}))
    report = load_perbup(fixture_copy)
    assert dict(report.updated) == {"target": 1}
    assert Target.objects.get(indicator__source_line=760, year=2019).raw_text == "82,6"


def test_a_broken_row_rolls_everything_back_and_names_file_and_row(fixture_copy):
    edit(fixture_copy, "roadmap.json", lambda data: data["roadmap"].update({"title": "Judul baru"}))
    edit(fixture_copy, "rencana_aksi.json", lambda data: data["rows"][4].update({"opd": ["Dinas Rekaan"]}))
    with pytest.raises(FixtureError) as error:
        load_perbup(fixture_copy)
    message = str(error.value)
    assert "rencana_aksi.json" in message and "entri ke-5" in message and "Dinas Rekaan" in message
    assert Roadmap.objects.get().title != "Judul baru"


def test_an_unparseable_target_is_refused_with_its_year(fixture_copy):
    edit(fixture_copy, "indicators.json", lambda data: data["rows"][3]["targets"].update({"2021": "sekitar B"}))
    with pytest.raises(FixtureError, match=r"indicators.json, entri ke-4 \(baris Perbup 763\): target 2021"):
        load_perbup(fixture_copy)


def test_a_row_without_opd_is_refused(fixture_copy):
    edit(fixture_copy, "rencana_aksi.json", lambda data: data["rows"][0].update({"opd": []}))
    with pytest.raises(FixtureError, match="tanpa penanggung jawab"):
        load_perbup(fixture_copy)


def test_corrupt_json_is_reported_by_the_command_and_nothing_changes(fixture_copy):
    (fixture_copy / "programs.json").write_text("{ rusak", encoding="utf-8")
    before = Activity.objects.count()
    with pytest.raises(CommandError, match="programs.json: JSON rusak"):
        call_command("load_perbup", fixtures=fixture_copy, stdout=StringIO())
    assert Activity.objects.count() == before


def test_missing_target_years_are_refused(fixture_copy):
    edit(fixture_copy, "indicators.json", lambda data: data["rows"][0]["targets"].pop("2023"))
    with pytest.raises(FixtureError, match="target harus untuk tahun"):
        load_perbup(fixture_copy)
