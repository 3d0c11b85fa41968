"""One pending upload between every import's preview and its apply (core/pending.py): only its user, for its
kind, before it expires; applied once; gone afterwards, applied or not. And one problem shape on every preview."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from core import pending, spreadsheets
from core.models import PENDING_FOLDER, PendingUpload
from monev.models import Realisation
from pmprb.models import WorksheetVersion
from roadmap.models import OPD, Roadmap
from tests import factories
from tests.monev.test_excel import download, fill, upload
from tests.pmprb import lke_shapes
from tests.pmprb.test_every_year import FORM_26

NOT_FOUND = "Pratinjau tidak ditemukan atau kedaluwarsa; unggah berkasnya lagi."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media: Path) -> list[str]:
    folder = media / PENDING_FOLDER
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# -- the helper itself ------------------------------------------------------------------------------


@pytest.fixture
def alice(db):
    return factories.make_user("alice", Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def bob(db):
    return factories.make_user("bob", Role.ADMINISTRATOR, is_staff=True)


@pytest.mark.parametrize("token", ["", "palsu", "0" * 48, "../../etc/passwd", None, ["a"]])
def test_a_forged_token_is_not_found_and_changes_nothing(alice, media, token):
    kept = pending.store(alice, "uji", b"isi", name="a.csv")
    with pytest.raises(pending.NotFound, match="kedaluwarsa; unggah berkasnya lagi"), pending.take(alice, "uji", token):
        pytest.fail("a forged token was applied")
    assert PendingUpload.objects.get() == kept and stored_files(media) == [Path(kept.file.name).name]


def test_another_users_token_is_not_found_and_stays_theirs(alice, bob, media):
    kept = pending.store(alice, "uji", b"isi")
    with pytest.raises(pending.NotFound):
        pending.get(bob, "uji", kept.token)
    with pytest.raises(pending.NotFound), pending.take(bob, "uji", kept.token):
        pytest.fail("another user's upload was applied")
    assert pending.get(alice, "uji", kept.token) == kept


def test_a_token_of_another_kind_is_not_found(alice):
    kept = pending.store(alice, "monev.excel", b"isi")
    with pytest.raises(pending.NotFound):
        pending.get(alice, "perbup.roadmap-workbook", kept.token)
    assert pending.get(alice, "monev.excel", kept.token) == kept


def test_an_expired_token_is_not_found(alice):
    kept = pending.store(alice, "uji", b"isi")
    PendingUpload.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(pending.NotFound):
        pending.get(alice, "uji", kept.token)


def test_a_new_upload_of_the_same_kind_replaces_the_users_earlier_one_only(alice, bob, media):
    first = pending.store(alice, "uji", b"satu", name="a.csv")
    others = [pending.store(alice, "lain", b"x"), pending.store(bob, "uji", b"y")]
    second = pending.store(alice, "uji", b"dua", name="b.csv")
    with pytest.raises(pending.NotFound):
        pending.get(alice, "uji", first.token)
    assert pending.read(pending.get(alice, "uji", second.token)) == b"dua"
    assert set(PendingUpload.objects.all()) == {second, *others}
    assert len(stored_files(media)) == 3 and Path(first.file.name).name not in stored_files(media)


def test_an_expired_upload_goes_with_any_next_upload(alice, bob, media):
    old = pending.store(alice, "uji", b"lama")
    PendingUpload.objects.update(expires_at=timezone.now())
    pending.store(bob, "lain", b"baru")
    assert not PendingUpload.objects.filter(pk=old.pk).exists()
    assert Path(old.file.name).name not in stored_files(media)


def test_take_removes_the_upload_after_the_apply_and_also_when_it_fails(alice, media):
    kept = pending.store(alice, "uji", b"isi")
    with pending.take(alice, "uji", kept.token) as taken:
        assert pending.read(taken) == b"isi"
    assert not PendingUpload.objects.exists() and stored_files(media) == []

    failing = pending.store(alice, "uji", b"isi")
    with pytest.raises(RuntimeError), pending.take(alice, "uji", failing.token):
        raise RuntimeError("the apply failed")
    assert not PendingUpload.objects.exists() and stored_files(media) == []
    with pytest.raises(pending.NotFound), pending.take(alice, "uji", failing.token):  # never twice
        pytest.fail("applied twice")


def test_the_file_is_kept_under_a_random_name_in_the_one_folder(alice, media):
    kept = pending.store(alice, "uji", b"isi", name="../../rahasia Bu Siti.xlsx")
    name = Path(kept.file.name)
    assert name.parent.as_posix() == PENDING_FOLDER and name.suffix == ".xlsx"
    assert kept.token not in name.name and "Siti" not in name.name
    assert (media / kept.file.name).read_bytes() == b"isi"


# -- the report Excel -------------------------------------------------------------------------------


def excel_preview(client, operator, period):
    workbook = download(client, operator, period)
    fill(workbook["Laporan"], 2, progress=40, narrative="dari Excel")
    response = upload(client, period, workbook)
    assert response.context["token"] and not response.context["problems"]
    return response.context["token"]


def apply_excel(client, period, token):
    return client.post(reverse("monev:excel_apply", args=[period.pk]), {"token": token})


def test_excel_another_operators_token_applies_nothing(client, operator_a, open_period, media):
    token = excel_preview(client, operator_a, open_period)
    client.force_login(factories.make_user("operator_a2", Role.OPERATOR, "Bagian Hukum"))  # same OPD
    response = apply_excel(client, open_period, token)
    assert response.status_code == 302 and NOT_FOUND in messages_of(response)
    assert not Realisation.objects.exists() and PendingUpload.objects.filter(token=token).exists()
    client.force_login(operator_a)
    assert apply_excel(client, open_period, token).status_code == 302
    assert Realisation.objects.get().narrative == "dari Excel"
    assert not PendingUpload.objects.exists() and stored_files(media) == []  # applied, removed


def test_excel_an_expired_token_applies_nothing(client, operator_a, open_period):
    token = excel_preview(client, operator_a, open_period)
    PendingUpload.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = apply_excel(client, open_period, token)
    assert NOT_FOUND in messages_of(response) and not Realisation.objects.exists()


def test_excel_a_token_of_another_period_or_kind_applies_nothing(client, operator_a, open_period, alice):
    token = excel_preview(client, operator_a, open_period)
    other_period = factories.period(2023, 1)
    response = apply_excel(client, other_period, token)
    assert NOT_FOUND in messages_of(response) and not Realisation.objects.exists()
    assert PendingUpload.objects.filter(token=token).exists()  # refused at the wrong address, kept for its own
    # the roadmap workbook's upload of the same user is no report workbook
    workbook_token = pending.store(operator_a, "perbup.roadmap-workbook", b"x").token
    response = apply_excel(client, open_period, workbook_token)
    assert NOT_FOUND in messages_of(response) and not Realisation.objects.exists()


def test_excel_a_failed_apply_removes_the_upload_too(client, operator_a, open_period, activity_a, media):
    token = excel_preview(client, operator_a, open_period)
    factories.report(operator_a, open_period, activity_a)  # the report changed since the download
    response = apply_excel(client, open_period, token)
    assert "Tidak ada yang diterapkan" in " ".join(messages_of(response))
    assert not PendingUpload.objects.exists() and stored_files(media) == []


def test_excel_a_new_upload_replaces_the_earlier_token(client, operator_a, open_period):
    first = excel_preview(client, operator_a, open_period)
    second = excel_preview(client, operator_a, open_period)
    assert first != second and list(PendingUpload.objects.values_list("token", flat=True)) == [second]
    assert NOT_FOUND in messages_of(apply_excel(client, open_period, first))
    assert not Realisation.objects.exists()


# -- the roadmap workbook ---------------------------------------------------------------------------


def test_roadmap_workbook_another_administrators_token_imports_nothing(client, roadmap, alice, bob, media):
    from perbup.workbook import export_workbook

    url = reverse("admin:roadmap_workbook_import")
    client.force_login(alice)
    content = export_workbook(roadmap)
    token = client.post(url, {"file": SimpleUploadedFile("a.xlsx", content), "nomor": 77}).context["token"]
    client.force_login(bob)
    response = client.post(url, {"apply": "1", "token": token})
    assert NOT_FOUND in messages_of(response) and not Roadmap.objects.filter(number=77).exists()
    client.force_login(alice)
    client.post(url, {"apply": "1", "token": token})
    assert Roadmap.objects.filter(number=77).exists() and stored_files(media) == []


# -- the PMPRB LKE ----------------------------------------------------------------------------------


def test_lke_another_evaluators_token_imports_nothing(client, evaluator, media):
    url = reverse("pmprb:import_lke")
    client.force_login(evaluator)
    upload_ = SimpleUploadedFile("lke.xlsx", lke_shapes.workbook_26_2020())
    token = client.post(url, {**FORM_26, "workbook": upload_}).context["token"]
    assert token and not client.session.keys() & {"pmprb_lke_official"}
    client.force_login(factories.make_user("evaluator2", Role.EVALUATOR, "Inspektorat"))
    page = client.post(url, {**FORM_26, "confirm": "1", "token": token}).content.decode()
    assert "Pratinjau tidak ditemukan atau kedaluwarsa" in page
    assert not WorksheetVersion.objects.filter(name=FORM_26["name"]).exists()
    client.force_login(evaluator)
    assert client.post(url, {**FORM_26, "confirm": "1", "token": token}).status_code == 302
    assert WorksheetVersion.objects.filter(name=FORM_26["name"]).exists() and stored_files(media) == []


# -- django-import-export in the admin --------------------------------------------------------------

OPD_CSV = "nama_singkat,nama,variasi_ejaan,perlu_persetujuan_kepala\nDinas Uji,Dinas Uji Coba,,tidak\n"


def admin_preview(client, content: str = OPD_CSV):
    url = reverse("admin:roadmap_opd_import")
    form = client.get(url).context["form"]
    csv_choice = next(value for value, label in form.fields["format"].choices if str(label).lower() == "csv")
    upload_ = SimpleUploadedFile("opd.csv", content.encode(), content_type="text/csv")
    return client.post(url, {"import_file": upload_, "format": csv_choice, "resource": 0})


def test_admin_import_keeps_its_file_as_the_users_pending_upload(client, alice, bob, media):
    client.force_login(alice)
    response = admin_preview(client)
    confirm = response.context["confirm_form"].initial
    kept = PendingUpload.objects.get()
    assert confirm["import_file_name"] == kept.token and kept.user == alice
    assert kept.kind == "admin-import:roadmap.opd" and stored_files(media) == [Path(kept.file.name).name]

    process = reverse("admin:roadmap_opd_process_import")
    client.force_login(bob)  # another administrator's confirmation with alice's token
    response = client.post(process, confirm)
    assert response.status_code == 302 and NOT_FOUND in messages_of(response)
    forged = client.post(process, {**confirm, "import_file_name": "../" + "0" * 48})
    assert NOT_FOUND in messages_of(forged)
    assert not OPD.objects.filter(short_name="Dinas Uji").exists() and PendingUpload.objects.count() == 1

    client.force_login(alice)
    assert client.post(process, confirm).status_code == 302
    assert OPD.objects.filter(short_name="Dinas Uji").exists()
    assert not PendingUpload.objects.exists() and stored_files(media) == []
    again = client.post(process, confirm)  # the same confirmation twice imports once
    assert NOT_FOUND in messages_of(again) and OPD.objects.filter(short_name="Dinas Uji").count() == 1


def test_admin_import_a_malformed_confirmation_keeps_the_upload_for_the_right_one(client, alice):
    client.force_login(alice)
    confirm = admin_preview(client).context["confirm_form"].initial
    process = reverse("admin:roadmap_opd_process_import")
    refused = client.post(process, {**confirm, "format": ""})
    assert refused.status_code == 200 and refused.context["errors"]
    for forged in ("99", "-1", "abc", "²"):
        response = client.post(process, {**confirm, "format": forged})
        assert response.status_code == 302 and "Format berkas tidak dikenal" in " ".join(messages_of(response))
    assert PendingUpload.objects.filter(token=confirm["import_file_name"]).exists()
    assert client.post(process, confirm).status_code == 302
    assert OPD.objects.filter(short_name="Dinas Uji").exists() and not PendingUpload.objects.exists()


def test_admin_import_a_new_upload_replaces_and_a_refused_one_keeps_nothing(client, alice):
    client.force_login(alice)
    first = admin_preview(client).context["confirm_form"].initial["import_file_name"]
    second = admin_preview(client).context["confirm_form"].initial["import_file_name"]
    assert first != second and list(PendingUpload.objects.values_list("token", flat=True)) == [second]
    refused = admin_preview(client, OPD_CSV.replace(",tidak", ",barangkali"))
    assert "confirm_form" not in refused.context and not PendingUpload.objects.exists()


# -- one problem shape on every preview -------------------------------------------------------------


def test_every_preview_lists_its_problems_the_same_way(client, operator_a, open_period, roadmap, evaluator, alice):
    previews = {}
    workbook = download(client, operator_a, open_period)
    fill(workbook["Laporan"], 2, progress="banyak")
    response = upload(client, open_period, workbook)
    previews["excel"] = (response, response.context["problems"])

    client.force_login(alice)
    content = _roadmap_with_a_bad_cell(roadmap)
    response = client.post(
        reverse("admin:roadmap_workbook_import"), {"file": SimpleUploadedFile("r.xlsx", content), "nomor": 78}
    )
    previews["roadmap"] = (response, response.context["problems"])

    response = admin_preview(client, OPD_CSV.replace(",tidak", ",barangkali"))
    previews["admin"] = (response, response.context["problems"])

    client.force_login(evaluator)
    lke = SimpleUploadedFile("lke.xlsx", lke_shapes.workbook_26_2020(I8="A/B/X"))
    response = client.post(reverse("pmprb:import_lke"), {**FORM_26, "workbook": lke})
    previews["lke"] = (response, response.context["preview"].errors)

    for name, (response, problems) in previews.items():
        assert problems, name
        assert all(type(problem) is spreadsheets.Problem for problem in problems), name
        assert all(problem.row and problem.message for problem in problems), name
        page = response.content.decode()
        assert page.count('id="refused-cells"') == 1, name
        for problem in problems:
            assert f"<td>{problem.row}</td>" in page, name


def _roadmap_with_a_bad_cell(roadmap) -> bytes:
    import io

    from openpyxl import load_workbook

    from perbup.workbook import export_workbook

    book = load_workbook(io.BytesIO(export_workbook(roadmap)))
    sheet = book["Indikator"]
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(2, headers.index("urutan") + 1, "bukan angka")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
