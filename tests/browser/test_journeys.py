"""Browser journeys in headless Chromium (Debian's /usr/bin/chromium) against a live server with the demo data.

The server runs in its own process on its own SQLite database, set up exactly as `make run` does.
Screenshots of the key pages are kept in test-artifacts/screenshots/. Where chromium is missing the
tests skip with the reason; in CI (CI=true) a missing chromium is a failure.
"""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook
from pypdf import PdfReader

from tests import live

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = settings.BASE_DIR / "test-artifacts" / "screenshots"
PASSWORD = "demo-pantau-rb"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests, but chromium is not installed (apt-get install chromium)")
    pytest.skip(
        "chromium is not installed (Debian package 'chromium'); browser journeys skipped", allow_module_level=True
    )

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A fresh database with the Perbup, periods, the LKE and the demo accounts; runserver on a free port."""
    work = tmp_path_factory.mktemp("live")
    env = live.environment(DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}", MEDIA_ROOT=str(work / "media"))
    live.prepare(env)
    with live.servers(env) as (base,):
        yield base


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-sync",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield instance
        instance.close()


def login(browser, server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="id-ID")
    page = context.new_page()
    page.goto(server + "/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/akun/masuk/" not in page.url, f"{username} could not log in"
    return page


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def open_first_task(page, server) -> str:
    page.goto(server + "/monev/tugas/")
    page.select_option("#periode", label="2023 — Semester II (Juli–Desember)")
    page.get_by_role("button", name="Tampilkan", exact=True).click()
    shot(page, "01-tugas-saya")
    page.locator("a.btn", has_text="Isi").first.click()
    page.wait_for_load_state()
    return page.url


def test_report_return_fix_verify_dashboard_and_evaluation_reports(browser, server, tmp_path):
    operator = login(browser, server, "operator.hukum")
    open_first_task(operator, server)
    operator.fill("#id_progress", "80")
    operator.fill("#id_narrative", "Evaluasi produk hukum semester II selesai 80%.")
    evidence = tmp_path / "notulen-rapat.pdf"
    evidence.write_bytes(PDF)
    operator.set_input_files("input[name=files]", str(evidence))
    with operator.expect_navigation():
        operator.click("button[name=save]")
    assert "Draf disimpan. 1 bukti diunggah." in operator.content()
    assert "notulen-rapat.pdf" in operator.content()
    operator.get_by_role("button", name="Ajukan versi tersimpan", exact=True).click()
    assert "Laporan diajukan ke Bagian Organisasi dan menunggu verifikasi." in operator.content()
    report_url = operator.url
    shot(operator, "02-laporan-diajukan")

    verifier = login(browser, server, "verifikator")
    verifier.goto(server + "/monev/verifikasi/")
    shot(verifier, "03-antrean-verifikasi")
    verifier.goto(report_url)
    verifier.fill("#id_note", "Lampirkan daftar hadir rapat.")
    verifier.get_by_role("button", name="Kembalikan", exact=True).click()
    assert "Laporan dikembalikan ke OPD dengan catatan; menunggu perbaikan OPD." in verifier.content()

    operator.goto(report_url)
    assert "Lampirkan daftar hadir rapat." in operator.content()
    shot(operator, "04-dikembalikan")
    operator.fill("#id_progress", "100")
    operator.click("button[name=submit]")
    assert "Laporan disimpan. Laporan diperbaiki dan diajukan kembali" in operator.content()

    verifier.goto(report_url)
    verifier.get_by_role("button", name="Verifikasi", exact=True).click()
    assert "Laporan diverifikasi." in verifier.content()
    shot(verifier, "05-diverifikasi")

    verifier.goto(server + "/monev/dasbor/area/2/?periode=10")
    area_page = verifier.content()
    assert "100%" in area_page and "1 bukti" in area_page
    shot(verifier, "06-dasbor-area")
    verifier.goto(server + "/monev/dasbor/?periode=10")
    shot(verifier, "07-dasbor")

    evaluator = login(browser, server, "evaluator")
    evaluator.goto(server + "/pmprb/")
    evaluator.fill("#id_year", "2019")  # the 14/2014 model; 2023 is evaluated on 9/2023, still a draft
    evaluator.get_by_role("button", name="Mulai penilaian", exact=True).click()
    assert "Penilaian 2019 dibuat." in evaluator.content()
    shot(evaluator, "08-pmprb")
    with evaluator.expect_download() as pdf_download:
        evaluator.get_by_role("link", name="Laporan PDF", exact=True).click()
    pdf_path = pdf_download.value.path()
    text = " ".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    assert "PEMERINTAH KABUPATEN PASURUAN" in text and "Nilai penilaian mandiri (PMPRB)" in text
    with evaluator.expect_download() as xlsx_download:
        evaluator.get_by_role("link", name="Laporan Excel", exact=True).click()
    workbook = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
    assert workbook.sheetnames == [
        "Ringkasan",
        "LKE",
        "Indikator",
        "Rencana Aksi",
        "OPD",
        "Rekomendasi",
        "Lembar Kerja",
    ]
    # 2023 is evaluated on PermenPAN-RB 9/2023, still a draft: the journey assesses 2019 (14/2014), whose report
    # carries 2019's monitoring; the 2023 report's rows are checked in tests/dashboards/test_reports.py.
    assert len(list(workbook["Lembar Kerja"].iter_rows(min_row=2, values_only=True))) == 146
    assert "DRAF" in text and "LAMPIRAN" in text


def test_another_opd_cannot_open_the_report_in_the_browser(browser, server):
    other = login(browser, server, "operator.bkppd")
    response = other.goto(server + "/monev/laporan/1/")
    assert response.status == 404
    shot(other, "09-opd-lain-404")


def test_the_layout_works_on_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(server + "/akun/masuk/")
    page.fill("input[name=username]", "verifikator")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(server + "/monev/dasbor/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"page is {width}px wide on a 390px phone"
    shot(page, "10-dasbor-ponsel")


def test_an_annual_result_is_reported_with_its_data_year_and_shows_in_the_annual_recap(browser, server):
    operator = login(browser, server, "operator.inspektorat")
    operator.goto(server + "/monev/tugas/")
    operator.select_option("#periode", label="2023 — Semester I (Januari–Juni)")
    operator.get_by_role("button", name="Tampilkan", exact=True).click()
    row = operator.locator("tr", has_text="Opini BPK terhadap Laporan Keuangan")
    assert "ditetapkan Pemda, bukan Perbup" in row.inner_text() and "tahunan" in row.inner_text()
    row.locator("a.btn").first.click()
    operator.wait_for_load_state()
    # Opini BPK on the 2022 accounts, published in May 2023: the form proposes 2022 in Semester I
    assert operator.input_value("#id_data_year") == "2022"
    operator.select_option("#id_level", label="WTP (Wajar Tanpa Pengecualian)")
    operator.fill("#id_narrative", "LHP BPK atas LKPD 2022 terbit 18 Mei 2023: opini WTP.")
    operator.click("button[name=submit]")
    assert "Laporan disimpan. Laporan diajukan ke Bagian Organisasi" in operator.content()
    assert "WTP (Wajar Tanpa Pengecualian) (data 2022)" in operator.content()
    report_url = operator.url
    shot(operator, "11-laporan-tahunan")

    verifier = login(browser, server, "verifikator")
    verifier.goto(report_url)
    verifier.once("dialog", lambda dialog: dialog.accept())  # "belum memiliki bukti dukung. Tetap verifikasi?"
    verifier.get_by_role("button", name="Verifikasi", exact=True).click()
    assert "Laporan diverifikasi." in verifier.content()
    verifier.goto(server + "/monev/dasbor/")
    verifier.get_by_role("link", name="Rekap tahunan", exact=True).first.click()
    verifier.select_option("#tahun", label="2022")
    verifier.get_by_role("button", name="Tampilkan", exact=True).click()
    recap = verifier.locator("tr", has_text="Opini BPK terhadap Laporan Keuangan").inner_text()
    assert "WTP (Wajar Tanpa Pengecualian)" in recap and "2022" in recap and "tercapai" in recap
    assert "belum tercapai" not in recap and "Inspektorat*" in recap
    shot(verifier, "12-rekap-tahunan-2022")
    verifier.select_option("#tahun", label="2023")
    verifier.get_by_role("button", name="Tampilkan", exact=True).click()
    later = verifier.locator("tr", has_text="Opini BPK terhadap Laporan Keuangan").inner_text()
    assert "menunggu hasil tahunan" in later or "belum ada data" in later  # 2022's opinion is not 2023's
