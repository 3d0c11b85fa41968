"""No file without its row and no row without its file: uploads undone with their transaction, and
`orphan_files` for what a killed worker leaves behind."""

import hashlib
import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from core import storage
from monev import workflow
from monev.models import Evidence, Realisation
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HOURS_AGO = 3


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.UPLOAD_SPOOL_DIR = str(tmp_path / "media" / "tmp")
    Path(settings.UPLOAD_SPOOL_DIR).mkdir(parents=True)
    return settings.MEDIA_ROOT


def files_under(root: Path) -> list[str]:
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


def age(path: Path, hours: float = HOURS_AGO) -> Path:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))
    return path


def orphan_files(*args: str) -> tuple[int, str]:
    """Run the command; its exit code and output."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("orphan_files", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


# -- files undone with their transaction ---------------------------------------------------------


def test_a_multi_file_save_refused_after_one_file_was_written_leaves_no_file(
    client, media, operator_a, open_period, activity_a
):
    client.force_login(operator_a)
    # The second file is the first one again: refused by add_evidence after the first was written.
    files = [SimpleUploadedFile("notulen.pdf", PDF), SimpleUploadedFile("notulen-lagi.pdf", PDF)]
    response = client.post(
        reverse("monev:report_row", args=[open_period.pk, "kegiatan", activity_a.pk]),
        {"progress": "60", "narrative": "Rapat.", "version": "0", "files": files},
    )
    assert response.status_code == 200 and "sudah menjadi bukti" in response.content.decode()
    assert not Realisation.objects.exists() and not Evidence.objects.exists()
    assert [name for name in files_under(media) if name.startswith("bukti/")] == []


def test_a_file_saved_in_a_transaction_that_rolls_back_is_deleted(media):
    with pytest.raises(RuntimeError), transaction.atomic():
        name = default_storage.save("bukti/aa/gagal.pdf", ContentFile(PDF))
        assert (media / name).is_file()
        raise RuntimeError("the row could not be written")
    assert storage.discard_rolled_back() == [str(media / name)]
    assert not (media / name).exists()


def test_a_file_whose_transaction_commits_is_kept(media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        name = default_storage.save("bukti/aa/jadi.pdf", ContentFile(PDF))
    assert storage.discard_rolled_back() == [] and (media / name).is_file()


def test_a_file_of_a_transaction_still_open_is_kept(media):
    with transaction.atomic():
        name = default_storage.save("bukti/aa/menunggu.pdf", ContentFile(PDF))
        assert storage.discard_rolled_back() == [] and (media / name).is_file()


def test_a_committed_file_is_kept_when_its_confirmation_never_ran(media, operator_a, open_period, activity_a):
    """Django stops running on_commit callbacks at the first that raises; the file's row still counts."""
    from django.db import connection

    report = factories.report(operator_a, open_period, activity_a)
    evidence = workflow.add_evidence(operator_a, report, SimpleUploadedFile("a.pdf", PDF))
    hooks = connection.run_on_commit
    ours = [hook for hook in hooks if isinstance(getattr(hook[1], "__self__", None), storage._Written)]
    connection.run_on_commit = [hook for hook in hooks if hook not in ours]
    assert ours  # the confirmation that a failing callback before it would have stopped
    assert storage.discard_rolled_back() == [] and Path(evidence.file.path).is_file()


def test_a_file_shared_by_content_is_never_deleted_by_a_rollback(
    media, operator_a, operator_b, open_period, activity_a
):
    """A second report with the same content reuses the stored file; its rollback must not take it away."""
    first = factories.report(operator_a, open_period, activity_a)
    kept = workflow.add_evidence(operator_a, first, SimpleUploadedFile("a.pdf", PDF))
    other = factories.report(operator_b, open_period, factories.activity_of("BKPPD"))
    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.add_evidence(operator_b, other, SimpleUploadedFile("b.pdf", PDF))
        raise RuntimeError
    storage.discard_rolled_back()
    assert Path(kept.file.path).is_file()


# -- orphan_files ----------------------------------------------------------------------------------


def test_a_killed_upload_is_reported_then_removed(media, operator_a, open_period, activity_a):
    report = factories.report(operator_a, open_period, activity_a)
    with transaction.atomic():
        evidence = workflow.add_evidence(operator_a, report, SimpleUploadedFile("ada.png", PNG))
    # The worker died between writing the file and committing its row: a file nobody refers to.
    content = PDF + b"% terputus"
    digest = hashlib.sha256(content).hexdigest()
    killed = media / "bukti" / digest[:2] / f"{digest}.pdf"
    killed.parent.mkdir(parents=True, exist_ok=True)
    killed.write_bytes(content)
    spool = media / "tmp" / "tmpab12cd.upload.pdf"  # what Django spooled of a large upload to that request
    spool.write_bytes(b"x" * 10)
    for path in (killed, spool, Path(evidence.file.path)):
        age(path)

    code, output = orphan_files()
    assert code == 1
    assert f"bukti/{digest[:2]}/{digest}.pdf" in output and "tmpab12cd.upload.pdf" in output
    assert evidence.file.name not in output  # a file with its row is no orphan
    assert killed.exists() and spool.exists()  # reporting deletes nothing

    code, output = orphan_files("--delete")
    assert code == 0 and "2 berkas yatim dihapus" in output
    assert not killed.exists() and not spool.exists() and Path(evidence.file.path).is_file()
    assert orphan_files()[0] == 0


