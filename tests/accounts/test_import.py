"""Bagian Organisasi creates accounts and OPDs from one spreadsheet in the admin: a preview first,
refused rows named by row and column, and nothing imported unless every row is valid."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from accounts.choices import Role
from accounts.models import Membership
from roadmap.models import OPD
from tests import factories, workbooks

User = get_user_model()

HEADER = "nama_pengguna,nama,email,peran,opd\n"


@pytest.fixture
def admin_client(client):
    admin = factories.make_user("admin_impor", Role.ADMINISTRATOR, is_staff=True)
    client.force_login(admin)
    return client


def preview(client, admin_url: str, content: str):
    """Upload a CSV through the admin's import form; the response is the preview (dry run)."""
    form = client.get(admin_url).context["form"]
    csv_choice = next(value for value, label in form.fields["format"].choices if str(label).lower() == "csv")
    upload = SimpleUploadedFile("akun.csv", content.encode(), content_type="text/csv")
    return client.post(admin_url, {"import_file": upload, "format": csv_choice, "resource": 0})


def confirm(client, confirm_url: str, response):
    return client.post(confirm_url, response.context["confirm_form"].initial)


def test_accounts_are_created_from_one_spreadsheet_after_a_preview(admin_client):
    content = HEADER + (
        "op.dinkes,Siti Aminah,siti@pasuruankab.go.id,Operator OPD,Bagian Hukum\n"
        "kepala.bkppd,Budi Santoso,budi@pasuruankab.go.id,kepala opd,BKPPD\n"
        "verif.dua,Rina,rina@pasuruankab.go.id,Verifikator (Bagian Organisasi),\n"
    )
    response = preview(admin_client, reverse("admin:auth_user_import"), content)
    assert response.status_code == 200 and "confirm_form" in response.context
    assert not User.objects.filter(username="op.dinkes").exists()  # a preview writes nothing
    confirm(admin_client, reverse("admin:auth_user_process_import"), response)
    siti = User.objects.get(username="op.dinkes")
    assert (siti.first_name, siti.last_name, siti.email) == ("Siti", "Aminah", "siti@pasuruankab.go.id")
    assert [group.name for group in siti.groups.all()] == [Role.OPERATOR.value]
    assert siti.membership.opd.short_name == "Bagian Hukum"
    assert not siti.has_usable_password()  # each user sets a password through "Lupa sandi"
    assert User.objects.get(username="kepala.bkppd").groups.get().name == Role.HEAD.value
    assert not Membership.objects.filter(user__username="verif.dua").exists()


def test_refused_rows_are_named_by_row_and_column_and_nothing_is_imported(admin_client):
    content = HEADER + (
        "baik.satu,Baik Satu,baik@pasuruankab.go.id,Operator OPD,Bagian Hukum\n"
        "salah.peran,Salah Peran,salah@pasuruankab.go.id,Bupati,Bagian Hukum\n"
        "tanpa.opd,Tanpa OPD,tanpa@pasuruankab.go.id,Operator OPD,\n"
        "opd.asing,OPD Asing,asing@pasuruankab.go.id,Operator OPD,Dinas Yang Tidak Ada\n"
        "email.salah,Email Salah,bukan-email,Evaluator,\n"
    )
    response = preview(admin_client, reverse("admin:auth_user_import"), content)
    result = response.context["result"]
    invalid = {row.number: set(row.field_specific_errors) for row in result.invalid_rows}
    assert invalid == {2: {"peran"}, 3: {"opd"}, 4: {"opd"}, 5: {"email"}}
    assert "confirm_form" not in response.context  # cannot be applied while a row is refused
    page = response.content.decode()
    assert "Bupati" in page and "tidak dikenal" in page and "Dinas Yang Tidak Ada" in page
    assert not User.objects.filter(username__in=["baik.satu", "salah.peran"]).exists()


def test_an_existing_account_is_updated_not_duplicated(admin_client):
    factories.make_user("ada.lama", Role.OPERATOR, "BKPPD")
    content = HEADER + "ada.lama,Ada Lama,lama@pasuruankab.go.id,Kepala OPD,Bagian Hukum\n"
    response = preview(admin_client, reverse("admin:auth_user_import"), content)
    confirm(admin_client, reverse("admin:auth_user_process_import"), response)
    user = User.objects.get(username="ada.lama")
    assert user.groups.get().name == Role.HEAD.value and user.membership.opd.short_name == "Bagian Hukum"
    assert user.has_usable_password()  # an import never resets an existing password


def test_accounts_export_with_role_and_opd(admin_client):
    factories.make_user("ekspor.satu", Role.OPERATOR, "BKPPD")
    response = admin_client.post(
        reverse("admin:auth_user_export"),
        {
            "format": "0",
            "resource": 0,
            "userresource_username": True,
            "userresource_role": True,
            "userresource_opd": True,
        },
    )
    content = response.content.decode("utf-8-sig")
    assert "nama_pengguna" in content and "peran" in content
    assert "ekspor.satu" in content and "Operator OPD" in content and "BKPPD" in content


