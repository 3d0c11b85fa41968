"""Evidence files: allowed types checked from the content, size limit, hashed storage outside static."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from monev import workflow
from monev.models import Evidence
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64
WINDOWS_EXE = b"MZ\x90\x00" + b"\x00" * 200


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.fixture
def draft(operator_a, open_period, activity_a):
    return factories.report(operator_a, open_period, activity_a)


@pytest.mark.parametrize(("name", "content"), [("notulen.pdf", PDF), ("foto.png", PNG), ("rekap.xlsx", None)])
def test_allowed_files_are_stored_by_content_hash_outside_static(operator_a, draft, name, content):
    content = content if content is not None else xlsx_bytes()
    evidence = workflow.add_evidence(operator_a, draft, SimpleUploadedFile(name, content))
    stored = Path(evidence.file.path)
    assert stored.is_file() and stored.read_bytes() == content
    assert evidence.sha256 in stored.name
    assert Path(settings.MEDIA_ROOT) in stored.parents
    assert Path(settings.STATIC_ROOT) not in stored.parents
    assert all(Path(static) not in stored.parents for static in settings.STATICFILES_DIRS)
    assert evidence.original_name == name and evidence.size == len(content)


@pytest.mark.parametrize(
    ("name", "content"),
    [("laporan.pdf", ELF), ("laporan.pdf", WINDOWS_EXE), ("foto.jpg", PDF), ("skrip.sh", b"#!/bin/sh\nrm -rf /\n")],
)
def test_wrong_content_or_name_is_refused(operator_a, draft, name, content):
    with pytest.raises(workflow.WorkflowError, match="bukan jenis yang diizinkan"):
        workflow.add_evidence(operator_a, draft, SimpleUploadedFile(name, content))
    assert not Evidence.objects.exists()


def test_a_50_mb_file_is_refused_with_the_limit(operator_a, draft):
    big = SimpleUploadedFile("besar.pdf", PDF + b"0" * (50 * 1024 * 1024))
    with pytest.raises(workflow.WorkflowError, match="terlalu besar"):
        workflow.add_evidence(operator_a, draft, big)
    assert not Evidence.objects.exists()


def test_the_size_limit_is_a_setting(operator_a, draft, settings):
    settings.EVIDENCE_MAX_BYTES = 10
    with pytest.raises(workflow.WorkflowError, match="terlalu besar"):
        workflow.add_evidence(operator_a, draft, SimpleUploadedFile("a.pdf", PDF))


def test_an_empty_file_is_refused(operator_a, draft):
    with pytest.raises(workflow.WorkflowError, match="kosong"):
        workflow.add_evidence(operator_a, draft, SimpleUploadedFile("a.pdf", b""))


def test_the_same_file_twice_on_one_report_is_refused(operator_a, draft):
    workflow.add_evidence(operator_a, draft, SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(workflow.WorkflowError, match="sudah menjadi bukti"):
        workflow.add_evidence(operator_a, draft, SimpleUploadedFile("b.pdf", PDF))
    assert Evidence.objects.count() == 1


def test_upload_through_the_page_shows_a_clear_message(client, operator_a, draft):
    client.force_login(operator_a)
    url = reverse("monev:upload_evidence", args=[draft.pk])
    response = client.post(url, {"file": SimpleUploadedFile("virus.pdf", WINDOWS_EXE)}, follow=True)
    assert "bukan jenis yang diizinkan" in response.content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("notulen.pdf", PDF)}, follow=True)
    assert "Bukti notulen.pdf diunggah." in response.content.decode()


def test_download_is_an_attachment_with_the_original_name(client, operator_a, verifier, draft):
    evidence = workflow.add_evidence(operator_a, draft, SimpleUploadedFile("notulen rapat.pdf", PDF))
    client.force_login(verifier)
    response = client.get(reverse("monev:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and "notulen rapat.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_evidence_cannot_be_added_once_submitted(operator_a, open_period, activity_a):
    submitted = factories.report(operator_a, open_period, activity_a, submit=True)
    with pytest.raises(workflow.WorkflowError, match="draf atau laporan yang dikembalikan"):
        workflow.add_evidence(operator_a, submitted, SimpleUploadedFile("a.pdf", PDF))
