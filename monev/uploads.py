"""Evidence uploads that survive a weak connection: the tus 1.0.0 protocol (core + creation + termination).

The report form sends each chosen file to these endpoints in 1 MB pieces with tus-js-client
(static/vendor/tus-js-client); when the connection drops, the client asks how much arrived (HEAD) and
sends the rest (PATCH from that offset), also after the page is reloaded. The bytes that reached the
server before a drop are kept. A complete upload is only a file waiting: the report form names it,
and the workflow checks it as any upload (size, type read from the content, SHA-256 against the hash
the browser computed) in the transaction that saves the report. Unattached uploads are removed after
two days.
"""

import base64
import binascii
import fcntl
import hashlib
import re
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import rules
from core.errors import WorkflowError
from core.uploads import ALLOWED_DESCRIPTION, ALLOWED_TYPES
from monev.models import UploadSession

TUS_VERSION = "1.0.0"
READ_SIZE = 64 * 1024
STALE_AFTER = timedelta(days=2)
SHA256 = re.compile(r"^[0-9a-f]{64}$")
EXTENSIONS = {extension for _mime, extensions in ALLOWED_TYPES.values() for extension in extensions}


def _tus(response: HttpResponse) -> HttpResponse:
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    return response


def _refuse(status: int, message: str) -> HttpResponse:
    return _tus(HttpResponse(message, status=status, content_type="text/plain; charset=utf-8"))


@require_http_methods(["POST", "OPTIONS"])
def create(request: HttpRequest) -> HttpResponse:
    """POST: announce a file (Upload-Length, Upload-Metadata: filename, sha256); answers its address."""
    limit = settings.EVIDENCE_MAX_BYTES
    if request.method == "OPTIONS":
        return _tus(
            HttpResponse(
                status=204,
                headers={
                    "Tus-Version": TUS_VERSION,
                    "Tus-Max-Size": str(limit),
                    "Tus-Extension": "creation,termination",
                },
            )
        )
    if not (request.user.is_authenticated and rules.is_reporter(request.user)):
        return _refuse(403, _("Hanya staf OPD yang dapat mengunggah bukti."))
    length = _int_header(request, "Upload-Length")
    metadata = _metadata(request.headers.get("Upload-Metadata", ""))
    filename = (metadata.get("filename") or "").strip()[:255]
    if length is None or length <= 0:
        return _refuse(400, _("Ukuran berkas tidak disebutkan atau kosong."))
    if length > limit:
        sizes = {"name": filename, "size": filesizeformat(length), "limit": filesizeformat(limit)}
        return _refuse(413, _("Berkas %(name)s terlalu besar (%(size)s); batasnya %(limit)s.") % sizes)
    if not filename or "." + filename.rsplit(".", 1)[-1].lower() not in EXTENSIONS:
        return _refuse(
            415,
            _("Jenis berkas %(name)s tidak diizinkan (%(allowed)s).")
            % {"name": filename or "?", "allowed": ALLOWED_DESCRIPTION},
        )
    _remove_stale(request.user)
    sha256 = (metadata.get("sha256") or "").lower()
    session = UploadSession.objects.create(
        user=request.user, filename=filename, length=length, sha256=sha256 if SHA256.match(sha256) else ""
    )
    session.path.parent.mkdir(parents=True, exist_ok=True)
    session.path.touch()
    response = HttpResponse(status=201, headers={"Location": request.build_absolute_uri(session.get_absolute_url())})
    return _tus(response)


