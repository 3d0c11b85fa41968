"""pmprb.pages: what the PMPRB pages compute from the data, tested without the request."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from pmprb import pages, workflow
from pmprb.forms import HasilForm
from pmprb.models import FollowUpDecision, FollowUpStatus, HasilIndicator, HasilInput, LkeArea
from pmprb.versions import version_for_year
from roadmap.models import OPD
from tests import factories


@pytest.fixture
def assessment(evaluator):
    return workflow.create_assessment(evaluator, 2023, version=factories.lke_2014())


def indicators_of(assessment):
    return list(HasilIndicator.objects.filter(component__version=assessment.version).prefetch_related("levels"))


def test_a_hasil_row_shows_the_stored_level_or_number_or_nothing(assessment):
    indicators = indicators_of(assessment)
    by_level = next(i for i in indicators if i.input_max is None)
    numeric = next(i for i in indicators if i.input_max is not None)
    inputs = {
        by_level.pk: HasilInput(indicator=by_level, level=by_level.levels.all()[0]),
        numeric.pk: HasilInput(indicator=numeric, value=Decimal("1234.5")),
    }
    rows = {row["indicator"]: row for row in pages.hasil_rows(indicators, inputs, None)}
    assert rows[by_level]["shown"] == str(by_level.levels.all()[0].pk)
    assert rows[numeric]["shown"] == "1234,5" and rows[numeric]["item"] is inputs[numeric.pk]
    assert all(row["shown"] == "" and row["item"] is None for i, row in rows.items() if i not in (by_level, numeric))
    assert not any(row["error"] for row in rows.values())


def test_after_a_refusal_every_hasil_row_shows_what_was_typed(assessment):
    indicators = indicators_of(assessment)
    numeric = [i for i in indicators if i.input_max is not None]
    first, bad = numeric[0], numeric[-1]
    refused = HasilForm({f"hasil-{first.pk}": "10", f"hasil-{bad.pk}": "NaN"}, indicators=indicators)
    assert not refused.is_valid()
    stored = {first.pk: HasilInput(indicator=first, value=Decimal(3))}
    rows = {row["indicator"]: row for row in pages.hasil_rows(indicators, stored, refused)}
    assert (rows[first]["shown"], rows[first]["error"]) == ("10", "")
    assert rows[bad]["shown"] == "NaN" and rows[bad]["error"]


def test_the_import_form_starts_from_what_the_years_draft_model_says():
    draft = version_for_year(2021)
    initial = pages.import_initial(2021)
    assert initial == {
        "year": 2021,
        "name": draft.name,
        "regulation": draft.regulation,
        "first_year": draft.first_year,
        "last_year": draft.last_year,
        "predicate_scale": draft.predicate_scale or None,
    }
    assert initial["name"] and initial["regulation"]
    assert pages.import_initial(None) == {"year": None}


def test_a_gap_is_offered_only_for_a_year_without_a_usable_model(db):
    opd = OPD.objects.first()
    gap = pages.model_gap(2021, opd)
    assert gap["year"] == 2021 and gap["opd"] == opd and "belum dapat dipakai" in gap["text"]
    assert gap["practice_version"] is not None
    assert pages.model_gap(2019, opd) is None


def test_a_returned_recommendation_shows_the_decision_that_returned_it(evaluator, operator_a, assessment):
    area = LkeArea.objects.get(component__version=assessment.version, number=2)
    opd = OPD.objects.get(short_name="Bagian Hukum")  # operator_a's
    recommendation = workflow.record_finding(
        evaluator, 2023, area, "Temuan.", None, "Saran.", opd, date.today() + timedelta(days=30)
    )
    assert pages.recommendation_data(evaluator, recommendation)["returned"] is None
    follow_up = workflow.record_follow_up(operator_a, recommendation, FollowUpStatus.DONE, "Selesai.")
    workflow.decide_follow_up(evaluator, follow_up, FollowUpDecision.NOT_YET, "Belum cukup.")
    recommendation.refresh_from_db()
    data = pages.recommendation_data(evaluator, recommendation)
    assert recommendation.status == FollowUpStatus.RETURNED
    assert data["returned"] == follow_up and data["follow_ups"] == [follow_up]


def test_findings_are_recorded_on_the_latest_years_model(evaluator):
    assert pages.finding_version() is None
    workflow.create_assessment(evaluator, 2019)
    later = workflow.create_assessment(evaluator, 2023, version=factories.lke_2014())
    assert pages.finding_version() == later.version_id
