"""Evidence uploads that survive a dropped connection (tus 1.0.0): resume where they stopped, then the report
takes the whole file with the same checks as any upload."""

import base64
import hashlib
import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from monev.models import Evidence, Realisation, UploadSession

CONTENT = b"%PDF-1.4\n" + os.urandom(300_000) + b"\n%%EOF\n"
TUS = {"Tus-Resumable": "1.0.0"}


def metadata(**values: str) -> str:
    return ",".join(f"{key} {base64.b64encode(value.encode()).decode()}" for key, value in values.items())


def create(client, length=None, name="daftar-hadir.pdf", sha256=None):
    length = len(CONTENT) if length is None else length
    sha256 = hashlib.sha256(CONTENT).hexdigest() if sha256 is None else sha256
    return client.post(
        reverse("monev:upload_create"),
        headers={**TUS, "Upload-Length": str(length), "Upload-Metadata": metadata(filename=name, sha256=sha256)},
    )


class DroppedConnection(io.BytesIO):
    """A request body whose connection drops after `cut` bytes."""

    def __init__(self, data: bytes, cut: int) -> None:
        super().__init__(data)
        self.cut = cut

    def read(self, size=-1):
        if self.tell() >= self.cut:
            raise OSError("connection reset by peer")
        return super().read(min(size, self.cut - self.tell()) if size and size > 0 else self.cut - self.tell())


def patch(client, url, offset, data, dropped_after=None):
    extra = {"wsgi.input": DroppedConnection(data, dropped_after)} if dropped_after is not None else {}
    return client.generic(
        "PATCH",
        url,
        data,
        content_type="application/offset+octet-stream",
        headers={**TUS, "Upload-Offset": str(offset)},
        **extra,
    )


def offset_of(client, url) -> int:
    response = client.head(url, headers=TUS)
    assert response.status_code == 200 and response["Upload-Length"] == str(len(CONTENT))
    return int(response["Upload-Offset"])


def test_an_upload_cut_off_half_way_resumes_and_completes_with_the_right_hash(
    client, operator_a, open_period, activity_a, django_capture_on_commit_callbacks
):
    client.force_login(operator_a)
    created = create(client)
    assert created.status_code == 201 and created["Tus-Resumable"] == "1.0.0"
    url = created["Location"].split("testserver", 1)[1]
    # the first piece: the connection drops after 120 000 of its 200 000 bytes
    response = patch(client, url, 0, CONTENT[:200_000], dropped_after=120_000)
    assert response.status_code == 204 and response["Upload-Offset"] == "120000"
    assert offset_of(client, url) == 120_000  # what the client asks when it comes back
    assert patch(client, url, 0, CONTENT).status_code == 409  # starting over is refused: resume instead
    response = patch(client, url, 120_000, CONTENT[120_000:])
    assert response.status_code == 204 and response["Upload-Offset"] == str(len(CONTENT))
    upload_id = url.rstrip("/").rsplit("/", 1)[1]
    with django_capture_on_commit_callbacks(execute=True):
        response = attach(client, open_period, activity_a, upload_id)
    assert response.status_code == 302
    [evidence] = Realisation.objects.get().evidence.all()
    assert evidence.sha256 == hashlib.sha256(CONTENT).hexdigest() and evidence.size == len(CONTENT)
    assert evidence.original_name == "daftar-hadir.pdf" and evidence.file.read() == CONTENT
    assert (
        not UploadSession.objects.exists()
        and not Path(settings.MEDIA_ROOT, "unggahan-bertahap", f"{upload_id}.part").exists()
    )


def attach(client, period, activity, upload_id):
    return client.post(
        reverse("monev:report_row", args=[period.pk, "kegiatan", activity.pk]),
        {"progress": "60", "narrative": "Rapat.", "version": "0", "uploads": upload_id, "save": ""},
    )


def test_a_file_that_arrived_different_from_what_was_sent_is_refused(client, operator_a, open_period, activity_a):
    client.force_login(operator_a)
    url = create(client, sha256=hashlib.sha256(b"lain").hexdigest())["Location"].split("testserver", 1)[1]
    patch(client, url, 0, CONTENT)
    response = attach(client, open_period, activity_a, url.rstrip("/").rsplit("/", 1)[1])
    assert response.status_code == 200 and "SHA-256 tidak cocok" in response.content.decode()
    assert not Realisation.objects.exists() and not Evidence.objects.exists()


def test_an_unfinished_upload_cannot_be_attached(client, operator_a, open_period, activity_a):
    client.force_login(operator_a)
    url = create(client)["Location"].split("testserver", 1)[1]
    patch(client, url, 0, CONTENT[:1000])
    response = attach(client, open_period, activity_a, url.rstrip("/").rsplit("/", 1)[1])
    assert "belum selesai" in response.content.decode() and not Evidence.objects.exists()


def test_the_whole_file_is_checked_like_any_upload(client, operator_a, open_period, activity_a):
    """A name ending in .pdf announces nothing: the content is read once the file is whole."""
    client.force_login(operator_a)
    executable = b"\x7fELF\x02\x01\x01" + b"\x00" * 64
    headers = {**TUS, "Upload-Length": str(len(executable)), "Upload-Metadata": metadata(filename="x.pdf")}
    url = client.post(reverse("monev:upload_create"), headers=headers)["Location"].split("testserver", 1)[1]
    patch(client, url, 0, executable)
    response = attach(client, open_period, activity_a, url.rstrip("/").rsplit("/", 1)[1])
    assert "bukan jenis yang diizinkan" in response.content.decode() and not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("length", "name", "status", "message"),
    [
        (11 * 1024 * 1024, "besar.pdf", 413, "terlalu besar"),
        (100, "skrip.exe", 415, "tidak diizinkan"),
        (0, "kosong.pdf", 400, "kosong"),
    ],
)
def test_what_cannot_become_evidence_is_refused_before_any_byte(client, operator_a, length, name, status, message):
    client.force_login(operator_a)
    response = create(client, length=length, name=name)
    assert response.status_code == status and message in response.content.decode()
    assert not UploadSession.objects.exists()


def test_another_user_cannot_see_continue_or_attach_an_upload(client, operator_a, operator_b, open_period, activity_b):
    client.force_login(operator_a)
    url = create(client)["Location"].split("testserver", 1)[1]
    patch(client, url, 0, CONTENT)
    client.force_login(operator_b)
    assert client.head(url, headers=TUS).status_code == 404
    assert patch(client, url, 0, CONTENT).status_code == 404
    response = attach(client, open_period, activity_b, url.rstrip("/").rsplit("/", 1)[1])
    assert "tidak ditemukan" in response.content.decode() and not Evidence.objects.exists()
    client.logout()
    assert client.head(url, headers=TUS).status_code == 403


def test_only_opd_staff_start_uploads(client, verifier):
    client.force_login(verifier)
    assert create(client).status_code == 403


def test_an_abandoned_upload_is_removed_after_two_days(client, operator_a):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(operator_a)
    create(client)
    old = UploadSession.objects.get()
    UploadSession.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    create(client)
    assert list(UploadSession.objects.all()) != [old] and UploadSession.objects.count() == 1
    assert not old.path.exists()


def test_the_report_form_knows_where_to_send_pieces(client, operator_a, open_period, activity_a):
    client.force_login(operator_a)
    html = client.get(reverse("monev:report_row", args=[open_period.pk, "kegiatan", activity_a.pk])).content.decode()
    assert f'data-upload-endpoint="{reverse("monev:upload_create")}"' in html and "tus.min.js" in html
