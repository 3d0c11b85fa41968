"""Prioritas OPD: OPDs propose their own rows; approved rows are reported but never mixed into the Perbup."""

import pytest
from django.urls import reverse

from actionplan.models import Activity
from monev import proposals, workflow
from monev.choices import ProposalStatus
from monev.models import OPDProposal
from perbup.opendata import build_roadmap_document
from roadmap.models import ChangeArea
from tests import factories


@pytest.fixture
def proposal(client, operator_a):
    client.force_login(operator_a)
    area = ChangeArea.objects.get(number=2)
    client.post(
        reverse("monev:proposals"),
        {"area": area.pk, "kegiatan": "Digitalisasi JDIH", "criteria": "JDIH daring", "output_target": "1 aplikasi"},
    )
    return OPDProposal.objects.get()


def test_an_opd_proposes_and_bagian_organisasi_approves(client, proposal, verifier, operator_a, open_period):
    assert proposal.opd.short_name == "Bagian Hukum" and proposal.status == ProposalStatus.PROPOSED
    client.force_login(verifier)
    client.post(reverse("monev:decide_proposal", args=[proposal.pk]), {"decision": "approve"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    addition = proposal.activity
    assert addition.is_opd_addition and addition.source_line is None and addition.area.number == 2
    client.force_login(operator_a)
    page = client.get(reverse("monev:my_tasks"), {"periode": open_period.pk}).content.decode()
    assert "Digitalisasi JDIH" in page and "Tambahan OPD" in page
    assert factories.report(operator_a, open_period, addition).activity == addition


def test_approved_additions_never_enter_the_perbups_content(client, proposal, verifier):
    proposals.decide(verifier, proposal, approve=True)
    document = build_roadmap_document(factories.perbup_roadmap())
    assert all(row["kegiatan"] != "Digitalisasi JDIH" for row in document["activities"])
    assert Activity.objects.perbup().count() == 137


def test_rejection_needs_a_reason(proposal, verifier):
    with pytest.raises(workflow.WorkflowError, match="Alasan penolakan"):
        proposals.decide(verifier, proposal, approve=False)
    proposals.decide(verifier, proposal, approve=False, note="Sudah tercakup di 2.3.c")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED and proposal.activity is None


def test_operators_cannot_decide_and_decisions_are_final(client, proposal, operator_a, verifier):
    client.force_login(operator_a)
    assert client.post(reverse("monev:decide_proposal", args=[proposal.pk]), {"decision": "approve"}).status_code == 403
    proposals.decide(verifier, proposal, approve=True)
    with pytest.raises(workflow.WorkflowError, match="sudah diputuskan"):
        proposals.decide(verifier, proposal, approve=False, note="berubah pikiran")


def test_other_opds_do_not_see_the_proposal(client, proposal, operator_b):
    client.force_login(operator_b)
    assert "Digitalisasi JDIH" not in client.get(reverse("monev:proposals")).content.decode()