def test_opds_are_imported_as_the_pemdas_not_the_perbups(admin_client):
    content = (
        "nama_singkat,nama,variasi_ejaan,perlu_persetujuan_kepala,disebut_dalam_perbup\n"
        "BPKAD,Badan Pengelolaan Keuangan dan Aset Daerah,Badan Keuangan; BPKAD Kab. Pasuruan,ya,ya\n"
    )
    url = reverse("admin:roadmap_opd_import")
    response = preview(admin_client, url, content)
    confirm(admin_client, reverse("admin:roadmap_opd_process_import"), response)
    bpkad = OPD.objects.get(short_name="BPKAD")
    assert bpkad.aliases == ["Badan Keuangan", "BPKAD Kab. Pasuruan"] and bpkad.requires_head_approval
    assert bpkad.named_in_perbup is False  # the column is for reading; an import never claims Perbup text


def test_a_bad_opd_cell_is_refused_by_column(admin_client):
    content = "nama_singkat,nama,variasi_ejaan,perlu_persetujuan_kepala\nX,,,mungkin\n"
    response = preview(admin_client, reverse("admin:roadmap_opd_import"), content)
    invalid = {row.number: set(row.field_specific_errors) for row in response.context["result"].invalid_rows}
    assert invalid == {1: {"nama", "perlu_persetujuan_kepala"}}
    assert not OPD.objects.filter(short_name="X").exists()


def test_only_administrators_may_import(client, verifier):
    client.force_login(verifier)
    assert client.get(reverse("admin:auth_user_import")).status_code in (302, 403)


def test_the_admin_export_quotes_formula_like_names_and_an_import_takes_the_quote_off(admin_client):
    user = factories.make_user("=ekspor", Role.OPERATOR, "BKPPD", first_name="@Siti\x01")
    response = admin_client.post(
        reverse("admin:auth_user_export"),
        {"format": "0", "resource": 0, "userresource_username": True, "userresource_name": True},
    )
    content = response.content.decode("utf-8-sig")
    assert "'=ekspor" in content and "\x01" not in content
    from accounts.resources import UserResource

    row = {"nama_pengguna": "'=ekspor"}
    UserResource().before_import_row(row)
    assert row["nama_pengguna"] == user.username


def invalid_rows(response) -> dict[int, set[str]]:
    return {row.number: set(row.field_specific_errors) for row in response.context["result"].invalid_rows}


def test_a_username_given_twice_even_in_another_case_is_refused(admin_client):
    """The last row used to win: two rows for one account, or two accounts differing only in case."""
    content = HEADER + (
        "op.dua,Siti,siti@pasuruankab.go.id,Operator OPD,Bagian Hukum\n"
        "Op.Dua,Budi,budi@pasuruankab.go.id,Kepala OPD,BKPPD\n"
    )
    response = preview(admin_client, reverse("admin:auth_user_import"), content)
    assert invalid_rows(response) == {2: {"nama_pengguna"}}
    assert "sama dengan baris 1" in response.content.decode()
    assert "confirm_form" not in response.context
    assert not User.objects.filter(username__iexact="op.dua").exists()


def test_a_username_that_differs_from_an_account_only_in_case_is_refused(admin_client):
    factories.make_user("operator.lama", Role.OPERATOR, "BKPPD")
    content = HEADER + "Operator.Lama,Baru,baru@pasuruankab.go.id,Operator OPD,Bagian Hukum\n"
    response = preview(admin_client, reverse("admin:auth_user_import"), content)
    assert invalid_rows(response) == {1: {"nama_pengguna"}}
    assert "sudah dipakai" in response.content.decode()
    assert User.objects.filter(username__iexact="operator.lama").count() == 1


OPD_HEADER = "nama_singkat,nama,variasi_ejaan,perlu_persetujuan_kepala\n"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("BPKAD,Badan Keuangan,,tidak\nbpkad,Badan Aset,,tidak\n", {2: {"nama_singkat"}}),
        ("BPKAD,Badan Keuangan,,tidak\nBPKD,BADAN KEUANGAN,,tidak\n", {2: {"nama"}}),
        ("bagian hukum,Bagian Hukum Baru,,tidak\n", {1: {"nama_singkat"}}),
    ],
)
def test_an_opd_given_twice_or_like_an_existing_one_in_another_case_is_refused(admin_client, rows, expected):
    before = OPD.objects.count()
    response = preview(admin_client, reverse("admin:roadmap_opd_import"), OPD_HEADER + rows)
    assert invalid_rows(response) == expected
    assert "confirm_form" not in response.context and OPD.objects.count() == before


def xlsx_preview(client, admin_url: str, content: bytes):
    form = client.get(admin_url).context["form"]
    choice = next(value for value, label in form.fields["format"].choices if str(label).lower() == "xlsx")
    upload = SimpleUploadedFile("akun.xlsx", content)
    return client.post(admin_url, {"import_file": upload, "format": choice, "resource": 0})


def test_an_xlsx_import_reads_like_the_csv(admin_client):
    content = workbooks.xlsx([HEADER.strip().split(","), ["op.xlsx", "Siti", "s@pasuruankab.go.id", "Evaluator", None]])
    response = xlsx_preview(admin_client, reverse("admin:auth_user_import"), content)
    assert "confirm_form" in response.context
    confirm(admin_client, reverse("admin:auth_user_process_import"), response)
    assert User.objects.get(username="op.xlsx").email == "s@pasuruankab.go.id"


