"""The report workflow: draft → submit → verify / return → fix → resubmit, with its rules."""

from decimal import Decimal

import pytest

from monev import workflow
from monev.choices import NOT_STARTED, Status
from monev.models import Realisation, ReportEvent
from roadmap.models import OPD
from tests import factories


def test_operator_saves_a_draft_and_history_records_old_and_new(operator_a, open_period, activity_a):
    realisation = factories.report(operator_a, open_period, activity_a, progress=40)
    assert realisation.status == Status.DRAFT and realisation.version == 1
    workflow.save_report(
        user=operator_a,
        period=open_period,
        opd=realisation.opd,
        activity=activity_a,
        values={"progress": Decimal("60"), "narrative": "Rapat tim dua kali."},
        version=1,
    )
    realisation.refresh_from_db()
    assert realisation.progress == 60 and realisation.version == 2
    last = realisation.events.last()
    assert last.actor == operator_a
    assert last.changes["progress"] == ["40", "60"]
    assert last.changes["narrative"] == ["Uraian capaian uji.", "Rapat tim dua kali."]


def test_full_cycle_return_fix_resubmit_verify(operator_a, verifier, open_period, activity_a):
    realisation = factories.report(operator_a, open_period, activity_a, submit=True)
    assert realisation.status == Status.SUBMITTED
    workflow.return_report(verifier, realisation, "Lampirkan notulen rapat.")
    realisation.refresh_from_db()
    assert realisation.status == Status.RETURNED and realisation.return_note == "Lampirkan notulen rapat."
    workflow.save_report(
        user=operator_a,
        period=open_period,
        opd=realisation.opd,
        activity=activity_a,
        values={"progress": Decimal("75")},
        version=realisation.version,
    )
    realisation.refresh_from_db()
    workflow.submit(operator_a, realisation)
    workflow.verify(verifier, realisation)
    realisation.refresh_from_db()
    assert realisation.status == Status.VERIFIED and realisation.verified_by == verifier
    actions = list(realisation.events.values_list("action", flat=True))
    assert actions == ["saved", "submitted", "returned", "saved", "resubmitted", "verified"]


def test_return_needs_a_note(operator_a, verifier, open_period, activity_a):
    realisation = factories.report(operator_a, open_period, activity_a, submit=True)
    with pytest.raises(workflow.WorkflowError, match="Catatan pengembalian wajib"):
        workflow.return_report(verifier, realisation, "   ")
    realisation.refresh_from_db()
    assert realisation.status == Status.SUBMITTED


def test_verified_report_cannot_be_changed_by_the_opd(operator_a, verifier, open_period, activity_a):
    realisation = factories.report(operator_a, open_period, activity_a, submit=True)
    workflow.verify(verifier, realisation)
    realisation.refresh_from_db()
    with pytest.raises(workflow.WorkflowError, match="tidak dapat diubah"):
        workflow.save_report(
            user=operator_a,
            period=open_period,
            opd=realisation.opd,
            activity=activity_a,
            values={"progress": Decimal("10")},
            version=realisation.version,
        )
    realisation.refresh_from_db()
    assert realisation.progress == 50


def test_verifier_can_return_a_verified_report_so_the_opd_can_fix_it(operator_a, verifier, open_period, activity_a):
    realisation = factories.report(operator_a, open_period, activity_a, submit=True)
    workflow.verify(verifier, realisation)
    workflow.return_report(verifier, realisation, "Salah tahun.")
    realisation.refresh_from_db()
    assert realisation.status == Status.RETURNED and realisation.verified_by is None


def test_second_of_two_concurrent_saves_is_refused(operator_a, head_a, open_period, activity_a):
    realisation = factories.report(operator_a, open_period, activity_a)
    seen_version = realisation.version
    workflow.save_report(
        user=head_a,
        period=open_period,
        opd=realisation.opd,
        activity=activity_a,
        values={"narrative": "Versi kepala."},
        version=seen_version,
    )
    with pytest.raises(workflow.WorkflowError, match="sudah diubah orang lain"):
        workflow.save_report(
            user=operator_a,
            period=open_period,
            opd=realisation.opd,
            activity=activity_a,
            values={"narrative": "Versi operator."},
            version=seen_version,
        )
    realisation.refresh_from_db()
    assert realisation.narrative == "Versi kepala."


