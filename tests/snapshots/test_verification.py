"""Final evaluation reports and verified reports can be checked by anyone holding them: QR code → page → hash."""

import hashlib
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from monev import workflow as monev_workflow
from monev.models import Realisation
from pmprb import workflow
from snapshots.models import Snapshot
from tests import factories

VERIFY_URL = re.compile(r"https?://[^\s\"]+/verifikasi/([A-Za-z0-9_-]+)/")


@pytest.fixture
def final_assessment(evaluator):
    assessment = workflow.create_assessment(evaluator, 2023, version=factories.lke_2014())
    workflow.finalise_assessment(evaluator, assessment)
    return assessment


def download_pdf(client, user, assessment) -> bytes:
    client.force_login(user)
    response = client.get(reverse("dashboards:report_pdf", args=[assessment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.logout()
    return response.content


def cover(pdf: bytes):
    """The report's cover (after the nota dinas): the first page that carries the verification link."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return next(page for page in pages if any("/A" in a.get_object() for a in page.get("/Annots", [])))


def printed_address(pdf: bytes) -> str:
    """The verification address as the PDF carries it: in its text and as the link under it."""
    first = cover(pdf)
    text_urls = VERIFY_URL.findall(" ".join(first.extract_text().split()))
    links = [a.get_object()["/A"]["/URI"] for a in first.get("/Annots", []) if "/A" in a.get_object()]
    assert links and VERIFY_URL.fullmatch(links[0]) and set(text_urls) == {VERIFY_URL.fullmatch(links[0]).group(1)}
    return links[0]


def qr_payloads(pdf: bytes) -> list[str]:
    """The QR codes printed on the cover, decoded from the image itself."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image, ImageOps

    found = []
    for image in cover(pdf).images:
        picture = ImageOps.expand(Image.open(io.BytesIO(image.data)).convert("L"), border=16, fill=255)
        found += [result.text for result in zxingcpp.read_barcodes(picture)]
    return found


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_the_qr_code_of_a_final_report_opens_a_page_that_confirms_its_hash(client, evaluator, final_assessment):
    pdf = download_pdf(client, evaluator, final_assessment)
    address = printed_address(pdf)
    assert qr_payloads(pdf) == [address]
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert all(address in " ".join(page.extract_text().split()) for page in pages)  # a loose page names it too
    page = client.get(path_of(address))  # anonymous: whoever holds the paper
    assert page.status_code == 200
    html = page.content.decode()
    assert hashlib.sha256(pdf).hexdigest() in html
    assert "versi yang berlaku" in html and "Laporan Hasil Evaluasi Pelaksanaan Reformasi Birokrasi" in html
    assert "tahun evaluasi 2023" in html


def test_an_anonymous_reader_sees_the_identity_but_no_figures_or_names(client, evaluator, final_assessment):
    evaluator.first_name, evaluator.last_name = "Siti", "Penilai"
    evaluator.save()
    snapshot = final_assessment.snapshots.get()
    html = client.get(snapshot.get_absolute_url()).content.decode()
    assert "Indeks RB" not in html and snapshot.content["indeks_rb"] not in html
    assert "Siti Penilai" not in html and "Evaluator (Inspektorat)" in html
    client.force_login(evaluator)
    html = client.get(snapshot.get_absolute_url()).content.decode()
    assert "Indeks RB" in html and "Siti Penilai" in html


def test_the_final_report_is_the_copy_kept_when_it_was_finalised(client, evaluator, final_assessment):
    first = download_pdf(client, evaluator, final_assessment)
    final_assessment.signatory_name = "Diubah Setelah Final"
    final_assessment.save()
    assert download_pdf(client, evaluator, final_assessment) == first


def test_a_reopened_report_is_withdrawn_and_a_new_final_one_replaces_it(
    client, evaluator, administrator, final_assessment
):
    old = final_assessment.snapshots.get()
    workflow.reopen_assessment(administrator, final_assessment, "Nilai 1.1.a salah ketik.")
    assert "ditarik pada" in client.get(old.get_absolute_url()).content.decode()
    draft = download_pdf(client, evaluator, final_assessment)
    assert not VERIFY_URL.search(PdfReader(io.BytesIO(draft)).pages[0].extract_text())  # a draft has no QR code
    workflow.finalise_assessment(evaluator, final_assessment)
    new = final_assessment.snapshots.get(replaced_by__isnull=True)
    html = client.get(old.get_absolute_url()).content.decode()
    assert "telah diganti oleh versi yang lebih baru" in html and new.get_absolute_url() in html
    assert new.token in printed_address(download_pdf(client, evaluator, final_assessment))


def test_an_unknown_token_is_not_found(client):
    assert client.get(reverse("snapshots:verify", args=["tidak-ada"])).status_code == 404


def test_a_snapshot_is_never_changed(final_assessment):
    snapshot = final_assessment.snapshots.get()
    snapshot.title = "Lain"
    with pytest.raises(TypeError):
        snapshot.save()


def test_a_verified_report_has_a_snapshot_with_its_evidence_hashes(
    client, operator_a, operator_b, verifier, open_period, activity_a
):
    realisation = factories.report(operator_a, open_period, activity_a, narrative="Rapat koordinasi tiga kali.")
    content = b"%PDF-1.4\n%bukti\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    monev_workflow.add_evidence(operator_a, realisation, ContentFile(content, name="notulen.pdf"))
    monev_workflow.submit(operator_a, Realisation.objects.get(pk=realisation.pk))
    monev_workflow.verify(verifier, Realisation.objects.get(pk=realisation.pk))
    snapshot = Snapshot.objects.get(realisation=realisation)
    assert snapshot.files == [
        {"name": "notulen.pdf", "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
    ]
    assert snapshot.content["uraian_capaian"] == "Rapat koordinasi tiga kali." and snapshot.content["progres"] == "50"
    url = snapshot.get_absolute_url()
    anonymous = client.get(url).content.decode()
    assert snapshot.content_sha256 in anonymous and "Rapat koordinasi" not in anonymous
    client.force_login(operator_b)  # another OPD: may not read the report
    assert "Rapat koordinasi" not in client.get(url).content.decode()
    client.force_login(operator_a)
    own = client.get(url).content.decode()
    assert "Rapat koordinasi" in own and hashlib.sha256(content).hexdigest() in own


def test_returning_a_verified_report_withdraws_its_snapshot(client, operator_a, verifier, open_period, activity_a):
    realisation = factories.report(operator_a, open_period, activity_a, submit=True)
    monev_workflow.verify(verifier, realisation)
    monev_workflow.return_report(verifier, Realisation.objects.get(pk=realisation.pk), "Bukti kurang.")
    snapshot = Snapshot.objects.get(realisation=realisation)
    assert snapshot.withdrawn_at is not None and not snapshot.is_current
    assert "ditarik pada" in client.get(snapshot.get_absolute_url()).content.decode()


def test_the_content_hash_covers_what_the_snapshot_states(final_assessment):
    from snapshots.capture import content_hash

    snapshot = final_assessment.snapshots.get()
    assert content_hash(snapshot) == snapshot.content_sha256
    snapshot.content["indeks_rb"] = "99.00"
    assert content_hash(snapshot) != snapshot.content_sha256


def test_a_verified_report_page_prints_its_qr_code_and_address(client, operator_a, verifier, open_period, activity_a):
    realisation = factories.report(operator_a, open_period, activity_a, submit=True)
    client.force_login(operator_a)
    assert 'id="report-attestation"' not in client.get(realisation.get_absolute_url()).content.decode()
    monev_workflow.verify(verifier, realisation)
    html = client.get(realisation.get_absolute_url()).content.decode()
    snapshot = Snapshot.objects.get(realisation=realisation)
    assert 'id="report-attestation"' in html and snapshot.public_url in html and "data:image/png;base64," in html


def test_reports_verified_before_snapshots_existed_get_one_once(operator_a, verifier, open_period, activity_a):
    from io import StringIO

    from django.core.management import call_command

    realisation = factories.report(operator_a, open_period, activity_a, submit=True)
    monev_workflow.verify(verifier, realisation)
    Snapshot.objects.all().delete()  # as before this feature
    out = StringIO()
    call_command("snapshot_verified_reports", stdout=out)
    call_command("snapshot_verified_reports", stdout=out)
    snapshot = Snapshot.objects.get()
    realisation.refresh_from_db()
    assert snapshot.taken_at == realisation.verified_at and snapshot.taken_by == verifier
    assert "Took 1 snapshots" in out.getvalue() and "Took 0 snapshots" in out.getvalue()
