"""Every access rule of the monitoring workflow, each attacked the way a user might try."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monev import workflow
from monev.choices import Status
from monev.models import Evidence, PeriodReopening, Realisation
from roadmap.models import OPD
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(client, user):
    client.force_login(user)
    return client


def row_url(period, activity):
    return reverse("monev:report_row", args=[period.pk, "kegiatan", activity.pk])


# -- another OPD's reports ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["realisation_detail", "submit", "approve", "verify", "return", "comment", "upload_evidence"]
)
def test_another_opds_report_is_404_on_every_url(client, operator_a, operator_b, open_period, activity_a, name):
    realisation = factories.report(operator_a, open_period, activity_a)
    login(client, operator_b)
    url = reverse(f"monev:{name}", args=[realisation.pk])
    response = client.get(url) if name == "realisation_detail" else client.post(url, {"note": "x", "text": "x"})
    assert response.status_code == 404
    realisation.refresh_from_db()
    assert realisation.status == Status.DRAFT and realisation.events.count() == 1


def test_another_opds_evidence_cannot_be_downloaded(client, operator_a, operator_b, open_period, activity_a):
    realisation = factories.report(operator_a, open_period, activity_a)
    evidence = workflow.add_evidence(operator_a, realisation, SimpleUploadedFile("notulen.pdf", PDF))
    assert login(client, operator_b).get(reverse("monev:evidence_download", args=[evidence.pk])).status_code == 404
    assert login(client, operator_a).get(reverse("monev:evidence_download", args=[evidence.pk])).status_code == 200


def test_a_row_of_another_opd_cannot_be_reported_on(client, operator_b, open_period, activity_a):
    login(client, operator_b)
    assert client.get(row_url(open_period, activity_a)).status_code == 404
    response = client.post(row_url(open_period, activity_a), {"progress": "10", "narrative": "x", "version": "0"})
    assert response.status_code == 404
    assert not Realisation.objects.exists()


def test_a_forged_opd_field_is_ignored(client, operator_b, open_period, activity_b):
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    login(client, operator_b)
    client.post(row_url(open_period, activity_b), {"progress": "10", "narrative": "x", "version": "0", "opd": hukum.pk})
    assert list(Realisation.objects.values_list("opd__short_name", flat=True)) == ["BKPPD"]


def test_workflow_refuses_a_row_the_opd_is_not_responsible_for(operator_b, open_period, activity_a):
    with pytest.raises(workflow.WorkflowError, match="tidak bertanggung jawab"):
        workflow.save_report(
            user=operator_b,
            period=open_period,
            opd=OPD.objects.get(short_name="BKPPD"),
            activity=activity_a,
            values={"progress": 1},
            version=None,
        )


def test_operator_cannot_report_for_another_opd_through_the_workflow(operator_b, open_period, activity_a):
    with pytest.raises(workflow.WorkflowError, match="tidak dapat melapor untuk OPD ini"):
        workflow.save_report(
            user=operator_b,
            period=open_period,
            opd=OPD.objects.get(short_name="Bagian Hukum"),
            activity=activity_a,
            values={"progress": 1},
            version=None,
        )


def test_verifier_and_evaluator_see_every_opd_but_only_verifier_acts(
    client, operator_a, verifier, evaluator, open_period, activity_a
):
    realisation = factories.report(operator_a, open_period, activity_a, submit=True)
    detail = reverse("monev:realisation_detail", args=[realisation.pk])
    assert login(client, evaluator).get(detail).status_code == 200
    client.post(reverse("monev:verify", args=[realisation.pk]))
    realisation.refresh_from_db()
    assert realisation.status == Status.SUBMITTED
    assert login(client, verifier).get(detail).status_code == 200


def test_users_without_a_role_see_nothing(client, stranger, operator_a, open_period, activity_a):
    realisation = factories.report(operator_a, open_period, activity_a)
    login(client, stranger)
    assert client.get(reverse("monev:realisation_detail", args=[realisation.pk])).status_code == 404
    assert client.get(reverse("monev:my_tasks")).status_code == 403
    assert client.get(reverse("monev:verification_queue")).status_code == 403


def test_anonymous_users_are_sent_to_login(client, open_period):
    response = client.get(reverse("monev:my_tasks"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_opd_users_cannot_open_the_verification_queue(client, operator_a):
    assert login(client, operator_a).get(reverse("monev:verification_queue")).status_code == 403


# -- locked periods --------------------------------------------------------------------------------


def test_locked_period_refuses_the_form(client, operator_a, locked_period, activity_a):
    login(client, operator_a)
    response = client.post(row_url(locked_period, activity_a), {"progress": "10", "narrative": "x", "version": "0"})
    assert "sudah dikunci" in response.content.decode()
    assert not Realisation.objects.exists()


def test_locked_period_refuses_evidence_submit_and_comments(client, operator_a, verifier, open_period, activity_a):
    """The OPD's writes; the verifier's decisions on submitted reports survive the lock (test_period_lock)."""
    realisation = factories.report(operator_a, open_period, activity_a)
    factories.period(2023, 2, locked=True)
    login(client, operator_a)
    client.post(reverse("monev:upload_evidence", args=[realisation.pk]), {"file": SimpleUploadedFile("a.pdf", PDF)})
    client.post(reverse("monev:submit", args=[realisation.pk]))
    client.post(reverse("monev:comment", args=[realisation.pk]), {"text": "halo"})
    realisation.refresh_from_db()
    assert realisation.status == Status.DRAFT
    assert not Evidence.objects.exists()
    assert realisation.events.count() == 1
    with pytest.raises(workflow.WorkflowError, match="menunggu verifikasi"):
        workflow.verify(verifier, realisation)  # a draft is not the verifier's, locked or not


def test_locked_period_refuses_the_excel_upload(client, operator_a, locked_period):
    login(client, operator_a)
    upload = SimpleUploadedFile("isian.xlsx", b"PK\x03\x04")
    response = client.post(reverse("monev:excel_upload", args=[locked_period.pk]), {"file": upload})
    assert response.status_code == 403


def test_reopening_for_one_opd_opens_it_for_that_opd_only(
    operator_a, operator_b, administrator, locked_period, activity_a, activity_b
):
    PeriodReopening.objects.create(
        period=locked_period,
        opd=OPD.objects.get(short_name="Bagian Hukum"),
        reason="Keterlambatan karena server mati.",
        reopened_by=administrator,
    )
    assert factories.report(operator_a, locked_period, activity_a).status == Status.DRAFT
    with pytest.raises(workflow.WorkflowError, match="dikunci"):
        factories.report(operator_b, locked_period, activity_b)


def test_admin_cannot_change_a_locked_period_unless_administrator(client, verifier, administrator, locked_period):
    from django.contrib.auth.models import Permission

    verifier.is_staff = True
    verifier.save()
    verifier.user_permissions.add(*Permission.objects.filter(codename__in=["change_period", "view_period"]))
    url = reverse("admin:monev_period_change", args=[locked_period.pk])
    response = login(client, verifier).post(url, {"opens_on": "2019-01-01", "deadline": "2019-12-31"})
    locked_period.refresh_from_db()
    assert str(locked_period.opens_on) == "2019-06-01"
    assert response.status_code in (200, 403)
    assert login(client, administrator).get(url).status_code == 200


def test_reports_are_read_only_in_the_admin_even_for_administrators(
    client, administrator, operator_a, open_period, activity_a
):
    realisation = factories.report(operator_a, open_period, activity_a)
    login(client, administrator)
    url = reverse("admin:monev_realisation_change", args=[realisation.pk])
    client.post(url, {"narrative": "diubah lewat admin"})
    realisation.refresh_from_db()
    assert realisation.narrative == "Uraian capaian uji."
    delete = client.post(reverse("admin:monev_realisation_delete", args=[realisation.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert Realisation.objects.filter(pk=realisation.pk).exists()