def test_submit_requires_value_progress_and_narrative(operator_a, operator_inspektorat, open_period, activity_a):
    draft = factories.report(operator_a, open_period, activity_a, progress=None, narrative="")
    with pytest.raises(workflow.WorkflowError, match="progres, uraian capaian"):
        workflow.submit(operator_a, draft)
    indicator = factories.indicator("Persentase APIP yang bersertifikat")
    empty = factories.report(operator_inspektorat, open_period, indicator_=indicator)
    with pytest.raises(workflow.WorkflowError, match="nilai realisasi"):
        workflow.submit(operator_inspektorat, empty)


def test_level_must_belong_to_the_indicators_scale(operator_inspektorat, open_period):
    indicator = factories.indicator("Tingkat Kapabilitas APIP")
    wrong_scale_level = factories.indicator("Nilai SAKIP").scale.levels.get(code="A")
    with pytest.raises(workflow.WorkflowError, match="tidak ada pada skala"):
        factories.report(operator_inspektorat, open_period, indicator_=indicator, level=wrong_scale_level)
    assert not Realisation.objects.exists()
    right = indicator.scale.levels.get(code="3")
    assert factories.report(operator_inspektorat, open_period, indicator_=indicator, level=right).level == right


@pytest.mark.parametrize("progress", [Decimal("-1"), Decimal("100.01")])
def test_progress_outside_0_to_100_is_refused(operator_a, open_period, activity_a, progress):
    with pytest.raises(workflow.WorkflowError, match="antara 0 dan 100"):
        factories.report(operator_a, open_period, activity_a, progress=progress)
    assert not Realisation.objects.exists()


def test_head_approval_step_when_the_opd_requires_it(operator_a, head_a, verifier, open_period, activity_a):
    OPD.objects.filter(short_name="Bagian Hukum").update(requires_head_approval=True)
    realisation = factories.report(operator_a, open_period, activity_a, submit=True)
    assert realisation.status == Status.AWAITING_APPROVAL
    with pytest.raises(workflow.WorkflowError):
        workflow.verify(verifier, realisation)
    workflow.approve(head_a, realisation)
    realisation.refresh_from_db()
    assert realisation.status == Status.SUBMITTED
    assert realisation.events.filter(action=ReportEvent.Action.APPROVED, actor=head_a).exists()


def test_operator_cannot_approve_for_the_head(operator_a, open_period, activity_a):
    OPD.objects.filter(short_name="Bagian Hukum").update(requires_head_approval=True)
    realisation = factories.report(operator_a, open_period, activity_a, submit=True)
    with pytest.raises(workflow.WorkflowError, match="Kepala OPD"):
        workflow.approve(operator_a, realisation)


def test_only_verifiers_verify(operator_a, evaluator, open_period, activity_a):
    realisation = factories.report(operator_a, open_period, activity_a, submit=True)
    for user in (operator_a, evaluator):
        with pytest.raises(workflow.WorkflowError, match="Verifikator"):
            workflow.verify(user, realisation)


def test_row_status_combines_the_parts_of_several_opds():
    combine = workflow.combined_status
    assert combine([None, None]) == NOT_STARTED
    assert combine([Status.VERIFIED, Status.VERIFIED]) == Status.VERIFIED
    assert combine([Status.VERIFIED, None]) == Status.DRAFT
    assert combine([Status.VERIFIED, Status.SUBMITTED]) == Status.SUBMITTED
    assert combine([Status.VERIFIED, Status.RETURNED]) == Status.RETURNED
    assert combine([Status.DRAFT, Status.SUBMITTED]) == Status.DRAFT


