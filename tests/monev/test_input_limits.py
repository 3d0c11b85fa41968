"""Every POST goes through a form: texts within their limits, NUL refused, nothing stored on refusal."""

import pytest
from django.urls import reverse

from monev.choices import ProposalStatus, Status
from monev.models import OPDProposal, Realisation, ReportEvent
from tests import factories

NUL = "catatan\x00dengan NUL"


@pytest.fixture
def submitted(operator_a, open_period, activity_a):
    return factories.report(operator_a, open_period, activity_a, submit=True)


def events(realisation) -> list:
    return list(ReportEvent.objects.filter(realisation=realisation).values_list("action", "note"))


@pytest.mark.parametrize(("text", "message"), [("k" * 4001, "paling banyak 4000"), (NUL, "null")])
def test_a_comment_too_long_or_with_nul_is_refused(client, verifier, submitted, text, message):
    before = events(submitted)
    client.force_login(verifier)
    response = client.post(reverse("monev:comment", args=[submitted.pk]), {"text": text}, follow=True)
    assert response.status_code == 200 and message in response.content.decode().lower()
    assert events(submitted) == before


@pytest.mark.parametrize(("note", "message"), [("c" * 2001, "paling banyak 2000"), (NUL, "null")])
def test_a_return_note_too_long_or_with_nul_is_refused(client, verifier, submitted, note, message):
    client.force_login(verifier)
    response = client.post(reverse("monev:return", args=[submitted.pk]), {"note": note}, follow=True)
    assert response.status_code == 200 and message in response.content.decode().lower()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and submitted.return_note == ""


def test_report_texts_over_their_limit_are_refused(client, operator_a, open_period, activity_a):
    client.force_login(operator_a)
    url = reverse("monev:report_row", args=[open_period.pk, "kegiatan", activity_a.pk])
    response = client.post(url, {"progress": "10", "narrative": "n" * 5001, "version": "0"})
    assert response.status_code == 200 and "paling banyak 5000" in response.content.decode()
    response = client.post(url, {"progress": "10", "obstacles": NUL, "version": "0"})
    assert response.status_code == 200
    assert not Realisation.objects.exists()


def test_report_texts_are_stored_with_one_kind_of_line_end_and_no_control_characters(
    client, operator_a, open_period, activity_a
):
    client.force_login(operator_a)
    url = reverse("monev:report_row", args=[open_period.pk, "kegiatan", activity_a.pk])
    client.post(url, {"progress": "10", "narrative": " satu\r\ndua\x07\x1b ", "version": "0"})
    assert Realisation.objects.get().narrative == "satu\ndua"


def test_proposal_texts_over_their_limit_change_nothing(client, operator_a, activity_a):
    client.force_login(operator_a)
    data = {"area": activity_a.area_id, "kegiatan": "k" * 1001, "criteria": "c", "output_target": "o"}
    response = client.post(reverse("monev:proposals"), data)
    assert response.status_code == 200 and "paling banyak 1000" in response.content.decode()
    response = client.post(reverse("monev:proposals"), {**data, "kegiatan": NUL})
    assert response.status_code == 200
    assert not OPDProposal.objects.exists()


@pytest.mark.parametrize("note", [NUL, "d" * 2001])
def test_a_decision_note_with_nul_or_too_long_changes_nothing(client, operator_a, verifier, activity_a, note):
    proposal = OPDProposal.objects.create(
        opd=operator_a.membership.opd,
        area=activity_a.area,
        kegiatan="k",
        criteria="c",
        output_target="o",
        proposed_by=operator_a,
    )
    client.force_login(verifier)
    url = reverse("monev:decide_proposal", args=[proposal.pk])
    response = client.post(url, {"decision": "reject", "note": note}, follow=True)
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED and proposal.decision_note == ""


@pytest.mark.parametrize("version", ["99999999999999999999999", "-1", "\x00", "satu"])
def test_a_hostile_version_is_treated_as_absent(client, verifier, submitted, version):
    client.force_login(verifier)
    response = client.post(reverse("monev:verify", args=[submitted.pk]), {"version": version})
    assert response.status_code == 302


def test_excel_texts_over_their_limit_are_problems_of_their_cell(client, operator_a, open_period):
    from tests.monev.test_excel import download, fill, upload

    workbook = download(client, operator_a, open_period)
    fill(workbook["Laporan"], 2, progress=10, narrative="n" * 5001)
    page = upload(client, open_period, workbook).content.decode()
    from openpyxl.utils import get_column_letter

    from monev import excel

    narrative_cell = f"{get_column_letter(excel.KEYS.index('narrative') + 1)}2"
    assert f"<td>{narrative_cell}</td>" in page and "paling banyak 5000" in page
    assert not Realisation.objects.exists()


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("monev:verification_queue", {"per_page": "-1"}),
        ("monev:verification_queue", {"per_page": "0"}),
        ("monev:verification_queue", {"per_page": "99999999999999999999"}),
        ("monev:verification_queue", {"page": "-5"}),
        ("monev:verification_queue", {"page": "²"}),
        ("monev:verification_queue", {"_export": "json"}),
        ("monev:verification_queue", {"_export": "xls"}),
        ("monev:verification_queue", {"sort": "password"}),
        ("dashboards:activity_list", {"per_page": "-1"}),
        ("dashboards:indicator_list", {"per_page": "-1", "_export": "latex"}),
        ("dashboards:completeness_list", {"per_page": "-1"}),
    ],
)
def test_bad_list_parameters_fall_back_to_the_page(client, verifier, submitted, name, params):
    client.force_login(verifier)
    response = client.get(reverse(name), params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_the_page_size_is_capped(client, verifier, submitted):
    client.force_login(verifier)
    response = client.get(reverse("monev:verification_queue"), {"per_page": "100000", "status": ""})
    assert response.context["table"].paginator.per_page == 200


def test_the_evaluator_reads_reports_but_cannot_comment(client, evaluator, submitted):
    client.force_login(evaluator)
    page = client.get(submitted.get_absolute_url())
    assert page.status_code == 200
    assert reverse("monev:comment", args=[submitted.pk]) not in page.content.decode()
    response = client.post(reverse("monev:comment", args=[submitted.pk]), {"text": "Catatan evaluator"}, follow=True)
    assert "hanya dapat membaca laporan ini" in response.content.decode()
    assert not ReportEvent.objects.filter(realisation=submitted, action=ReportEvent.Action.COMMENT).exists()


def test_the_verifier_can_comment(client, verifier, submitted):
    client.force_login(verifier)
    assert reverse("monev:comment", args=[submitted.pk]) in client.get(submitted.get_absolute_url()).content.decode()
    client.post(reverse("monev:comment", args=[submitted.pk]), {"text": "Lengkapi bukti."})
    assert ReportEvent.objects.get(realisation=submitted, action=ReportEvent.Action.COMMENT).note == "Lengkapi bukti."


def test_every_report_text_states_its_limit_and_no_browser_cuts_a_paste(client, operator_a, open_period, activity_a):
    client.force_login(operator_a)
    page = client.get(reverse("monev:report_row", args=[open_period.pk, "kegiatan", activity_a.pk])).content.decode()
    assert page.count("Paling banyak 5.000 karakter.") >= 1 and 'aria-describedby="id_narrative_limit' in page
    assert "maxlength" not in page.split('name="narrative"')[1].split(">")[0]
