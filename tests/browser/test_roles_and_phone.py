"""Browser journeys of issue 14: each role's home page (desktop and 390 px phone), a notification round
trip, several files uploaded with the report, bulk verify, and the working pages on a phone.

Screenshots: test-artifacts/screenshots/home-<role>-desktop.png and home-<role>-phone.png, phone-*.png.
"""

import re

import pytest

from tests import live as live_servers
from tests.browser.axe import assert_accessible
from tests.browser.test_journeys import ARTIFACTS, CHROMIUM, PASSWORD, PDF, shot

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0001ff89993d1d0000000049454e44ae426082"
)
PHONE = {"width": 390, "height": 844}
ROLES = {
    "operator": "operator.hukum",
    "kepala": "kepala.hukum",
    "verifikator": "verifikator",
    "evaluator": "evaluator",
    "administrator": "admin",
}


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The demo database as `make run` leaves it, the public page switched on, Bagian Hukum's reports
    approved by its Kepala OPD; runserver on a free port. Yields (base URL, run(python code))."""
    work = tmp_path_factory.mktemp("live14")
    env = live_servers.environment(
        PUBLIC_DASHBOARD="1", DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}", MEDIA_ROOT=str(work / "media")
    )

    def run(code: str) -> str:
        return live_servers.manage(env, "shell", "-c", code)

    live_servers.prepare(env)
    run(
        "from roadmap.models import OPD; OPD.objects.filter(short_name='Bagian Hukum')"
        ".update(requires_head_approval=True)"
    )
    with live_servers.servers(env) as (base,):
        yield base, run


@pytest.fixture(scope="module")
def chromium():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield instance
        instance.close()


def sign_in(chromium, base, username, viewport=None):
    phone = viewport == PHONE
    context = chromium.new_context(
        viewport=viewport or {"width": 1280, "height": 900}, is_mobile=phone, has_touch=phone, locale="id-ID"
    )
    page = context.new_page()
    page.goto(base + "/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/akun/masuk/" not in page.url, f"{username} could not log in"
    return page


def assert_fits_the_phone(page, what: str) -> None:
    """No horizontal scrolling of the page itself (a wide chart may scroll inside its box)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{what}: {overflow}px wider than the window"


def assert_visible_on_screen(locator, what: str) -> None:
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box is not None and locator.is_visible(), f"{what} is not visible"
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, f"{what} is off-screen: {box}"


HOME_MARKS = {
    "operator": "baris belum diisi",
    "kepala": "Menunggu persetujuan Anda",
    "verifikator": "laporan menunggu verifikasi",
    "evaluator": "Penilaian PMPRB",
    "administrator": "Periode pelaporan",
}


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_lands_on_its_home_page_on_desktop_and_phone(chromium, live, role):
    base, _run = live
    for label, viewport in (("desktop", None), ("phone", PHONE)):
        page = sign_in(chromium, base, ROLES[role], viewport)
        assert page.url.rstrip("/") == base, page.url
        assert HOME_MARKS[role] in page.content()
        shot(page, f"home-{role}-{label}")
        assert_fits_the_phone(page, f"home of {role} ({label})")
        page.context.close()


def test_the_dashboard_fits_a_desktop_window(chromium, live):
    base, _run = live
    page = sign_in(chromium, base, "verifikator")
    page.goto(base + "/monev/dasbor/")
    assert_fits_the_phone(page, "dashboard on a 1280 px desktop")
    shot(page, "dasbor-desktop")
    page.context.close()


