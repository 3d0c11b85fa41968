"""Rules the monev pages call: the report form's save, the workflow's batches, the queue export, evidence
access and proposals, each called directly."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from actionplan.models import Activity
from monev import proposals, workflow
from monev.choices import Status
from monev.models import Evidence, OPDProposal, Realisation
from monev.tables import export_values
from roadmap.models import OPD, ChangeArea
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def save(user, period, activity, **changes):
    arguments = {
        "user": user,
        "period": period,
        "opd": user.membership.opd,
        "activity": activity,
        "indicator": None,
        "values": {"progress": Decimal("50"), "narrative": "Rapat tim."},
        "version": None,
        "remove": [],
        "files": [],
        "sent_ahead": [],
        "photos": [],
        "then_submit": False,
    }
    return workflow.save_with_evidence(**{**arguments, **changes})


def test_save_with_evidence_saves_attaches_and_submits_and_says_so(operator_a, open_period, activity_a):
    realisation, done = save(operator_a, open_period, activity_a, files=[SimpleUploadedFile("a.pdf", PDF)])
    assert done == "Draf disimpan. 1 bukti diunggah."
    assert realisation.status == Status.DRAFT and realisation.evidence.active().count() == 1
    evidence = realisation.evidence.get()
    realisation, done = save(
        operator_a, open_period, activity_a, remove=[evidence.pk], version=realisation.version, then_submit=True
    )
    assert done.startswith("Laporan disimpan. Laporan diajukan ke Bagian Organisasi")
    assert done.endswith("1 bukti dihapus dari laporan.")
    assert realisation.status == Status.SUBMITTED and not realisation.evidence.active().exists()


def test_a_refused_submit_undoes_the_save_and_the_files(operator_a, open_period, activity_a):
    with pytest.raises(workflow.WorkflowError, match="uraian capaian"):
        save(
            operator_a,
            open_period,
            activity_a,
            values={"progress": Decimal("50"), "narrative": ""},
            files=[SimpleUploadedFile("a.pdf", PDF)],
            then_submit=True,
        )
    assert not Realisation.objects.exists() and not Evidence.objects.exists()


def test_verify_each_verifies_what_it_may_and_names_the_rest(operator_a, verifier, open_period, activity_a):
    submitted = factories.report(operator_a, open_period, activity_a, submit=True)
    other = factories.activity_of("Bagian Hukum")
    draft = factories.report(operator_a, factories.period(2023, 1), other)
    verified, refused = workflow.verify_each(verifier, [submitted, draft])
    assert verified == 1 and len(refused) == 1
    assert refused[0].startswith("Bagian Hukum — ") and "sudah diajukan" in refused[0]
    submitted.refresh_from_db(), draft.refresh_from_db()
    assert submitted.status == Status.VERIFIED and draft.status == Status.DRAFT


def test_submit_drafts_submits_the_complete_ones_of_the_period_only(operator_a, open_period, activity_a):
    complete = factories.report(operator_a, open_period, activity_a)
    another = Activity.objects.filter(opd_links__opd=operator_a.membership.opd).exclude(pk=activity_a.pk).first()
    incomplete = factories.report(operator_a, open_period, another, narrative="")
    elsewhere = factories.report(operator_a, factories.period(2023, 1), activity_a)
    assert workflow.submit_drafts(operator_a, operator_a.membership.opd, open_period) == (1, 1)
    statuses = {r.pk: r.status for r in Realisation.objects.all()}
    assert statuses == {complete.pk: Status.SUBMITTED, incomplete.pk: Status.DRAFT, elsewhere.pk: Status.DRAFT}


def test_head_approval_is_needed_in_an_opd_that_asks_unless_the_head_submits(operator_a, head_a):
    opd = operator_a.membership.opd
    assert not workflow.needs_head_approval(operator_a, opd)
    OPD.objects.filter(pk=opd.pk).update(requires_head_approval=True)
    opd.refresh_from_db()
    assert workflow.needs_head_approval(operator_a, opd)
    assert not workflow.needs_head_approval(head_a, opd)


def test_returned_text_adds_the_reopening_note_once_the_period_is_locked(operator_a, verifier, open_period, activity_a):
    realisation = factories.report(operator_a, open_period, activity_a, submit=True)
    assert workflow.returned_text(realisation) == "Laporan dikembalikan ke OPD dengan catatan; menunggu perbaikan OPD."
    factories.period(2023, 2, locked=True)
    realisation.period.refresh_from_db()
    assert "sudah dikunci" in workflow.returned_text(realisation)


def test_queue_export_writes_the_tables_columns_from_values(operator_a, open_period, activity_a):
    realisation = factories.report(operator_a, open_period, activity_a, progress=80)
    workflow.add_evidence(operator_a, realisation, SimpleUploadedFile("a.pdf", PDF))
    workflow.submit(operator_a, realisation)
    headers, rows = export_values(Realisation.objects.with_evidence_count())
    assert headers[:3] == ["Periode", "OPD", "Kegiatan / indikator"] and len(headers) == 8
    [row] = rows
    assert row[0] == "2023/SII" and row[1] == "Bagian Hukum" and row[2].endswith(activity_a.kegiatan)
    assert row[3] == "80 %" and row[4] == str(Status.SUBMITTED.label) and row[5] == 0 and row[6] == 1


def test_evidence_counts_and_access_follow_the_reports_reader(operator_a, operator_b, open_period, activity_a):
    realisation = factories.report(operator_a, open_period, activity_a)
    pdf = workflow.add_evidence(operator_a, realisation, SimpleUploadedFile("a.pdf", PDF))
    png = workflow.add_evidence(operator_a, realisation, SimpleUploadedFile("b.png", PNG))
    workflow.remove_evidence(operator_a, png)
    assert Realisation.objects.with_evidence_count().get().evidence_count == 1  # the removed one not counted
    assert set(Evidence.objects.for_user(operator_a)) == {pdf, png}
    assert not Evidence.objects.for_user(operator_b).exists()
    Evidence.objects.filter(pk=png.pk).update(content_type="application/vnd.ms-excel")
    assert list(Evidence.objects.for_user(operator_a).previewable()) == [pdf]


def test_proposals_are_listed_by_reader_and_made_for_the_proposers_opd(operator_a, operator_b, verifier):
    area = ChangeArea.objects.get(number=2)
    made = proposals.propose(operator_a, OPDProposal(area=area, kegiatan="JDIH", criteria="daring", output_target="1"))
    assert made.opd == operator_a.membership.opd and made.proposed_by == operator_a
    assert list(proposals.listed(operator_a)) == [made] and list(proposals.listed(verifier)) == [made]
    assert not proposals.listed(operator_b).exists()
