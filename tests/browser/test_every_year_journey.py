"""Issue 20 in the browser: the evaluator imports a 26/2020-shaped workbook (test data) for 2021, assesses,
finalises and downloads the signed report; a latihan for 2022 cannot be finalised as the year's result."""

import re

import pytest
from pypdf import PdfReader

from tests import live
from tests.browser.test_journeys import browser, login, shot  # noqa: F401 - the shared chromium fixture
from tests.pmprb import lke_shapes

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("live-every-year")
    env = live.environment(DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}", MEDIA_ROOT=str(work / "media"))
    live.prepare(env)
    with live.servers(env) as (base,):
        yield base


def test_the_evaluator_assesses_2021_on_its_imported_workbook_and_a_2022_latihan_stays_a_latihan(
    browser,  # noqa: F811
    server,
    tmp_path,
):
    evaluator = login(browser, server, "evaluator")
    evaluator.goto(server + "/pmprb/")
    evaluator.fill("#id_year", "2021")
    evaluator.get_by_role("button", name="Mulai penilaian", exact=True).click()
    assert "belum dapat dipakai karena lembar kerja resminya belum diimpor" in evaluator.content()
    evaluator.get_by_role("link", name="Impor LKE resmi tahun 2021").click()
    workbook = tmp_path / "lke-2021.xlsx"
    workbook.write_bytes(lke_shapes.workbook_26_2020())
    evaluator.set_input_files("#id_workbook", str(workbook))
    evaluator.select_option("#id_predicate_scale", "indeks_rb")
    evaluator.fill("#id_first_year", "2021")  # this workbook is 2021's: 2022 keeps waiting for its own
    evaluator.fill("#id_last_year", "2021")
    evaluator.get_by_role("button", name="Pratinjau", exact=True).click()
    assert "11 area, 19 pertanyaan, 4 indikator hasil." in evaluator.content()
    shot(evaluator, "20-impor-lke-pratinjau")
    evaluator.get_by_role("button", name="Impor dan pakai model ini").click()
    assert "siap dipakai untuk tahun 2021" in evaluator.content()
    evaluator.fill("#id_year", "2021")
    evaluator.get_by_role("button", name="Mulai penilaian", exact=True).click()
    assert "Penilaian 2021 dibuat." in evaluator.content()
    evaluator.fill("#id_copies", "Sekretaris Daerah Kabupaten Pasuruan")
    evaluator.fill("#id_team_decree", "Keputusan Inspektur Nomor 700/01/2021 tentang Tim Penilai Internal")
    evaluator.get_by_role("button", name="Simpan data laporan").click()
    evaluator.get_by_role("link", name="Finalkan", exact=True).click()
    evaluator.get_by_role("button", name="Ya, finalkan").click()
    assert "Penilaian 2021 difinalkan." in evaluator.content()
    with evaluator.expect_download() as pdf_download:
        evaluator.get_by_role("link", name="Laporan PDF", exact=True).click()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf_download.value.path()).pages).split())
    assert "NOTA DINAS" in text and "Kepada Yth. : Bupati Pasuruan" in text
    basis = text.split("Dasar Hukum")[1].split("Tujuan")[0]
    assert "Peraturan Bupati Pasuruan Nomor 15 Tahun 2019 tentang Road Map" in basis
    assert "Peraturan Menteri Dalam Negeri Nomor 86 Tahun 2017" in basis and "Nomor 700/01/2021" in basis
    assert "Tembusan" in text and "Sekretaris Daerah Kabupaten Pasuruan" in text
    assert "Penjelasan asesor" in text and "Bukti" in text
    results = text.split("BAB II HASIL EVALUASI")[1].split("BAB III")[0]
    assert results.count("Nilai penilaian mandiri (PMPRB) adalah") == 1
    assert results.count("Indeks RB 2021 terverifikasi:") == 1 and "DRAF" not in text

    evaluator.goto(server + "/pmprb/")
    evaluator.fill("#id_year", "2022")
    evaluator.get_by_role("button", name="Mulai penilaian", exact=True).click()
    evaluator.get_by_role("button", name=re.compile("Mulai latihan tahun 2022")).click()
    page = evaluator.content()
    assert "Latihan 2022 dibuat." in page and "LATIHAN" in page and "Model resmi tahun 2022" in page
    assert evaluator.get_by_role("link", name="Finalkan", exact=True).count() == 0
    shot(evaluator, "21-latihan")
    evaluator.goto(evaluator.url + "final/")
    evaluator.wait_for_load_state()
    assert "Latihan tidak dapat difinalkan sebagai hasil resmi tahun 2022." in evaluator.content()
