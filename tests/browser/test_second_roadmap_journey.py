"""Journey: an administrator loads the SYNTHETIC roadmap 2025–2029 from a workbook in the admin and makes it
active; an OPD reports on it with evidence, Bagian Organisasi verifies and sees it on the dashboard."""

import pytest

from tests.browser.test_journeys import PDF, browser, login, server, shot  # noqa: F401 - fixtures
from tests.perbup import synthetic

pytestmark = pytest.mark.browser


def test_a_second_roadmap_is_loaded_from_a_workbook_and_runs_the_cycle(browser, server, tmp_path):  # noqa: F811
    workbook = tmp_path / "road-map-sintetis.xlsx"
    workbook.write_bytes(synthetic.synthetic_workbook())
    admin = login(browser, server, "admin")
    admin.goto(server + "/admin/roadmap/roadmap/")
    admin.get_by_role("link", name="Impor buku kerja").click()
    admin.wait_for_load_state()
    admin.set_input_files("input[type=file]", str(workbook))
    admin.get_by_role("button", name="Unggah dan pratinjau").click()
    admin.wait_for_load_state()
    assert "Pratinjau" in admin.content() and "tidak dapat diterapkan" not in admin.content()
    shot(admin, "20-impor-buku-kerja")
    admin.get_by_role("button", name="Terapkan: muat road map ini").click()
    admin.wait_for_load_state()
    assert "dimuat" in admin.content()
    admin.get_by_role("link", name="Aktifkan untuk pelaporan").click()
    admin.wait_for_load_state()
    admin.get_by_role("button", name="Ya, aktifkan").click()
    admin.wait_for_load_state()
    assert "kini aktif untuk pelaporan" in admin.content()

    operator = login(browser, server, "operator.hukum")
    operator.goto(server + "/monev/tugas/")
    operator.select_option("#periode", label="2025 — Semester I (Januari–Juni)")
    operator.get_by_role("button", name="Tampilkan", exact=True).click()
    operator.wait_for_load_state()
    assert synthetic.KEGIATAN in operator.content()
    shot(operator, "21-tugas-road-map-kedua")
    operator.locator("tr", has_text=synthetic.KEGIATAN).locator("a.btn").first.click()
    operator.wait_for_load_state()
    operator.fill("#id_progress", "100")
    operator.fill("#id_narrative", "Standar pelayanan uji tersusun.")
    evidence = tmp_path / "standar-pelayanan.pdf"
    evidence.write_bytes(PDF)
    operator.set_input_files("input[name=files]", str(evidence))  # evidence goes with the report form
    with operator.expect_navigation():
        operator.click("button[name=save]")
    assert "1 bukti diunggah." in operator.content()
    operator.get_by_role("button", name="Ajukan versi tersimpan", exact=True).click()
    operator.wait_for_load_state()
    assert "Laporan diajukan ke Bagian Organisasi" in operator.content()
    report_url = operator.url

    verifier = login(browser, server, "verifikator")
    verifier.goto(report_url)
    verifier.get_by_role("button", name="Verifikasi", exact=True).click()
    verifier.wait_for_load_state()
    assert "Laporan diverifikasi." in verifier.content()
    verifier.goto(server + "/monev/dasbor/")
    verifier.select_option("#periode", label="2025 — Semester I (Januari–Juni)")
    verifier.get_by_role("button", name="Tampilkan", exact=True).click()
    verifier.wait_for_load_state()
    assert "Manajemen Perubahan (uji)" in verifier.content()
    shot(verifier, "22-dasbor-road-map-kedua")
