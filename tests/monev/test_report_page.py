"""The report page's data (monev.report_page) and the row lookup behind its address (tasks.reported_row)."""

from decimal import Decimal

from indicators.achievement import Achievement
from monev import report_page, tasks, workflow
from monev.choices import RowKind
from monev.forms import RealisationForm
from tests import factories

APIP = "Persentase APIP yang bersertifikat"  # Inspektorat's, 61 % in 2023


def test_reported_row_is_the_opds_row_in_the_periods_roadmap_and_none_otherwise(
    operator_inspektorat, open_period, activity_a, activity_b
):
    opd = operator_inspektorat.membership.opd
    apip = factories.indicator(APIP)
    own = factories.activity_of("Inspektorat")
    assert tasks.reported_row(opd, open_period, RowKind.KEGIATAN, own.pk) == (own, None)
    assert tasks.reported_row(opd, open_period, RowKind.INDIKATOR, apip.pk) == (None, apip)
    assert tasks.reported_row(opd, open_period, RowKind.KEGIATAN, activity_b.pk) is None  # BKPPD's row
    assert tasks.reported_row(opd, open_period, RowKind.INDIKATOR, own.pk) is None  # a kegiatan's id as indikator
    assert tasks.reported_row(opd, open_period, "baris", own.pk) is None


def test_the_page_of_a_row_not_reported_yet_judges_the_report_it_would_become(operator_inspektorat, open_period):
    apip = factories.indicator(APIP)
    opd = operator_inspektorat.membership.opd
    page = report_page.page_data(operator_inspektorat, open_period, opd, None, apip, None)
    assert page.editable
    assert page.context["target"].year == 2023 and page.context["target"].value == Decimal("61")
    assert page.context["judgement"] is None and page.context["own"]
    assert not page.context["can_submit"]  # nothing saved yet to submit
    assert not page.context["can_comment"] and page.context["events"] == [] and page.context["evidence"] == []


def test_a_submitted_report_shows_the_verifier_its_judgement_and_buttons(operator_inspektorat, verifier, open_period):
    apip = factories.indicator(APIP)
    realisation = factories.report(operator_inspektorat, open_period, indicator_=apip, value=58, submit=True)
    page = report_page.page_data(verifier, open_period, realisation.opd, None, apip, realisation)
    assert not page.editable and not page.context["own"]
    assert page.context["judgement"].status == Achievement.NOT_MET  # 58 % against 61 %
    assert page.context["can_verify"] and page.context["can_return"] and not page.context["can_submit"]
    assert "attestation" not in page.context  # only a verified report has one
    workflow.verify(verifier, realisation)
    realisation.refresh_from_db()
    page = report_page.page_data(verifier, open_period, realisation.opd, None, apip, realisation)
    assert not page.context["can_verify"] and page.context["can_return"]
    assert page.context["attestation"] is not None and page.context["attestation_qr"].startswith("data:image/")


def test_next_waiting_is_the_oldest_other_submitted_report_and_only_for_verifiers(
    operator_a, operator_b, verifier, open_period, activity_a, activity_b
):
    first = factories.report(operator_a, open_period, activity_a, submit=True)
    second = factories.report(operator_b, open_period, activity_b, submit=True)
    assert report_page.next_waiting(verifier, None) == first
    assert report_page.next_waiting(verifier, first) == second
    workflow.verify(verifier, second)
    assert report_page.next_waiting(verifier, first) is None
    assert report_page.next_waiting(operator_a, None) is None


def test_the_form_for_a_report_shows_its_values_and_version(operator_a, open_period, activity_a):
    assert RealisationForm.for_report(None, indicator=None, period=open_period).initial == {"version": 0}
    realisation = factories.report(operator_a, open_period, activity_a, progress=40, obstacles="Anggaran")
    initial = RealisationForm.for_report(realisation, indicator=None, period=open_period).initial
    assert initial["progress"] == Decimal("40") and initial["obstacles"] == "Anggaran"
    assert initial["narrative"] == "Uraian capaian uji." and initial["version"] == realisation.version