def test_several_files_go_with_the_report_and_a_wrong_one_is_stopped_in_the_browser(chromium, live, tmp_path):
    base, _run = live
    page = sign_in(chromium, base, "operator.hukum")
    page.goto(base + "/monev/tugas/")
    page.locator("a.btn", has_text="Isi").first.click()
    page.wait_for_load_state()
    page.fill("#id_progress", "40")
    page.fill("#id_narrative", "Sosialisasi produk hukum di tiga kecamatan.")
    files = {
        "daftar-hadir.pdf": PDF,
        "foto-kegiatan.png": PNG_1PX,
        "terlalu-besar.pdf": PDF + b"0" * (11 << 20),
        "catatan.txt": b"teks",
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    page.set_input_files("input[name=files]", [str(tmp_path / name) for name in files])
    problems = page.locator("#file-problems").inner_text()
    assert "terlalu-besar.pdf terlalu besar" in problems and "catatan.txt: jenis berkas tidak diizinkan" in problems
    assert page.locator("#chosen-files li").count() == 2
    page.locator("#chosen-files li", has_text="foto-kegiatan.png").get_by_role("button").click()
    assert page.locator("#chosen-files li").count() == 1
    page.set_input_files("input[name=files]", str(tmp_path / "foto-kegiatan.png"))
    assert page.locator("#chosen-files li").count() == 2
    shot(page, "11-bukti-dipilih")
    with page.expect_navigation():
        page.click("button[name=submit]")
    content = page.content()
    forwarded = "Laporan disimpan. Laporan diteruskan ke Kepala OPD dan menunggu persetujuannya. 2 bukti diunggah."
    assert forwarded in content
    assert "daftar-hadir.pdf" in content and "foto-kegiatan.png" in content
    shot(page, "12-laporan-dengan-bukti")
    page.context.close()


def test_a_returned_report_reaches_the_operator_and_the_fix_reaches_the_verifier(chromium, live):
    base, _run = live
    head = sign_in(chromium, base, "kepala.hukum")
    head.locator(".work-item form button", has_text="Setujui").first.click()
    assert "Laporan disetujui" in head.content()
    verifier = sign_in(chromium, base, "verifikator")
    verifier.goto(base + "/monev/verifikasi/?status=submitted&q=Sosialisasi")
    verifier.locator("table tbody a").first.click()
    verifier.fill("#id_note", "Lampirkan notulen sosialisasi.")
    verifier.get_by_role("button", name="Kembalikan", exact=True).click()
    assert "dikembalikan ke OPD" in verifier.content()

    operator = sign_in(chromium, base, "operator.hukum")
    assert int(operator.locator("#nav-notifications .badge").inner_text().split()[0]) >= 1
    assert "Lampirkan notulen sosialisasi." in operator.content()  # on the home page too
    operator.click("#nav-notifications")
    assert "Dikembalikan Bagian Organisasi" in operator.content()
    shot(operator, "13-pemberitahuan")
    operator.get_by_role("button", name="Buka").first.click()
    operator.wait_for_load_state()
    assert "Lampirkan notulen sosialisasi." in operator.content()
    operator.fill("#id_narrative", "Sosialisasi selesai; notulen terlampir.")
    operator.click("button[name=submit]")
    assert "Laporan diteruskan ke Kepala OPD" in operator.content()

    head.goto(base + "/")
    head.locator(".work-item form button", has_text="Setujui").first.click()
    verifier.goto(base + "/pemberitahuan/")
    assert "Diperbaiki dan diajukan kembali" in verifier.content()
    for page in (head, verifier, operator):
        page.context.close()


def test_bulk_verify_from_the_queue(chromium, live):
    base, _run = live
    page = sign_in(chromium, base, "verifikator")
    page.goto(base + "/monev/verifikasi/")
    boxes = page.locator("input[name=pilih]")
    waiting = boxes.count()
    assert waiting >= 2
    page.locator("input[data-select-all]").check()
    page.get_by_role("button", name="Verifikasi yang dipilih…").click()
    assert f"Verifikasi {waiting} laporan?" in page.content()
    shot(page, "14-verifikasi-massal")
    page.get_by_role("button", name="Ya, verifikasi semuanya").click()
    assert f"{waiting} laporan diverifikasi." in page.content()
    assert "Tidak ada laporan yang cocok" in page.content()
    page.context.close()


PHONE_PAGES = [
    ("operator.hukum", "/monev/tugas/", "table.stack-on-phone tbody tr:first-child a.btn", "tugas-saya"),
    ("verifikator", "/monev/verifikasi/?status=", "table tbody tr:first-child td[data-label=Status]", "antrean"),
    ("verifikator", "/monev/laporan/1/", "form[action$='/kembalikan/'] button", "laporan"),
    ("verifikator", "/monev/dasbor/", "table.stack-on-phone tbody tr:first-child td:first-child a", "dasbor"),
    (None, "/monev/publik/", "table.stack-on-phone tbody tr:first-child td[data-label=Status]", "publik"),
    (
        "verifikator",
        "/monev/dasbor/rekap-tahunan/",
        "table.stack-on-phone tbody tr:first-child td[data-label=Status]",
        "rekap-tahunan",
    ),
    ("operator.hukum", "/pmprb/rekomendasi/", "table.stack-on-phone tbody tr:first-child td", "rekomendasi"),
    ("evaluator", "/pmprb/", "table.stack-on-phone tbody tr:first-child td", "pmprb"),
]


@pytest.mark.parametrize(("username", "path", "action", "name"), PHONE_PAGES, ids=[p[3] for p in PHONE_PAGES])
def test_working_pages_fit_a_390px_phone_with_status_and_action_visible(chromium, live, username, path, action, name):
    base, _run = live
    if username:
        page = sign_in(chromium, base, username, PHONE)
    else:
        page = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    response = page.goto(base + path)
    assert response.status == 200
    assert_fits_the_phone(page, path)
    assert_visible_on_screen(page.locator(action).first, f"{action} on {path}")
    shot(page, f"phone-{name}")
    page.context.close()


# -- accessibility (issue 23): axe-core on the working pages of every role at 1366 and 390 px ------------

DESKTOP = {"width": 1366, "height": 900}
AXE_PAGES = {
    None: ["/akun/masuk/", "/monev/publik/", "/data/"],
    "operator.hukum": ["/", "/monev/tugas/", "/pmprb/rekomendasi/", "/pemberitahuan/"],
    "kepala.hukum": ["/"],
    "verifikator": [
        "/",
        "/monev/verifikasi/?status=",
        "/monev/dasbor/",
        "/monev/dasbor/rekap-tahunan/",
        "/monev/laporan/1/",
    ],
    "evaluator": ["/", "/pmprb/", "/pmprb/rekomendasi/"],
    "admin": ["/"],
}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366px", "390px"])
def test_working_pages_have_no_serious_accessibility_violations(chromium, live, viewport):
    base, _run = live
    for username, paths in AXE_PAGES.items():
        if username:
            page = sign_in(chromium, base, username, viewport)
        else:
            page = chromium.new_context(viewport=viewport, locale="id-ID").new_page()
        for path in paths:
            response = page.goto(base + path)
            assert response.status == 200, path
            assert_accessible(page, f"{username or 'anonim'} {path} at {viewport['width']}px")
        page.context.close()


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, PHONE], ids=["1366px", "390px"])
def test_each_trend_chart_shows_the_roadmaps_last_year_without_scrolling_inside_it(chromium, live, viewport):
    base, _run = live
    page = sign_in(chromium, base, "verifikator", viewport)
    page.goto(base + "/monev/dasbor/")
    for heading in ("h-trend", "h-year", "h-indeks"):
        box = page.locator(f"section[aria-labelledby={heading}] .chart-box:visible")
        assert box.count() == 1, heading
        box.scroll_into_view_if_needed()
        assert box.evaluate("b => b.scrollWidth - b.clientWidth") <= 0, f"{heading} scrolls inside its box"
        years = box.locator("text").filter(has_text=re.compile(r"^\d{4}"))
        last = max(range(years.count()), key=lambda i: years.nth(i).text_content()[:4])
        label, frame = years.nth(last).bounding_box(), box.bounding_box()
        assert years.nth(last).text_content().startswith("2023"), heading  # the Perbup's roadmap ends in 2023
        assert frame["x"] <= label["x"] and label["x"] + label["width"] <= frame["x"] + frame["width"] + 1, heading
        assert label["x"] + label["width"] <= viewport["width"], f"{heading}: the last year is off the screen"
    shot(page, f"dashboard-trends-{viewport['width']}")
    page.context.close()
