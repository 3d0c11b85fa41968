"""Browser journey of issue 24 on a 390 px phone: three photos (one HEIC, one stored sideways with a GPS
position) chosen in the report form become one evidence PDF with three upright pages and no location.

And an evidence upload cut off half way resumes where it stopped.

Screenshots: test-artifacts/screenshots/24-foto-dipilih.png, 24-laporan-dengan-foto.png.
"""

import hashlib
import io
import json
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from tests import live as live_servers
from tests.browser.test_journeys import shot
from tests.browser.test_roles_and_phone import PHONE, assert_fits_the_phone, chromium, sign_in  # noqa: F401
from tests.monev.test_photo_evidence import BLUE, RED, close, heic, page_images, png, rotated_jpeg_with_gps

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The demo database as `make run` leaves it; runserver on a free port. Yields (base URL, run, media)."""
    work = tmp_path_factory.mktemp("live24")
    media = work / "media"
    env = live_servers.environment(DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}", MEDIA_ROOT=str(media))
    live_servers.prepare(env)
    with live_servers.servers(env) as (base,):
        yield base, (lambda code: live_servers.manage(env, "shell", "-c", code)), media


def test_three_photos_from_a_phone_become_one_upright_pdf_without_location(chromium, live, tmp_path):  # noqa: F811
    base, run, media = live
    page = sign_in(chromium, base, "operator.hukum", PHONE)
    page.goto(base + "/monev/tugas/")
    page.locator("a.btn", has_text="Isi").first.click()
    page.wait_for_load_state()
    page.fill("#id_progress", "50")
    page.fill("#id_narrative", "Sosialisasi produk hukum; foto kegiatan terlampir.")
    photos = {"IMG_0001.JPG": rotated_jpeg_with_gps(), "IMG_0002.HEIC": heic(), "layar.png": png()}
    for name, content in photos.items():
        (tmp_path / name).write_bytes(content)
    assert page.locator("input[name=photos]").count() == 1
    page.set_input_files("input[name=photos]", [str(tmp_path / name) for name in photos])
    assert_fits_the_phone(page, "report form with photos chosen")
    shot(page, "24-foto-dipilih")
    with page.expect_navigation():
        page.click("button[name=save]")
    assert "3 foto disimpan sebagai satu PDF bukti." in page.content()
    assert_fits_the_phone(page, "report with its photo evidence")
    shot(page, "24-laporan-dengan-foto")
    page.context.close()

    stored = json.loads(
        run(
            "import json; from monev.models import Evidence; print(json.dumps([[e.file.name, e.content_type] "
            "for e in Evidence.objects.filter(original_name__startswith='foto-bukti-')]))"
        )
        .strip()
        .splitlines()[-1]
    )
    assert len(stored) == 1 and stored[0][1] == "application/pdf"
    pdf = Path(media, stored[0][0]).read_bytes()
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 3
    first, second, third = page_images(pdf)
    assert first.height > first.width and close(first.getpixel((first.width // 2, 5)), RED)  # upright
    assert close(first.getpixel((first.width // 2, first.height - 5)), BLUE) and second.width > second.height
    assert all(not image.getexif() for image in (first, second, third)) and b"Exif" not in pdf
    assert Image.open(io.BytesIO(photos["IMG_0001.JPG"])).getexif().get_ifd(0x8825)  # the source had a location


def test_an_evidence_upload_cut_off_half_way_resumes_and_completes_with_the_right_hash(chromium, live, tmp_path):  # noqa: F811
    """The second 1 MB piece is cut off; tus-js-client asks the server how much arrived and goes on from there."""
    base, run, _media = live
    page = sign_in(chromium, base, "operator.hukum", PHONE)
    page.goto(base + "/monev/tugas/")
    page.locator("a.btn", has_text="Isi").nth(1).click()
    page.wait_for_load_state()
    page.fill("#id_progress", "30")
    page.fill("#id_narrative", "Notulen rapat terlampir.")
    content = b"%PDF-1.4\n" + bytes(range(256)) * 10_000 + b"\n%%EOF\n"  # about 2,5 MB: three pieces
    (tmp_path / "notulen-panjang.pdf").write_bytes(content)
    offsets, cut = [], []

    def patches(route, request):
        offsets.append(int(request.headers["upload-offset"]))
        if len(offsets) == 2 and not cut:
            cut.append(offsets[-1])
            route.abort("connectionreset")  # the connection drops during the second piece
        else:
            route.continue_()

    page.route(
        "**/monev/unggah/*/",
        lambda route, request: patches(route, request) if request.method == "PATCH" else route.continue_(),
    )
    page.set_input_files("input[name=files]", str(tmp_path / "notulen-panjang.pdf"))
    with page.expect_navigation(timeout=60_000):
        page.click("button[name=save]")
    assert "1 bukti diunggah." in page.content()
    assert cut == [1024 * 1024] and offsets == [0, 1024 * 1024, 1024 * 1024, 2 * 1024 * 1024]  # resumed, not restarted
    stored = (
        run(
            "from monev.models import Evidence; print(Evidence.objects.get(original_name='notulen-panjang.pdf').sha256)"
        )
        .strip()
        .splitlines()[-1]
    )
    assert stored == hashlib.sha256(content).hexdigest()
    page.context.close()
