"""Bulk verify from the queue, 'next' after an action, submit every complete draft at once."""

from django.urls import reverse

from monev import workflow
from monev.models import Realisation
from tests import factories


def submitted(operator, period, n):
    activities = factories.Activity.objects.filter(opd_links__opd=operator.membership.opd).order_by("pk")[:n]
    return [factories.report(operator, period, activity, submit=True) for activity in activities]


def test_bulk_verify_lists_the_reports_first_then_verifies_each(client, operator_a, verifier, open_period):
    reports = submitted(operator_a, open_period, 3)
    client.force_login(verifier)
    ids = [str(r.pk) for r in reports[:2]]
    confirm = client.post(reverse("monev:bulk_verify"), {"pilih": ids})
    assert confirm.status_code == 200 and "Verifikasi 2 laporan?" in confirm.content.decode()
    assert not Realisation.objects.filter(status="verified").exists()
    done = client.post(reverse("monev:bulk_verify"), {"pilih": ids, "confirm": ""}, follow=True)
    assert "2 laporan diverifikasi." in done.content.decode()
    assert set(Realisation.objects.filter(status="verified").values_list("pk", flat=True)) == {
        r.pk for r in reports[:2]
    }


def test_bulk_verify_reports_what_failed_and_verifies_the_rest(client, operator_a, verifier, open_period):
    first, second = submitted(operator_a, open_period, 2)
    workflow.return_report(verifier, second, "Perbaiki")
    client.force_login(verifier)
    page = client.post(
        reverse("monev:bulk_verify"), {"pilih": [first.pk, second.pk], "confirm": ""}, follow=True
    ).content.decode()
    assert "1 laporan diverifikasi." in page and "Tidak diverifikasi:" in page
    second.refresh_from_db()
    assert second.status == "returned"


def test_only_verifiers_bulk_verify_and_only_visible_reports(client, operator_a, evaluator, open_period):
    report = submitted(operator_a, open_period, 1)[0]
    client.force_login(evaluator)
    assert client.post(reverse("monev:bulk_verify"), {"pilih": [report.pk], "confirm": ""}).status_code == 403
    client.force_login(operator_a)
    assert client.post(reverse("monev:bulk_verify"), {"pilih": [report.pk], "confirm": ""}).status_code == 403
    report.refresh_from_db()
    assert report.status == "submitted"


def test_verify_then_next_opens_the_oldest_waiting_report(client, operator_a, verifier, open_period):
    first, second, third = submitted(operator_a, open_period, 3)
    client.force_login(verifier)
    response = client.post(reverse("monev:verify", args=[second.pk]), {"then_next": ""})
    assert response["Location"] == first.get_absolute_url()
    client.post(reverse("monev:verify", args=[first.pk]))
    response = client.post(reverse("monev:verify", args=[third.pk]), {"then_next": ""})
    assert response["Location"] == reverse("monev:verification_queue")


def test_the_queue_shows_waiting_days_evidence_and_boxes_for_verifiers_only(
    client, operator_a, verifier, evaluator, open_period
):
    submitted(operator_a, open_period, 1)
    client.force_login(verifier)
    page = client.get(reverse("monev:verification_queue")).content.decode()
    assert "Menunggu (hari)" in page and "tanpa bukti" in page and 'name="pilih"' in page
    client.force_login(evaluator)
    assert 'name="pilih"' not in client.get(reverse("monev:verification_queue")).content.decode()


def test_an_empty_queue_says_so(client, verifier):
    client.force_login(verifier)
    assert "Tidak ada laporan yang cocok" in client.get(reverse("monev:verification_queue")).content.decode()


def test_submit_all_complete_drafts_leaves_incomplete_ones(client, operator_a, open_period):
    activities = factories.Activity.objects.filter(opd_links__opd__short_name="Bagian Hukum").order_by("pk")[:3]
    complete = [factories.report(operator_a, open_period, a) for a in activities[:2]]
    incomplete = factories.report(operator_a, open_period, activities[2], narrative="")
    client.force_login(operator_a)
    page = client.post(reverse("monev:submit_complete", args=[open_period.pk]), follow=True).content.decode()
    assert "2 draf lengkap diajukan ke Bagian Organisasi" in page and "1 draf belum lengkap" in page
    assert {r.status for r in Realisation.objects.filter(pk__in=[c.pk for c in complete])} == {"submitted"}
    incomplete.refresh_from_db()
    assert incomplete.status == "draft"


def test_submit_all_touches_only_the_users_own_opd(client, operator_a, operator_b, open_period):
    draft = factories.report(operator_a, open_period, factories.activity_of("Bagian Hukum"))
    client.force_login(operator_b)
    client.post(reverse("monev:submit_complete", args=[open_period.pk]))
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_chosen_id_that_is_no_number_is_ignored_not_a_500(client, operator_a, verifier, open_period):
    """'²' and '١' pass str.isdigit(); int('²') raised and the database refused a 20-digit id."""
    (report,) = submitted(operator_a, open_period, 1)
    client.force_login(verifier)
    for junk in (["²"], ["١٢"], ["99999999999999999999"], ["-1"]):
        response = client.post(reverse("monev:bulk_verify"), {"pilih": junk, "confirm": ""}, follow=True)
        assert response.status_code == 200 and "Pilih dahulu laporan" in response.content.decode()
    done = client.post(reverse("monev:bulk_verify"), {"pilih": ["²", str(report.pk)], "confirm": ""}, follow=True)
    assert "1 laporan diverifikasi." in done.content.decode()
