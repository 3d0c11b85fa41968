"""Phone photos chosen in the report form become one PDF: one upright page each, in order, no location data."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from core import photos as photo_pdf
from monev.models import Evidence, Realisation, ReportEvent

GPS_IFD = 0x8825
RED, BLUE, GREEN, YELLOW = (220, 0, 0), (0, 0, 220), (0, 170, 0), (230, 200, 0)


def two_tone(size: tuple[int, int], top, bottom) -> Image.Image:
    """Top half one colour, bottom half another: which way is up can be read back from the pixels."""
    image = Image.new("RGB", size, bottom)
    image.paste(top, (0, 0, size[0], size[1] // 2))
    return image


def rotated_jpeg_with_gps() -> bytes:
    """A portrait photo stored sideways, as phones do, with EXIF orientation 6, GPS and the camera's name."""
    upright = two_tone((300, 400), RED, BLUE)
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # what the sensor wrote; orientation 6 turns it back
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation
    exif[0x010F] = "KameraUji"  # Make
    exif.get_ifd(0x8769)[0x9003] = "2023:08:17 09:30:00"  # DateTimeOriginal
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "S", 2: (7.0, 38.0, 41.0), 3: "E", 4: (112.0, 54.0, 13.0)})
    buffer = io.BytesIO()
    stored.save(buffer, format="JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def heic() -> bytes:
    pytest.importorskip("pillow_heif")
    buffer = io.BytesIO()
    two_tone((480, 320), GREEN, YELLOW).save(buffer, format="HEIF", quality=90)
    return buffer.getvalue()


def png() -> bytes:
    buffer = io.BytesIO()
    two_tone((200, 260), BLUE, RED).save(buffer, format="PNG")
    return buffer.getvalue()


def close(pixel, colour) -> bool:
    return all(abs(a - b) < 60 for a, b in zip(pixel[:3], colour, strict=True))


def page_images(pdf: bytes) -> list[Image.Image]:
    """The picture each page draws (pages may share one resource dictionary listing every picture)."""
    images = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        [drawn] = re.findall(rb"/(\S+) Do", page.get_contents().get_data())
        [embedded] = [image for image in page.images if image.name.rsplit(".", 1)[0] == drawn.decode()]
        images.append(Image.open(io.BytesIO(embedded.data)))
    return images


def row_url(period, activity) -> str:
    return reverse("monev:report_row", args=[period.pk, "kegiatan", activity.pk])


def test_three_photos_become_one_pdf_with_three_upright_pages_and_no_location(
    client, operator_a, open_period, activity_a
):
    source = rotated_jpeg_with_gps()
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(GPS_IFD)  # the photo does carry a location
    photos = [
        SimpleUploadedFile("IMG_0001.JPG", source),
        SimpleUploadedFile("IMG_0002.HEIC", heic()),
        SimpleUploadedFile("layar.png", png()),
    ]
    client.force_login(operator_a)
    response = client.post(
        row_url(open_period, activity_a),
        {"progress": "60", "narrative": "Rapat koordinasi.", "version": "0", "photos": photos, "save": ""},
    )
    assert response.status_code == 302
    report = Realisation.objects.get()
    [evidence] = report.evidence.all()
    assert evidence.content_type == "application/pdf" and evidence.original_name.endswith("-3-foto.pdf")
    assert report.events.filter(action=ReportEvent.Action.EVIDENCE).count() == 1
    pdf = evidence.file.read()
    assert len(pdf) == evidence.size <= 10 * 1024 * 1024

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3
    first, second, third = page_images(pdf)
    # 1: the sideways JPEG stands upright (portrait, red on top) on a portrait page
    assert first.height > first.width and close(first.getpixel((first.width // 2, 5)), RED)
    assert close(first.getpixel((first.width // 2, first.height - 5)), BLUE)
    assert reader.pages[0].mediabox.height > reader.pages[0].mediabox.width
    # 2: the HEIC, landscape, on a landscape page; 3: the PNG — in the order chosen
    assert second.width > second.height and close(second.getpixel((second.width // 2, 5)), GREEN)
    assert reader.pages[1].mediabox.width > reader.pages[1].mediabox.height
    assert close(third.getpixel((third.width // 2, 5)), BLUE)
    # no location, camera or EXIF left, in the pictures or anywhere in the file
    for image in (first, second, third):
        assert not image.getexif() and "exif" not in image.info
    assert b"Exif" not in pdf and b"KameraUji" not in pdf
    # the margin names the kegiatan and the dates
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert activity_a.kegiatan[:40] in text and "Foto 1 dari 3" in text and "Diunggah" in text
    assert "Diambil 17 Agustus 2023 09.30" in text


def test_photos_are_compressed_to_the_stated_limit(settings):
    noisy = Image.effect_noise((2400, 1800), 90).convert("RGB")  # noise barely compresses
    buffer = io.BytesIO()
    noisy.save(buffer, format="JPEG", quality=95)
    uploads = [SimpleUploadedFile(f"f{i}.jpg", buffer.getvalue()) for i in range(3)]
    assert sum(upload.size for upload in uploads) > 1_500_000
    pdf = photo_pdf.photos_pdf(uploads, "Kegiatan uji", "1 Desember 2026", max_bytes=1_000_000)
    assert len(pdf) <= 1_000_000 and len(PdfReader(io.BytesIO(pdf)).pages) == 3


def test_photos_that_cannot_fit_are_refused_and_nothing_is_saved(client, operator_a, open_period, activity_a, settings):
    settings.EVIDENCE_MAX_BYTES = 20_000
    noisy = Image.effect_noise((1600, 1200), 90).convert("RGB")
    buffer = io.BytesIO()
    noisy.save(buffer, format="JPEG", quality=95)
    client.force_login(operator_a)
    response = client.post(
        row_url(open_period, activity_a),
        {
            "progress": "60",
            "narrative": "x",
            "version": "0",
            "save": "",
            "photos": [SimpleUploadedFile(f"f{i}.jpg", buffer.getvalue()) for i in range(4)],
        },
    )
    assert response.status_code == 200 and "tidak muat dalam satu berkas bukti" in response.content.decode()
    assert not Realisation.objects.exists() and not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("skrip.jpg", b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "bukan foto yang dapat dibaca"),
        ("dokumen.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "bukan foto yang dapat dibaca"),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused(client, operator_a, open_period, activity_a, name, content, message):
    client.force_login(operator_a)
    response = client.post(
        row_url(open_period, activity_a),
        {
            "progress": "60",
            "narrative": "x",
            "version": "0",
            "save": "",
            "photos": [SimpleUploadedFile("baik.png", png()), SimpleUploadedFile(name, content)],
        },
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Evidence.objects.exists()


def test_too_many_or_too_large_photos_are_refused_with_the_limit(settings):
    settings.PHOTO_MAX_COUNT = 2
    with pytest.raises(photo_pdf.ValidationError, match="Paling banyak 2 foto"):
        photo_pdf.photos_pdf([SimpleUploadedFile(f"{i}.png", png()) for i in range(3)], "k", "hari ini")
    settings.PHOTO_MAX_COUNT, settings.PHOTO_MAX_BYTES = 20, 100
    with pytest.raises(photo_pdf.ValidationError, match="terlalu besar"):
        photo_pdf.photos_pdf([SimpleUploadedFile("besar.png", png())], "k", "hari ini")


def test_another_opds_operator_cannot_add_photos(operator_b, operator_a, open_period, activity_a):
    from monev import workflow
    from tests import factories

    report = factories.report(operator_a, open_period, activity_a)
    with pytest.raises(workflow.WorkflowError):
        workflow.add_photo_evidence(operator_b, report, [SimpleUploadedFile("a.png", png())])
    assert not Evidence.objects.exists()


def png_header(width: int, height: int) -> bytes:
    """Only the header of a PNG claiming a huge picture: what a decompression bomb looks like before decoding."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


@pytest.mark.parametrize("size", [(9000, 7000), (20000, 10000)])  # past our 50 Mpx limit; past Pillow's own
def test_a_picture_with_too_many_pixels_is_refused_before_it_is_decoded(size):
    with pytest.raises(photo_pdf.ValidationError, match="terlalu besar ukuran pikselnya"):
        photo_pdf.read_photo(SimpleUploadedFile("bom.png", png_header(*size)))
