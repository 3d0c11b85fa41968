"""The open-data document carries the Perbup's text unchanged, on the command line and at /data/roadmap.json."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from actionplan.models import Activity
from indicators.models import Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client):
    response = client.get("/data/roadmap.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content.decode("utf-8"))


def test_document_has_the_contracted_keys(document):
    assert {"roadmap", "targets", "activities", "programs", "quick_wins", "opd"} <= set(document)
    assert (document["roadmap"]["number"], document["roadmap"]["year"]) == (15, 2019)
    assert (document["roadmap"]["start_year"], document["roadmap"]["end_year"]) == (2019, 2023)
    assert document["roadmap"]["title"] == "Road Map Reformasi Birokrasi Kabupaten Pasuruan Tahun 2018 – 2023"
    target = document["targets"][0]
    assert {"section", "section_title", "sasaran", "indikator", "targets", "parsed", "direction", "opd"} <= set(target)
    activity = document["activities"][0]
    assert {
        "area_no",
        "area",
        "hasil_yang_diharapkan",
        "program",
        "subprogram_no",
        "subprogram",
        "letter",
        "kegiatan",
        "kriteria",
        "indikator_target",
        "waktu",
        "opd",
        "continuation",
        "source",
        "inferred",
    } <= set(activity)
    assert {"name", "short_name", "aliases"} <= set(document["opd"][0])


def test_every_raw_target_round_trips_unchanged(document):
    exported = {
        (row["source"]["line"], int(year)): raw for row in document["targets"] for year, raw in row["targets"].items()
    }
    stored = {(t.indicator.source_line, t.year): t.raw_text for t in Target.objects.select_related("indicator")}
    assert exported == stored
    assert len(exported) == 52 * 5


def test_every_activity_text_round_trips_unchanged(document):
    exported = {
        row["source"]["line"]: (row["kegiatan"], row["kriteria"] or "", row["indikator_target"])
        for row in document["activities"]
    }
    stored = {a.source_line: (a.kegiatan, a.criteria, a.output_target) for a in Activity.objects.all()}
    assert exported == stored


def test_parsed_targets_are_exported_beside_the_raw_text(document):
    rb = next(row for row in document["targets"] if row["indikator"] == "Indeks reformasi birokrasi")
    assert rb["targets"]["2022"] == "68 (BB)"
    assert rb["parsed"]["2022"] == {"value": "68", "unit": "", "scale": "indeks_rb", "level": "BB"}
    lppd = next(row for row in document["targets"] if row["section"] == "2.f")
    assert lppd["targets"]["2020"] is None and lppd["parsed"]["2020"] is None


def test_inferred_fields_are_listed(document):
    inferred = [row for row in document["activities"] if row["inferred"]]
    assert inferred and all("subprogram" in row["inferred"] for row in inferred)


def test_text_is_utf8_not_escaped(client):
    body = client.get("/data/roadmap.json").content.decode("utf-8")
    assert "2018 – 2023" in body and "\\u2013" not in body


def test_command_prints_the_same_document(document):
    out = StringIO()
    call_command("export_roadmap", stdout=out)
    assert json.loads(out.getvalue()) == document


def test_export_query_count_does_not_depend_on_row_count(client, django_assert_num_queries):
    # roadmap, goals; indicators, targets, levels, indicator OPD links + OPDs, section OPD links + OPDs;
    # reporting assignments + OPDs; activities, OPD links + OPDs; programs, items; quick wins, OPD links + OPDs;
    # OPD registry
    with django_assert_num_queries(20):
        client.get("/data/roadmap.json")


def test_every_target_row_names_its_reporters_and_which_are_the_pemdas(document):
    assert len(document["targets"]) == 52
    assert all(row["reporters"] for row in document["targets"])  # nobody left to report none
    rows = {(row["section"], row["order"]): row for row in document["targets"]}
    bpk = rows[("2.a", 1)]
    assert bpk["opd"] == [] and bpk["reporters"] == bpk["assigned"] == ["BKD", "Inspektorat"]
    ipp = rows[("1.a", 4)]  # the Perbup names three OPDs and nobody is added
    assert ipp["reporters"] == ipp["opd"] and ipp["assigned"] == []
    lppd = rows[("2.f", 1)]
    assert lppd["assigned"] == ["Bagian Pemerintahan Setda"]
    quick_win = rows[("3.e", 3)]  # the Lampiran's quick win 3: Dinas Kominfo and Bagian Hukum
    assert quick_win["assigned"] == ["Dinas Komunikasi dan Informatika", "Bagian Hukum"]
    assert "Bagian Pemerintahan Setda" not in [opd["name"] for opd in document["opd"]]  # not named in the Perbup
    assert bpk["periodicity"] == "annual" and rows[("1.a", 3)]["periodicity"] == "semester"


def test_the_open_data_names_no_path_on_our_servers(client, roadmap):
    document = client.get("/data/roadmap.json").json()
    assert document["source_file"].startswith("Peraturan Bupati Pasuruan Nomor 15 Tahun 2019")
    assert "shared/" not in client.get("/data/roadmap.json").content.decode()


def test_the_data_terbuka_page_explains_the_dataset_and_links_the_json(client, roadmap):
    page = client.get("/data/").content.decode()
    assert "Unduh roadmap.json" in page and 'href="/data/roadmap.json"' in page and "shared/" not in page


@pytest.mark.parametrize("chosen", ["²", "١", "9" * 20])
def test_a_roadmap_id_that_is_no_number_is_a_404_not_a_500(client, chosen):
    assert client.get(reverse("perbup:roadmap_json"), {"roadmap": chosen}).status_code == 404
