"""One Indeks RB: the self-score is the 'nilai penilaian mandiri (PMPRB)'; the year's Indeks RB is the verified
result of the roadmap's Indeks RB indicator, and only that is judged against the Perbup's target."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.choices import Role
from indicators.models import Indicator
from monev import workflow as monev_workflow
from pmprb import workflow
from pmprb.models import Answer, Question
from pmprb.summary import summarise
from tests import factories

D = Decimal


@pytest.fixture
def assessment(evaluator):
    """2023 on 14/2014, every question answered best: a self-score of 60 (Hasil empty), no predikat issue."""
    assessment = workflow.create_assessment(evaluator, 2023, version=factories.lke_2014())
    answers = []
    for q in Question.objects.filter(subarea__area__component__version=assessment.version).prefetch_related("options"):
        best = max(q.options.all(), key=lambda option: option.value)
        answers.append(Answer(assessment=assessment, question=q, final_option=best))
    Answer.objects.bulk_create(answers)
    return assessment


def verified_indeks_rb(verifier, value: str, year: int = 2023, semester: int = 2):
    row = Indicator.objects.get(key=Indicator.INDEKS_RB)
    opd = row.responsible_opds()[0]
    operator = factories.make_user(f"op_rb_{year}_{value}", Role.OPERATOR, opd.short_name)
    period = factories.period(year, semester)
    report = factories.report(operator, period, indicator_=row, value=D(value), data_year=year, submit=True)
    monev_workflow.verify(verifier, report)
    return report


def test_without_a_verified_indeks_rb_the_target_is_not_judged_on_the_self_score(client, evaluator, assessment):
    summary = summarise(assessment)
    assert summary.result.total == D(60) and summary.perbup_target.raw_text == "70 (BB)"
    assert summary.verified is None and summary.meets_perbup_target is None
    client.force_login(evaluator)
    page = " ".join(client.get(assessment.get_absolute_url()).content.decode().split())
    assert "Nilai penilaian mandiri (PMPRB)" in page and "belum ada hasil terverifikasi" in page
    assert "tidak dinilai" in page and "tercapai" not in page


def test_the_target_is_judged_on_the_verified_result_with_its_source(client, evaluator, verifier, assessment):
    sakip = assessment.version.components.get(code="hasil").hasil_indicators.get(code="sakip")
    workflow.set_hasil(evaluator, assessment, sakip, value=D(100))
    # the self-score (74) would meet 70; the verified 65,5 does not
    report = verified_indeks_rb(verifier, "65.5", semester=1)
    summary = summarise(assessment)
    assert summary.result.total == D(74) and summary.verified.value == D("65.5")
    assert summary.verified.level.code == "B" and summary.verified.data_year == 2023
    assert summary.meets_perbup_target is False
    client.force_login(evaluator)
    page = " ".join(client.get(assessment.get_absolute_url()).content.decode().split())
    assert "Indeks RB 2023 (terverifikasi)" in page and "65,50 (B)" in page
    assert f"{report.opd.short_name} 2023/SI," in page and "belum tercapai" in page
    index = " ".join(client.get(reverse("pmprb:index")).content.decode().split())
    assert "65,50 (B)" in index and "70 (BB) ▼ belum tercapai" in index
    verified_indeks_rb(verifier, "71")  # a later verified result of the same year replaces it
    assert summarise(assessment).meets_perbup_target is True


def test_an_incomplete_assessment_has_no_predikat_and_judges_nothing(client, evaluator, verifier):
    assessment = workflow.create_assessment(evaluator, 2023, version=factories.lke_2014())
    q = Question.objects.filter(subarea__area__component__version=assessment.version).first()
    workflow.answer_question(evaluator, assessment, q, q.options.order_by("-value").first())
    summary = summarise(assessment)
    assert summary.result.missing_answers and summary.self_predicate is None
    assert summary.result.predicate is not None  # the model is complete: only the missing answers withhold it
    client.force_login(evaluator)
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "belum lengkap, tanpa predikat" in page and "tercapai" not in page
    workflow.finalise_assessment(evaluator, assessment, confirmed=True)  # unanswered counted 0 by decision
    assert summarise(assessment).self_predicate is not None


def test_a_unit_kerja_assessment_is_not_compared_with_the_pemdas_indeks_rb(evaluator, verifier):
    from roadmap.models import OPD

    verified_indeks_rb(verifier, "75")
    unit = workflow.create_assessment(
        evaluator, 2023, version=factories.lke_2014(), opd=OPD.objects.get(short_name="Bagian Hukum")
    )
    summary = summarise(unit)
    assert summary.verified is None and summary.meets_perbup_target is None