def test_each_opd_of_a_shared_row_reports_its_own_part(open_period):
    from accounts.choices import Role

    shared = factories.Activity.objects.get(source_line=1497)  # Bagian Organisasi and BKPPD
    organisasi = factories.make_user("op_org", Role.OPERATOR, "Bagian Organisasi")
    bkppd = factories.make_user("op_bkppd", Role.OPERATOR, "BKPPD")
    first = factories.report(organisasi, open_period, shared, progress=30)
    second = factories.report(bkppd, open_period, shared, progress=80)
    assert first.pk != second.pk
    assert sorted(Realisation.objects.filter(activity=shared).values_list("progress", flat=True)) == [30, 80]


def test_the_workflow_never_deletes_reports(operator_a, verifier, open_period, activity_a):
    realisation = factories.report(operator_a, open_period, activity_a, submit=True)
    workflow.return_report(verifier, realisation, "Perbaiki.")
    assert Realisation.objects.filter(pk=realisation.pk).exists()
    assert realisation.events.count() == 3


# -- every state named for what happens next (issue 23) -------------------------------------------


def test_each_status_says_who_acts_next():
    assert Status.AWAITING_APPROVAL.label == "menunggu persetujuan Kepala OPD"
    assert Status.SUBMITTED.label == "menunggu verifikasi Bagian Organisasi"
    assert "menunggu perbaikan" in Status.RETURNED.label
    assert "belum diajukan" in Status.DRAFT.label


def test_history_tells_a_forward_to_the_head_from_a_submission_and_a_resubmission(
    operator_a, head_a, verifier, open_period, activity_a
):
    OPD.objects.filter(short_name="Bagian Hukum").update(requires_head_approval=True)
    report = factories.report(operator_a, open_period, activity_a, submit=True)
    assert workflow.submitted_text(report) == "Laporan diteruskan ke Kepala OPD dan menunggu persetujuannya."
    workflow.approve(head_a, report)
    report.refresh_from_db()
    workflow.return_report(verifier, report, "Lampirkan notulen.")
    OPD.objects.filter(short_name="Bagian Hukum").update(requires_head_approval=False)
    report.refresh_from_db()
    workflow.submit(operator_a, report)
    assert workflow.submitted_text(report).startswith("Laporan diperbaiki dan diajukan kembali")
    labels = [event.get_action_display() for event in report.events.all()]
    assert labels == [
        "disimpan",
        "diteruskan ke Kepala OPD",
        "disetujui Kepala OPD dan diajukan ke Bagian Organisasi",
        "dikembalikan Bagian Organisasi untuk diperbaiki",
        "diperbaiki dan diajukan kembali",
    ]


def test_a_first_submission_goes_to_the_bagian_organisasi(operator_a, open_period, activity_a):
    report = factories.report(operator_a, open_period, activity_a, submit=True)
    assert report.events.last().get_action_display() == "diajukan ke Bagian Organisasi"
    assert report.get_status_display() == "menunggu verifikasi Bagian Organisasi"


def test_the_migration_names_earlier_submits_from_the_status_they_stored(operator_a, open_period, activity_a):
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    name = "0008_report_states_say_what_happens_next"
    migration = importlib.import_module(f"monev.migrations.{name}")
    # The models as that migration sees them: the history was not hash-chained yet (monev 0009 links it)
    apps = MigrationLoader(connection).project_state(("monev", name)).apps
    report = factories.report(operator_a, open_period, activity_a)
    old = {
        "forward": ["draf", "menunggu persetujuan Kepala OPD"],
        "resubmit": ["dikembalikan", "diajukan"],
        "first": ["draf", "diajukan"],
    }
    events = {
        name: ReportEvent.objects.create(
            realisation=report, actor=operator_a, action="submitted", changes={"status": change}
        )
        for name, change in old.items()
    }
    migration.name_old_submits(apps, None)
    actions = {name: ReportEvent.objects.get(pk=event.pk).action for name, event in events.items()}
    assert actions == {"forward": "forwarded", "resubmit": "resubmitted", "first": "submitted"}
