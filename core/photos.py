"""Phone photos made into one PDF evidence file: upright, without location or other metadata, within a size.

Pillow reads JPEG, PNG and WebP; pillow-heif adds HEIC/HEIF, what iPhones take by default. Each photo
is turned upright by its EXIF orientation, re-encoded as a plain JPEG (Pillow writes no EXIF, GPS,
XMP or maker notes unless asked, so everything the camera recorded is left behind), and placed on
its own A4 page by WeasyPrint — already the report's PDF engine — with the kegiatan, the photo's
number and dates as real text in the margin. When the PDF would pass the limit the photos are
re-encoded smaller, step by step, and refused with a message if even the smallest step is too big.
"""

import base64
import io
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

try:  # HEIC photos from iPhones
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pinned in requirements.lock; without it HEIC is refused with a message
    pass

PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF"}
PHOTO_ACCEPT = "image/*,.heic,.heif"
MAX_PIXELS = 50_000_000  # a 50-megapixel photo; more is refused before it is decoded (decompression bombs)
# (longest side in pixels, JPEG quality): tried in order until the PDF fits the limit
STEPS = [(2400, 85), (2000, 80), (1600, 72), (1280, 65), (1024, 58), (800, 50)]
EXIF_DATETIME_ORIGINAL = 0x9003
EXIF_IFD = 0x8769


@dataclass
class Photo:
    image: Image.Image  # upright, RGB, no metadata kept
    name: str
    taken: datetime | None

    @property
    def landscape(self) -> bool:
        return self.image.width > self.image.height


def photos_pdf(uploads: list[UploadedFile], caption: str, uploaded_on: str, max_bytes: int | None = None) -> bytes:
    """One PDF page per photo, in the order given; raises ValidationError with an Indonesian message."""
    limit = max_bytes or settings.EVIDENCE_MAX_BYTES
    if len(uploads) > settings.PHOTO_MAX_COUNT:
        raise ValidationError(
            _("Paling banyak %(n)d foto sekaligus; pilih lebih sedikit.") % {"n": settings.PHOTO_MAX_COUNT}
        )
    photos = [read_photo(upload) for upload in uploads]
    for side, quality in STEPS:
        pages = [_page(photo, side, quality) for photo in photos]
        if sum(len(page["jpeg"]) for page in pages) > limit:
            continue  # the pictures alone are too big: no need to lay the PDF out
        pdf = _render(pages, caption, uploaded_on)
        if len(pdf) <= limit:
            return pdf
    raise ValidationError(
        _(
            "%(n)d foto ini tidak muat dalam satu berkas bukti %(limit)s walau sudah diperkecil; "
            "unggah dalam beberapa kali."
        )
        % {"n": len(photos), "limit": filesizeformat(limit)}
    )


def read_photo(upload: UploadedFile) -> Photo:
    if upload.size is None or upload.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            _("Foto %(name)s terlalu besar (%(size)s); batasnya %(limit)s per foto.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size or 0),
                "limit": filesizeformat(settings.PHOTO_MAX_BYTES),
            }
        )
    try:
        try:
            image = Image.open(upload)
        except Image.DecompressionBombError as exc:  # so many pixels Pillow will not even open it
            raise ValidationError(_("Foto %(name)s terlalu besar ukuran pikselnya.") % {"name": upload.name}) from exc
        if image.format not in PHOTO_FORMATS:
            raise UnidentifiedImageError(image.format)
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError(_("Foto %(name)s terlalu besar ukuran pikselnya.") % {"name": upload.name})
        taken = _taken(image)
        image = ImageOps.exif_transpose(image)  # upright as the camera held it
        image = _flatten(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("%(name)s bukan foto yang dapat dibaca (JPG, PNG, HEIC atau WebP).") % {"name": upload.name}
        ) from exc
    return Photo(image=image, name=upload.name, taken=taken)


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: a transparent PNG keeps its look, and nothing but pixels goes on."""
    image.load()
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _taken(image: Image.Image) -> datetime | None:
    """When the camera took the photo (EXIF DateTimeOriginal), printed in the margin; the tag itself is not kept."""
    try:
        value = image.getexif().get_ifd(EXIF_IFD).get(EXIF_DATETIME_ORIGINAL)
        return datetime.strptime(str(value).strip("\x00 "), "%Y:%m:%d %H:%M:%S") if value else None
    except (ValueError, TypeError, KeyError):
        return None


def _page(photo: Photo, side: int, quality: int) -> dict:
    image = photo.image.copy()
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, optimize=True)  # no exif= argument: no metadata
    return {"jpeg": buffer.getvalue(), "photo": photo}


def _render(pages: list[dict], caption: str, uploaded_on: str) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is only needed for PDFs

    context = {
        "caption": caption,
        "uploaded_on": uploaded_on,
        "pages": [
            {
                "uri": "data:image/jpeg;base64," + base64.b64encode(page["jpeg"]).decode(),
                "landscape": page["photo"].landscape,
                "taken": page["photo"].taken,
            }
            for page in pages
        ],
    }
    return HTML(string=render_to_string("core/pdf/photos.html", context)).write_pdf()