@require_http_methods(["HEAD", "PATCH", "DELETE"])
def session(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """HEAD: how much arrived. PATCH: the next bytes, from exactly that offset. DELETE: give up."""
    if not request.user.is_authenticated:
        return _refuse(403, _("Sesi masuk berakhir; masuk lagi lalu lanjutkan unggahan."))
    upload = get_object_or_404(UploadSession, pk=pk, user=request.user)  # another user's upload is not there
    if request.method == "HEAD":
        return _tus(HttpResponse(headers={"Upload-Offset": str(upload.offset), "Upload-Length": str(upload.length)}))
    if request.method == "DELETE":
        upload.path.unlink(missing_ok=True)
        upload.delete()
        return _tus(HttpResponse(status=204))
    return _append(request, upload)


def _append(request: HttpRequest, upload: UploadSession) -> HttpResponse:
    if request.content_type != "application/offset+octet-stream":
        return _refuse(415, _("Isi potongan unggahan harus application/offset+octet-stream."))
    offset = _int_header(request, "Upload-Offset")
    with open(upload.path, "r+b") as part:
        try:
            fcntl.flock(part, fcntl.LOCK_EX | fcntl.LOCK_NB)  # one writer per upload; the other is told to wait
        except BlockingIOError:
            return _refuse(423, _("Potongan lain dari berkas ini sedang diterima; coba sebentar lagi."))
        upload.refresh_from_db()
        if offset != upload.offset:
            return _refuse(409, _("Posisi unggahan tidak cocok; tanyakan posisi terakhir lalu lanjutkan."))
        part.seek(offset)
        part.truncate()  # bytes past the recorded offset come from a write that was never recorded
        received = _copy_body(request, part, upload.length - offset)
        part.flush()
    UploadSession.objects.filter(pk=upload.pk, offset=offset).update(offset=offset + received)
    return _tus(HttpResponse(status=204, headers={"Upload-Offset": str(offset + received)}))


def _copy_body(request: HttpRequest, part, remaining: int) -> int:
    """Write what the client sends, up to the announced length; on a dropped connection keep what came."""
    received = 0
    while received < remaining:
        try:
            data = request.read(min(READ_SIZE, remaining - received))
        except OSError:  # UnreadablePostError: the connection dropped half way
            break
        if not data:
            break
        part.write(data)
        received += len(data)
    return received


def completed_files(user, ids: list[str]) -> list[tuple[UploadSession, SimpleUploadedFile]]:
    """The user's complete uploads named by the report form, as files the workflow checks like any upload.

    Raises WorkflowError when one is missing, incomplete, or not the file the browser hashed.
    """
    found = []
    for value in ids:
        try:
            upload = UploadSession.objects.get(pk=uuid.UUID(value), user=user)
        except (ValueError, UploadSession.DoesNotExist) as exc:
            raise WorkflowError(_("Unggahan tidak ditemukan atau sudah kedaluwarsa; pilih berkasnya lagi.")) from exc
        if not upload.is_complete or not upload.path.exists():
            raise WorkflowError(_("Unggahan %(name)s belum selesai.") % {"name": upload.filename})
        content = upload.path.read_bytes()
        if len(content) != upload.length:
            raise WorkflowError(_("Unggahan %(name)s tidak utuh; unggah ulang.") % {"name": upload.filename})
        if upload.sha256 and hashlib.sha256(content).hexdigest() != upload.sha256:
            raise WorkflowError(
                _("Berkas %(name)s yang diterima berbeda dari yang dikirim (SHA-256 tidak cocok); unggah ulang.")
                % {"name": upload.filename}
            )
        found.append((upload, SimpleUploadedFile(upload.filename, content)))
    return found


def discard_after_commit(uploads: list[UploadSession]) -> None:
    """Once the report holds the files, the waiting copies go (only if the transaction commits)."""

    def discard() -> None:
        for upload in uploads:
            upload.path.unlink(missing_ok=True)
        UploadSession.objects.filter(pk__in=[upload.pk for upload in uploads]).delete()

    transaction.on_commit(discard)


def _remove_stale(user) -> None:
    for upload in UploadSession.objects.filter(user=user, created_at__lt=timezone.now() - STALE_AFTER):
        upload.path.unlink(missing_ok=True)
        upload.delete()


def _int_header(request: HttpRequest, name: str) -> int | None:
    value = request.headers.get(name, "")
    return int(value) if value.isdigit() and len(value) <= 18 else None


def _metadata(header: str) -> dict[str, str]:
    """'filename ZG9rLnBkZg==,sha256 ...': tus metadata, keys with base64 values."""
    values = {}
    for pair in header.split(","):
        key, _space, encoded = pair.strip().partition(" ")
        try:
            values[key] = base64.b64decode(encoded, validate=True).decode() if encoded else ""
        except (binascii.Error, UnicodeDecodeError):
            continue
    return values
