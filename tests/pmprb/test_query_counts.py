"""PMPRB pages run a fixed number of SQL queries, whatever the number of years, answers and reports."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.models import Activity
from monev import workflow as monev_workflow
from pmprb import workflow
from pmprb.models import Assessment, LkeArea, Question
from roadmap.models import OPD
from tests import factories

PAGES = {
    "index": lambda assessment: reverse("pmprb:index"),
    "assessment": lambda assessment: reverse("pmprb:assessment", args=[assessment.pk]),
    "area": lambda assessment: reverse("pmprb:area", args=[assessment.pk, 7]),  # LKE 7 ← Lampiran area 6
    "recommendations": lambda assessment: reverse("pmprb:recommendations"),
    "finalise": lambda assessment: reverse("pmprb:finalise", args=[assessment.pk]),  # lists the unanswered
}


def answer_everything(evaluator, assessment: Assessment) -> None:
    for question in Question.objects.filter(subarea__area__component__version=assessment.version):
        workflow.answer_question(evaluator, assessment, question, question.options.first(), "")
        workflow.finalise_answer(evaluator, assessment, question, question.options.last(), "")


def verified_reports_on_mapped_rows(operator, verifier, how_many: int) -> None:
    period = factories.period(2023, 1)
    rows = Activity.objects.filter(area__number=6, opd_links__opd__short_name="Inspektorat")
    for activity in rows.exclude(realisations__period=period).order_by("order")[:how_many]:
        report = factories.report(operator, period, activity, submit=True)
        monev_workflow.verify(verifier, report)


def more_findings(evaluator, how_many: int) -> None:
    area = LkeArea.objects.filter(number=2).first()
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    for number in range(how_many):
        finding = workflow.add_finding(evaluator, 2023, area, f"Temuan {number}")
        workflow.add_recommendation(evaluator, finding, f"Rekomendasi {number}", hukum, date.today() - timedelta(1))


@pytest.mark.parametrize("page", PAGES)
def test_pmprb_query_counts_do_not_grow_with_the_data(
    client, evaluator, verifier, operator_inspektorat, django_assert_num_queries, page
):
    assessment = workflow.create_assessment(evaluator, 2023, version=factories.lke_2014())
    verified_reports_on_mapped_rows(operator_inspektorat, verifier, 1)
    more_findings(evaluator, 1)
    client.force_login(evaluator)
    url = PAGES[page](assessment)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    answer_everything(evaluator, assessment)
    answer_everything(evaluator, workflow.create_assessment(evaluator, 2022, version=factories.lke_2014()))
    workflow.create_assessment(evaluator, 2021, version=factories.lke_2014())
    verified_reports_on_mapped_rows(operator_inspektorat, verifier, 12)
    more_findings(evaluator, 6)
    with django_assert_num_queries(len(small)):
        client.get(url)
    # 25 and the navbar's unread notifications; the assessment page also reads the roadmap covering the
    # year, the year's verified Indeks RB, the report's kop (to remind of what it lacks) and the data versions
    # of its kept scores; a second view reads the scores from the cache
    assert len(small) <= (30 if page == "assessment" else 27)
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    assert len(warm) <= len(small)


def test_the_evidence_column_shows_the_first_rows_of_a_sub_program(client, evaluator, verifier, operator_inspektorat):
    from pmprb.evidence import ROWS_PER_SUBAREA

    assessment = workflow.create_assessment(evaluator, 2023, version=factories.lke_2014())
    area = Activity.objects.get(source_line=1524).area  # Lampiran 6.1.a, mapped to LKE 7.1
    first = Activity.objects.filter(area=area, subprogram_no=1).order_by("order").first()
    for order in range(ROWS_PER_SUBAREA):
        Activity.objects.create(
            area=area,
            subprogram_no=1,
            subprogram=first.subprogram,
            letter="z",
            kegiatan=f"Kegiatan tambahan {order}",
            order=5000 + order,
        )
    client.force_login(evaluator)
    page = client.get(reverse("pmprb:area", args=[assessment.pk, 7])).content.decode()
    assert first.kegiatan[:40] in page and "Kegiatan tambahan 0" in page
    assert f"Kegiatan tambahan {ROWS_PER_SUBAREA - 1}" not in page  # beyond the first rows of 6.1: area dashboard
    assert page.count("<strong>6.1.") == ROWS_PER_SUBAREA
    assert "Baris-baris pertama ditampilkan" in page