def test_a_file_younger_than_the_grace_period_may_be_an_upload_in_progress(media, settings):
    settings.ORPHAN_GRACE_MINUTES = 60
    young = media / "bukti" / "ab" / "baru.pdf"
    young.parent.mkdir(parents=True)
    young.write_bytes(PDF)
    assert orphan_files()[0] == 0
    age(young, hours=2)
    assert orphan_files()[0] == 1


def test_a_row_whose_file_is_missing_is_reported_and_kept(media, operator_a, open_period, activity_a):
    report = factories.report(operator_a, open_period, activity_a)
    evidence = workflow.add_evidence(operator_a, report, SimpleUploadedFile("hilang.pdf", PDF))
    Path(evidence.file.path).unlink()
    code, output = orphan_files("--delete")
    assert code == 1 and f"monev.Evidence #{evidence.pk}" in output and "pulihkan dari cadangan" in output
    assert Evidence.objects.filter(pk=evidence.pk).exists()  # history is never deleted


def test_import_uploads_never_applied_expire(client, media, roadmap, settings):
    from core.models import PendingUpload
    from perbup.workbook import export_workbook

    client.force_login(factories.make_user("admin_buku", Role.ADMINISTRATOR, is_staff=True))
    url = reverse("admin:roadmap_workbook_import")
    content = export_workbook(roadmap)
    first = client.post(url, {"file": SimpleUploadedFile("a.xlsx", content), "nomor": 77, "judul": "Uji"})
    assert orphan_files()[0] == 0  # a preview waiting for "Terapkan" is no orphan
    PendingUpload.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    code, output = orphan_files()
    assert code == 1 and "Pratinjau impor kedaluwarsa: impor-tertunda/" in output  # reported, kept
    assert PendingUpload.objects.count() == 1 and len(files_under(media / "impor-tertunda")) == 1

    second = client.post(url, {"file": SimpleUploadedFile("b.xlsx", content), "nomor": 77, "judul": "Uji"})
    # An expired upload goes with the next upload, and the user's earlier preview is replaced.
    [kept] = PendingUpload.objects.all()
    assert kept.token == second.context["token"] != first.context["token"]
    assert files_under(media / "impor-tertunda") == [kept.file.name.removeprefix("impor-tertunda/")]

    PendingUpload.objects.update(expires_at=timezone.now())
    code, output = orphan_files("--delete")
    assert code == 0 and "1 berkas yatim dihapus" in output
    assert not PendingUpload.objects.exists() and files_under(media / "impor-tertunda") == []
    assert orphan_files()[0] == 0


def test_a_pending_upload_whose_file_is_gone_is_removed_not_restored(client, media, roadmap):
    from core import pending
    from core.models import PendingUpload

    user = factories.make_user("admin_hilang", Role.ADMINISTRATOR, is_staff=True)
    upload = pending.store(user, "uji", b"isi", name="a.csv")
    Path(upload.file.path).unlink()
    code, output = orphan_files()
    assert code == 1 and "pulihkan dari cadangan" not in output and "Pratinjau impor kedaluwarsa" in output
    assert orphan_files("--delete")[0] == 0 and not PendingUpload.objects.exists()


def test_a_large_upload_is_spooled_where_orphan_files_looks_and_removed_after_the_request(
    client, media, settings, monkeypatch, operator_a, open_period, activity_a
):
    from monev import workflow as monev_workflow

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 16  # every upload here goes to a temporary file
    spooled = []
    inspect = monev_workflow.inspect_upload
    monkeypatch.setattr(
        monev_workflow, "inspect_upload", lambda upload: spooled.append(upload.temporary_file_path()) or inspect(upload)
    )
    client.force_login(operator_a)
    response = client.post(
        reverse("monev:report_row", args=[open_period.pk, "kegiatan", activity_a.pk]),
        {"progress": "60", "narrative": "Rapat.", "version": "0", "files": [SimpleUploadedFile("besar.pdf", PDF * 10)]},
    )
    assert response.status_code == 302 and Evidence.objects.count() == 1
    assert len(spooled) == 1 and Path(spooled[0]).parent == Path(settings.UPLOAD_SPOOL_DIR)
    assert files_under(Path(settings.UPLOAD_SPOOL_DIR)) == []


def test_a_command_that_rolls_back_leaves_no_file(tmp_path):
    import subprocess
    import sys

    from django.conf import settings

    script = (
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)  # the check for a row naming the file needs the tables\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage\n"
        "from django.db import transaction\n"
        "try:\n"
        "    with transaction.atomic():\n"
        "        print(default_storage.path(default_storage.save('bukti/cc/perintah.pdf', ContentFile(b'x'))))\n"
        "        raise RuntimeError\n"
        "except RuntimeError:\n"
        "    pass\n"
    )
    env = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "roadmap_site.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    command = [sys.executable, "-c", f"import django; django.setup()\n{script}"]
    done = subprocess.run(command, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == str(tmp_path / "media" / "bukti" / "cc" / "perintah.pdf")  # it was written
    assert files_under(tmp_path / "media") == []  # and deleted when the command ended