@pytest.mark.parametrize("case", list(workbooks.HOSTILE_CELLS))
def test_an_xlsx_cell_that_cannot_be_read_exactly_is_named_and_nothing_imported(admin_client, case):
    rows = [HEADER.strip().split(","), ["op.xlsx", "Siti", "s@pasuruankab.go.id", "Evaluator", None]]
    content = workbooks.hostile(workbooks.xlsx(rows), case, "B2")
    response = xlsx_preview(admin_client, reverse("admin:auth_user_import"), content)
    assert response.status_code == 200
    page = response.content.decode()
    assert "sel B2" in page and escape(workbooks.EXPECTED[case]) in page
    assert "confirm_form" not in response.context and not User.objects.filter(username="op.xlsx").exists()


def test_an_imported_account_makes_its_first_password_through_lupa_sandi(admin_client, client):
    """Django's reset form skips accounts without a usable password: the import's accounts got nothing."""
    import re

    from django.core import mail

    content = HEADER + "baru.impor,Rina Baru,rina.baru@pasuruankab.go.id,Operator OPD,Bagian Hukum\n"
    confirm(
        admin_client,
        reverse("admin:auth_user_process_import"),
        preview(admin_client, reverse("admin:auth_user_import"), content),
    )
    assert not User.objects.get(username="baru.impor").has_usable_password()
    client.logout()
    mail.outbox.clear()
    response = client.post(reverse("password_reset"), {"email": "Rina.Baru@pasuruankab.go.id"})
    assert response.status_code == 302 and len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rina.baru@pasuruankab.go.id"]
    link = re.search(r"http://testserver(/akun/lupa-sandi/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    password = "Sandi-Pertama-2025!"
    client.post(form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    assert User.objects.get(username="baru.impor").check_password(password)
    signed_in = client.post(reverse("login"), {"username": "baru.impor", "password": password})
    assert signed_in.status_code == 302


def test_a_deactivated_account_gets_no_reset_mail(client):
    from django.core import mail

    user = factories.make_user("nonaktif", Role.OPERATOR, "BKPPD", is_active=False)
    user.set_unusable_password()
    user.save()
    mail.outbox.clear()
    client.post(reverse("password_reset"), {"email": user.email})
    assert mail.outbox == []


# -- the import in Bahasa Indonesia (issue 23) ----------------------------------------------------


def test_the_import_page_is_in_indonesian_with_a_template_to_download(admin_client):
    page = admin_client.get(reverse("admin:auth_user_import")).content.decode()
    assert "Berkas yang diimpor" in page and "Unduh templat (.xlsx)" in page
    assert reverse("admin:auth_user_import_template") in page
    for english in ("File to import", 'value="Submit"', "This importer will import the following fields"):
        assert english not in page


def test_the_template_has_the_columns_and_imports_as_it_is(admin_client):
    import io

    from openpyxl import load_workbook

    response = admin_client.get(reverse("admin:auth_user_import_template"))
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("nama_pengguna", "nama", "email", "peran", "opd")
    form = admin_client.get(reverse("admin:auth_user_import")).context["form"]
    xlsx = next(value for value, label in form.fields["format"].choices if str(label).lower() == "xlsx")
    upload = SimpleUploadedFile("templat.xlsx", response.content)
    preview_page = admin_client.post(
        reverse("admin:auth_user_import"), {"import_file": upload, "format": xlsx, "resource": 0}
    )
    assert not preview_page.context["result"].has_validation_errors()
    assert "confirm_form" in preview_page.context


def test_the_opd_template_leaves_out_the_column_an_import_never_writes(admin_client):
    import io

    from openpyxl import load_workbook

    response = admin_client.get(reverse("admin:roadmap_opd_import_template"))
    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert header == ("nama_singkat", "nama", "variasi_ejaan", "perlu_persetujuan_kepala")


def test_only_importers_download_the_template(client, verifier):
    client.force_login(verifier)
    assert client.get(reverse("admin:auth_user_import_template")).status_code in (302, 403)


def test_each_refused_cell_is_named_in_words(admin_client):
    content = HEADER + "salah.peran,Salah Peran,salah@pasuruankab.go.id,Bupati,Bagian Hukum\n"
    page = preview(admin_client, reverse("admin:auth_user_import"), content).content.decode()
    assert 'id="refused-cells"' in page
    assert "Baris 1, kolom peran: Peran &#x27;Bupati&#x27; tidak dikenal" in page
    assert "Beberapa baris ditolak" in page and "Some rows failed to validate" not in page
    assert "validation-error-count" not in page  # not behind a hover badge


def test_djangos_awkward_indonesian_admin_phrase_is_replaced():
    from django.utils import translation

    with translation.override("id"):
        assert translation.gettext("Change or view list link") == "Tautan ubah atau lihat"
        assert translation.gettext("Some rows failed to validate") == "Beberapa baris ditolak"
