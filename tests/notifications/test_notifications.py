"""Notifications: who is told what by the workflows, in the application and by e-mail."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from monev import workflow
from notifications.models import Kind, Notification, Preference
from pmprb import workflow as pmprb_workflow
from pmprb.models import LkeArea
from roadmap.models import OPD
from tests import factories


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


@pytest.fixture
def submitted(operator_a, open_period, activity_a):
    return factories.report(operator_a, open_period, activity_a, submit=True)


def test_a_return_tells_the_opd_with_the_note_and_e_mails_it(
    django_capture_on_commit_callbacks, operator_a, verifier, submitted
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_report(verifier, submitted, "Lampirkan notulen.")
    notification = Notification.objects.get(recipient=operator_a)
    assert notification.kind == Kind.RETURNED and "Lampirkan notulen." in notification.message
    assert notification.url == submitted.get_absolute_url() and notification.emailed
    assert [message.to for message in mail.outbox] == [["operator_a@example.test"]]
    assert not Notification.objects.filter(recipient=verifier).exists()  # not told of their own action


def test_the_fix_tells_the_verifier_who_returned_it(operator_a, verifier, submitted):
    workflow.return_report(verifier, submitted, "Perbaiki.")
    workflow.submit(operator_a, submitted)
    assert kinds(verifier) == [Kind.RESUBMITTED]


def test_a_first_submission_tells_nobody(operator_a, verifier, submitted):
    assert not Notification.objects.exists()


def test_verification_tells_every_member_of_the_opd(operator_a, head_a, operator_b, verifier, submitted):
    workflow.verify(verifier, submitted)
    assert kinds(operator_a) == [Kind.VERIFIED] and kinds(head_a) == [Kind.VERIFIED]
    assert kinds(operator_b) == []


def test_approval_request_goes_to_the_head_and_approval_back_to_the_operator(
    operator_a, head_a, open_period, activity_a
):
    OPD.objects.filter(short_name="Bagian Hukum").update(requires_head_approval=True)
    report = factories.report(operator_a, open_period, activity_a, submit=True)
    assert kinds(head_a) == [Kind.APPROVAL_REQUESTED]
    workflow.approve(head_a, report)
    assert kinds(operator_a) == [Kind.APPROVED]


def test_the_head_returns_to_the_operator_with_a_note(operator_a, head_a, open_period, activity_a):
    OPD.objects.filter(short_name="Bagian Hukum").update(requires_head_approval=True)
    report = factories.report(operator_a, open_period, activity_a, submit=True)
    workflow.return_to_operator(head_a, report, "Angka belum sesuai.")
    report.refresh_from_db()
    assert report.status == "returned" and report.return_note == "Angka belum sesuai."
    assert kinds(operator_a) == [Kind.RETURNED]
    with pytest.raises(workflow.WorkflowError, match="tidak sedang menunggu persetujuan"):
        workflow.return_to_operator(head_a, report, "lagi")


def test_only_the_head_of_the_opd_may_return_to_the_operator_and_a_note_is_required(
    operator_a, head_a, verifier, open_period, activity_a
):
    OPD.objects.filter(short_name="Bagian Hukum").update(requires_head_approval=True)
    report = factories.report(operator_a, open_period, activity_a, submit=True)
    for user in (operator_a, verifier):
        with pytest.raises(workflow.WorkflowError, match="Kepala OPD"):
            workflow.return_to_operator(user, report, "catatan")
    with pytest.raises(workflow.WorkflowError, match="wajib diisi"):
        workflow.return_to_operator(head_a, report, "  ")
    report.refresh_from_db()
    assert report.status == "awaiting_approval" and not Notification.objects.filter(kind=Kind.RETURNED).exists()


def test_a_user_who_turned_e_mail_off_is_told_only_in_the_app(
    django_capture_on_commit_callbacks, operator_a, verifier, submitted
):
    Preference.objects.create(user=operator_a, email_enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.verify(verifier, submitted)
    assert Notification.objects.filter(recipient=operator_a).exists() and mail.outbox == []


def test_a_refused_step_tells_nobody(operator_a, verifier, submitted):
    with pytest.raises(workflow.WorkflowError):
        workflow.return_report(verifier, submitted, "")
    assert not Notification.objects.exists()


def test_a_new_recommendation_tells_the_opd_and_a_follow_up_tells_the_evaluators(operator_a, evaluator):
    assessment = pmprb_workflow.create_assessment(evaluator, 2019)
    area = LkeArea.objects.get(component__version=assessment.version, number=1)
    finding = pmprb_workflow.add_finding(evaluator, 2019, area, "Temuan")
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    recommendation = pmprb_workflow.add_recommendation(evaluator, finding, "Susun SOP", hukum, date.today())
    assert kinds(operator_a) == [Kind.FINDING]
    follow_up = pmprb_workflow.record_follow_up(operator_a, recommendation, "selesai", "SOP ditetapkan")
    assert kinds(evaluator) == [Kind.FOLLOW_UP]
    pmprb_workflow.decide_follow_up(evaluator, follow_up, "belum_sesuai", "Lampirkan SK penetapan.")
    decided = Notification.objects.get(recipient=operator_a, kind=Kind.FOLLOW_UP_DECIDED)
    assert "belum sesuai" in decided.message and "Lampirkan SK penetapan." in decided.message


def test_the_navbar_counts_unread_and_opening_marks_read(client, operator_a, verifier, submitted):
    workflow.return_report(verifier, submitted, "Perbaiki.")
    client.force_login(operator_a)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Perbaiki." in page and 'bg-danger">1' in page
    notification = Notification.objects.get(recipient=operator_a)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == submitted.get_absolute_url()
    notification.refresh_from_db()
    assert notification.is_read
    assert 'bg-danger">' not in client.get(reverse("notifications:list")).content.decode()


def test_nobody_opens_another_users_notification(client, operator_a, operator_b, verifier, submitted):
    workflow.return_report(verifier, submitted, "Perbaiki.")
    notification = Notification.objects.get(recipient=operator_a)
    client.force_login(operator_b)
    assert client.post(reverse("notifications:open", args=[notification.pk])).status_code == 404
    client.post(reverse("notifications:mark_all_read"))
    notification.refresh_from_db()
    assert not notification.is_read


def test_a_notification_never_redirects_off_site(client, operator_a):
    from notifications.service import notify

    notification = notify([operator_a], Kind.VERIFIED, "x", "https://jahat.example/")[0]
    client.force_login(operator_a)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_the_profile_turns_e_mail_off(client, operator_a):
    client.force_login(operator_a)
    assert client.post(reverse("notifications:profile"), {}).status_code == 302
    assert Preference.objects.get(user=operator_a).email_enabled is False
    client.post(reverse("notifications:profile"), {"email_enabled": "on"})
    assert Preference.objects.get(user=operator_a).email_enabled is True


def test_the_list_pins_its_query_count(client, operator_a, django_assert_num_queries):
    from notifications.service import notify

    client.force_login(operator_a)
    notify([operator_a], Kind.VERIFIED, "satu", "/")
    client.get(reverse("notifications:list"))
    for n in range(40):
        notify([operator_a], Kind.VERIFIED, f"pesan {n}", "/")
    # session, user, page count, page of notifications, unread count; the navbar's OPD and groups
    with django_assert_num_queries(7):
        client.get(reverse("notifications:list"))


def test_e_mail_settings_come_from_the_environment(monkeypatch):
    import importlib

    import roadmap_site.settings as site_settings

    monkeypatch.setenv("EMAIL_HOST", "smtp.pasuruankab.go.id")
    monkeypatch.setenv("EMAIL_PORT", "587")
    monkeypatch.setenv("EMAIL_USE_TLS", "1")
    reloaded = importlib.reload(site_settings)
    try:
        assert (reloaded.EMAIL_HOST, reloaded.EMAIL_PORT, reloaded.EMAIL_USE_TLS) == (
            "smtp.pasuruankab.go.id",
            587,
            True,
        )
    finally:
        monkeypatch.undo()
        importlib.reload(site_settings)


def test_due_dates_do_not_matter_for_who_is_told(evaluator, operator_b):
    assessment = pmprb_workflow.create_assessment(evaluator, 2019)
    area = LkeArea.objects.get(component__version=assessment.version, number=2)
    finding = pmprb_workflow.add_finding(evaluator, 2019, area, "Temuan")
    bkppd = OPD.objects.get(short_name="BKPPD")
    pmprb_workflow.add_recommendation(evaluator, finding, "R", bkppd, date.today() - timedelta(days=3))
    assert kinds(operator_b) == [Kind.FINDING]


def test_messages_and_e_mails_name_what_happens_next(
    django_capture_on_commit_callbacks, operator_a, head_a, verifier, open_period, activity_a
):
    OPD.objects.filter(short_name="Bagian Hukum").update(requires_head_approval=True)
    with django_capture_on_commit_callbacks(execute=True):
        report = factories.report(operator_a, open_period, activity_a, submit=True)
    assert Notification.objects.get(recipient=head_a).message.startswith("Menunggu persetujuan Anda")
    workflow.approve(head_a, report)
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_report(verifier, report, "Lampirkan notulen.")
    returned = Notification.objects.filter(recipient=operator_a, kind=Kind.RETURNED).get()
    assert returned.message.startswith("Dikembalikan Bagian Organisasi untuk diperbaiki")
    assert any("untuk diperbaiki" in message.subject for message in mail.outbox)
    assert returned.get_kind_display() == "laporan dikembalikan untuk diperbaiki"
    OPD.objects.filter(short_name="Bagian Hukum").update(requires_head_approval=False)
    report.refresh_from_db()
    workflow.submit(operator_a, report)
    told = Notification.objects.get(recipient=verifier)
    assert told.message.startswith("Diperbaiki dan diajukan kembali")
    assert told.get_kind_display() == "laporan diperbaiki dan diajukan kembali"
