"""Checks on evidence files: size, and a type read from the content, not only the name."""

import hashlib
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# detected extension -> (MIME type, file-name extensions accepted for it)
ALLOWED_TYPES = {
    "pdf": ("application/pdf", {".pdf"}),
    "jpg": ("image/jpeg", {".jpg", ".jpeg"}),
    "png": ("image/png", {".png"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "odt": ("application/vnd.oasis.opendocument.text", {".odt"}),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", {".ods"}),
}
ALLOWED_DESCRIPTION = "PDF, JPG, PNG, XLSX, DOCX, ODT, ODS"


@dataclass(frozen=True)
class InspectedFile:
    extension: str
    content_type: str
    sha256: str
    size: int
    content: bytes


def inspect_upload(upload: UploadedFile) -> InspectedFile:
    """Read and check an uploaded file; raise ValidationError with an Indonesian message."""
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("Berkas %(name)s terlalu besar (%(size)s); batasnya %(limit)s.")
            % {"name": upload.name, "size": filesizeformat(upload.size or 0), "limit": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise ValidationError(_("Berkas %(name)s kosong.") % {"name": upload.name})
    content = b"".join(upload.chunks())
    kind = filetype.guess(content)
    name_extension = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    allowed = ALLOWED_TYPES.get(kind.extension) if kind else None
    if allowed is None or name_extension not in allowed[1]:
        raise ValidationError(
            _("Isi berkas %(name)s bukan jenis yang diizinkan (%(allowed)s), atau tidak sesuai dengan namanya.")
            % {"name": upload.name, "allowed": ALLOWED_DESCRIPTION}
        )
    return InspectedFile(
        extension=name_extension,
        content_type=allowed[0],
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        content=content,
    )
