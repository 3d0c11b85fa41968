"""A button is shown exactly when its action is allowed: every report state × persona × action.

For each combination the report page is opened and the action posted (then rolled back): the
page shows the action's form if and only if the POST changed the report. The buttons come from
accounts.rules.can and the workflow refuses through accounts.rules.require, so they cannot drift.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from monev import workflow
from monev.models import Realisation
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PERSONAS = ["operator_a", "head_a", "operator_b", "verifier", "evaluator", "administrator"]
STATES = ["draft", "awaiting_approval", "submitted", "returned", "verified"]
ACTIONS = {
    # url name: POST data (the report's version is added)
    "monev:submit": {},
    "monev:approve": {},
    "monev:verify": {},
    "monev:return": {"note": "Lengkapi bukti."},
    "monev:comment": {"text": "Catatan uji."},
    "monev:upload_evidence": {},
}


def report_in(state: str, operator, head, verifier, period, activity) -> Realisation:
    opd = factories.Membership.objects.get(user=operator).opd
    opd.requires_head_approval = state == "awaiting_approval"
    opd.save()
    report = factories.report(operator, period, activity, submit=state != "draft")
    if state == "returned":
        workflow.return_report(verifier, report, "Perbaiki.")
    elif state == "verified":
        workflow.verify(verifier, report)
    report.refresh_from_db()
    assert report.status == state
    return report


def fingerprint(report: Realisation) -> tuple:
    report.refresh_from_db()
    return report.status, report.version, report.events.count(), report.evidence.count()


@pytest.mark.parametrize("locked", [False, True], ids=["open", "locked"])
@pytest.mark.parametrize("state", STATES)
def test_a_button_is_shown_exactly_when_its_post_succeeds(
    client, state, locked, operator_a, head_a, operator_b, verifier, evaluator, administrator, open_period, activity_a
):
    personas = dict(zip(PERSONAS, [operator_a, head_a, operator_b, verifier, evaluator, administrator], strict=True))
    report = report_in(state, operator_a, head_a, verifier, open_period, activity_a)
    if locked:
        open_period.locked_at = timezone.now()
        open_period.save()
    mismatches = []
    for persona, user in personas.items():
        client.force_login(user)
        page = client.get(report.get_absolute_url())
        html = page.content.decode() if page.status_code == 200 else ""
        for name, data in ACTIONS.items():
            url = reverse(name, args=[report.pk])
            # Evidence is chosen in the report form itself (its file input), not in a form of its own
            shown = 'name="files"' in html if name == "monev:upload_evidence" else f'action="{url}"' in html
            with transaction.atomic():
                before = fingerprint(report)
                payload = {**data, "version": report.version}
                if name == "monev:upload_evidence":
                    payload["file"] = SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")
                client.post(url, payload)
                succeeded = fingerprint(report) != before
                transaction.set_rollback(True)
            if shown != succeeded:
                mismatches.append(f"{persona} {name}: shown={shown} succeeded={succeeded}")
    assert not mismatches, f"{state}{' (locked)' if locked else ''}:\n" + "\n".join(mismatches)


def test_the_matrix_is_not_empty(client, operator_a, verifier, open_period, activity_a):
    """The walk above would pass vacuously if no button were ever shown: the verifier sees Verifikasi."""
    report = factories.report(operator_a, open_period, activity_a, submit=True)
    client.force_login(verifier)
    assert (
        f'action="{reverse("monev:verify", args=[report.pk])}"'
        in client.get(report.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize(
    ("state", "verify", "give_back"),
    [("submitted", True, True), ("verified", False, False), ("returned", False, False), ("draft", False, False)],
)
def test_a_locked_period_keeps_the_verifiers_buttons_on_what_waits(
    client, state, verify, give_back, operator_a, head_a, verifier, open_period, activity_a
):
    """Deliberate expectation (issue 23): the lock stops the OPD, not the verifier's decision on what waits."""
    report = report_in(state, operator_a, head_a, verifier, open_period, activity_a)
    open_period.locked_at = timezone.now()
    open_period.save()
    client.force_login(verifier)
    html = client.get(report.get_absolute_url()).content.decode()
    assert (f'action="{reverse("monev:verify", args=[report.pk])}"' in html) is verify
    assert (f'action="{reverse("monev:return", args=[report.pk])}"' in html) is give_back
