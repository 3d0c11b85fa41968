"""Versions tied to evaluation years, the general component tree, answer types and publishing."""

from decimal import Decimal

import pytest

from core.errors import WorkflowError
from pmprb import workflow
from pmprb.models import (
    Answer,
    AnswerType,
    Assessment,
    Certainty,
    Component,
    LkeArea,
    Question,
    SubArea,
    WorksheetVersion,
)
from pmprb.scoring import score, weight_problems
from pmprb.summary import summarise
from pmprb.versions import copy_version, publish, publish_problems, version_for_year
from pmprb.workflow import AnswerInput
from roadmap.models import OPD
from tests import factories

pytestmark = pytest.mark.django_db
D = Decimal


def test_each_roadmap_year_takes_the_model_it_was_evaluated_on():
    assert version_for_year(2019).code == "permenpan-14-2014"
    assert {version_for_year(year).code for year in (2020, 2021, 2022)} == {"permenpan-26-2020"}
    assert version_for_year(2023).code == "permenpan-9-2023"
    assert version_for_year(2026).code == "permenpan-9-2023"


def test_a_new_assessment_takes_its_years_version(evaluator):
    assert workflow.create_assessment(evaluator, 2019).version.code == "permenpan-14-2014"


@pytest.mark.parametrize("year", [2021, 2023])
def test_a_year_whose_model_is_still_a_draft_cannot_be_assessed(evaluator, year):
    with pytest.raises(WorkflowError, match="masih draf"):
        workflow.create_assessment(evaluator, year)
    assert not Assessment.objects.filter(year=year).exists()


def test_later_models_stay_drafts_and_say_what_is_unknown():
    v2020 = WorksheetVersion.objects.get(code="permenpan-26-2020")
    v2023 = WorksheetVersion.objects.get(code="permenpan-9-2023")
    assert not v2020.is_published and not v2023.is_published
    problems = " ".join(publish_problems(v2020))
    assert "Komponen Reform" in problems and "Sub-area tanpa pertanyaan" in problems
    assert "Skala predikat belum diketahui" in problems
    assert "Bobot total versi belum diketahui" in " ".join(publish_problems(v2023))
    with pytest.raises(WorkflowError, match="tidak dapat diterbitkan"):
        publish(v2020)
    v2020.refresh_from_db()
    assert not v2020.is_published


def test_the_2020_model_has_the_reported_weights_and_nothing_invented():
    version = WorksheetVersion.objects.get(code="permenpan-26-2020")
    tree = {c.code: c for c in version.components.all()}
    assert tree["pemenuhan"].parent.code == "pengungkit" and tree["pemenuhan"].weight == D(20)
    assert [c.weight for c in tree["hasil"].children.order_by("order")] == [D(10)] * 4
    assert list(LkeArea.objects.filter(component=tree["pemenuhan"]).values_list("weight", flat=True)) == [
        D(2),
        D(1),
        D(2),
        D(2),
        D(5),
        D(2),
        D(4),
        D(2),
    ]
    subareas = SubArea.objects.filter(area__component__version=version)
    assert subareas.count() == 33 and not subareas.filter(weight__isnull=False).exists()
    assert not Question.objects.filter(subarea__area__component__version=version).exists()
    assert tree["reform"].certainty == Certainty.UNKNOWN and not tree["reform"].areas.exists()


def test_the_2023_model_has_rb_general_and_tematik_with_unknown_combination():
    version = WorksheetVersion.objects.get(code="permenpan-9-2023")
    roots = version.components.filter(parent=None).order_by("order")
    assert [(c.name, c.weight) for c in roots] == [("RB General", D(100)), ("RB Tematik", D(20))]
    assert version.total_weight is None and version.predicate_scale == ""


def complete_management_area(version) -> LkeArea:
    """What importing the official worksheet would add to area 1 of 26/2020: sub-area weights and questions."""
    area = LkeArea.objects.get(component__version=version, number=1)
    for subarea in area.subareas.all():
        subarea.weight = D("0.5")
        subarea.save()
        question = Question.objects.create(
            subarea=subarea, code=f"{subarea.code}.a", text="?", answer_type="YT", order=1
        )
        question.options.create(code="Y", text="Ya", value=1)
        question.options.create(code="T", text="Tidak", value=0)
    return area


def test_a_2021_assessment_scores_on_its_own_versions_weights(evaluator):
    version = WorksheetVersion.objects.get(code="permenpan-26-2020")
    complete_management_area(version)
    # recorded on the year's model although it is still a draft (as an import would leave it)
    assessment = Assessment.objects.create(version=version, year=2021, created_by=evaluator)
    for question in Question.objects.filter(subarea__area__component__version=version):
        Answer.objects.create(assessment=assessment, question=question, final_option=question.options.get(code="Y"))
    result = score(assessment)
    management = result.areas[0]
    assert management.value == D(2)  # its 26/2020 weight, not 14/2014's 5
    assert result.areas[1].value is None  # Deregulasi: sub-area weights unknown, no number invented
    assert not result.is_complete and result.predicate is None
    nodes = {node.code: node for node in result.nodes}
    assert nodes["pemenuhan"].value is None and nodes["reform"].value is None


def test_a_comparison_across_a_model_change_says_so(evaluator):
    v2014 = factories.lke_2014()
    Assessment.objects.create(version=v2014, year=2019, created_by=evaluator)
    later = Assessment.objects.create(
        version=WorksheetVersion.objects.get(code="permenpan-26-2020"), year=2020, created_by=evaluator
    )
    summary = summarise(later)
    assert summary.model_changed
    assert all(row.previous is None for row in summary.rows)  # areas of another model are not compared


def test_the_same_model_is_compared_area_by_area(evaluator):
    workflow.create_assessment(evaluator, 2019)
    later = workflow.create_assessment(evaluator, 2020, version=factories.lke_2014())
    summary = summarise(later)
    assert not summary.model_changed and summary.rows[0].previous == D(0)


def test_percentage_and_numeric_answers_convert_to_a_score(evaluator):
    version = copy_version(factories.lke_2014())
    subarea = SubArea.objects.get(area__component__version=version, code="1.1")
    subarea.questions.all().delete()
    percent = Question.objects.create(subarea=subarea, code="p", text="%", answer_type=AnswerType.PERCENT, order=1)
    count = Question.objects.create(
        subarea=subarea, code="n", text="n", answer_type=AnswerType.NUMERIC, order=2, input_max=D(4)
    )
    assessment = Assessment.objects.create(version=version, year=2019, opd=None, created_by=evaluator)
    workflow.save_answers(evaluator, assessment, [AnswerInput(percent, number=D(50)), AnswerInput(count, number=D(3))])
    # (0,5 + 0,75) / 2 × weight 1
    assert score(assessment).areas[0].subareas[0].value == D("0.625")


@pytest.mark.parametrize(
    ("answer_type", "number"), [(AnswerType.PERCENT, "101"), (AnswerType.NUMERIC, "5"), (AnswerType.PERCENT, "-1")]
)
def test_a_number_outside_its_range_is_refused(evaluator, answer_type, number):
    version = copy_version(factories.lke_2014())
    subarea = SubArea.objects.get(area__component__version=version, code="1.1")
    question = Question.objects.create(
        subarea=subarea, code="x", text="x", answer_type=answer_type, order=9, input_max=D(4)
    )
    assessment = Assessment.objects.create(version=version, year=2019, created_by=evaluator)
    with pytest.raises(WorkflowError, match="antara 0 dan"):
        workflow.save_answers(evaluator, assessment, [AnswerInput(question, number=D(number))])
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_totals_need_not_be_100():
    version = copy_version(factories.lke_2014())
    version.total_weight = D(120)
    version.first_year = 2030
    version.save()
    Component.objects.create(version=version, code="tematik", name="Tematik", weight=D(20), order=3)
    assert "Tematik belum berisi" in " ".join(weight_problems(version))
    assert "seharusnya 120" not in " ".join(weight_problems(version))


def test_a_deeper_tree_adds_up_through_every_level(evaluator):
    version = copy_version(factories.lke_2014())
    pengungkit = version.components.get(code="pengungkit")
    group = Component.objects.create(version=version, parent=pengungkit, code="grup", name="Grup", weight=D(60))
    pengungkit.areas.update(component=group)
    version.first_year, version.last_year = 2030, 2030
    version.save()
    assert weight_problems(version) == [] and publish_problems(version) == []
    publish(version)
    assessment = workflow.create_assessment(evaluator, 2030)
    assert assessment.version == version
    nodes = {node.code: node for node in score(assessment).nodes}
    assert nodes["grup"].depth == 1 and nodes["pengungkit"].value == D(0)


def test_assessments_per_unit_kerja_roll_up(evaluator):
    from pmprb.summary import rollup

    a = workflow.create_assessment(evaluator, 2019, opd=OPD.objects.get(short_name="Bagian Hukum"))
    b = workflow.create_assessment(evaluator, 2019, opd=OPD.objects.get(short_name="BKPPD"))
    with pytest.raises(WorkflowError, match="sudah ada"):
        workflow.create_assessment(evaluator, 2019, opd=OPD.objects.get(short_name="BKPPD"))
    workflow.create_assessment(evaluator, 2019)  # the Pemda's own is separate
    subarea = SubArea.objects.get(area__component__version=a.version, code="1.1")
    for question in subarea.questions.all():
        workflow.finalise_answer(evaluator, a, question, question.options.order_by("-value").first())
    roll = rollup(2019)
    assert roll.units == 2 and roll.total == D(1) / 2  # (1 + 0) / 2
    assert b.opd.short_name in str(b)


def test_the_assessment_page_says_when_the_model_changed(client, evaluator):
    Assessment.objects.create(version=factories.lke_2014(), year=2019, created_by=evaluator)
    later = Assessment.objects.create(
        version=WorksheetVersion.objects.get(code="permenpan-26-2020"), year=2020, created_by=evaluator
    )
    client.force_login(evaluator)
    page = client.get(later.get_absolute_url()).content.decode()
    assert "Tahun sebelumnya dinilai dengan model lain" in page
    index = client.get("/pmprb/").content.decode()
    assert "model berganti" in index


def test_a_unit_kerja_assessment_is_started_from_the_index(client, evaluator):
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    client.force_login(evaluator)
    client.post("/pmprb/", {"year": "2019", "opd": hukum.pk})
    assessment = Assessment.objects.get(year=2019, opd=hukum)
    assert assessment.version.code == "permenpan-14-2014"
    page = client.post("/pmprb/", {"year": "2021"}).content.decode()
    assert "belum dapat dipakai" in page and not Assessment.objects.filter(year=2021).exists()


def test_the_admin_action_refuses_to_publish_a_draft_model(client):
    from django.urls import reverse

    from accounts.choices import Role

    admin = factories.make_user("admin", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    version = WorksheetVersion.objects.get(code="permenpan-9-2023")
    client.force_login(admin)
    response = client.post(
        reverse("admin:pmprb_worksheetversion_changelist"),
        {"action": "publish_versions", "_selected_action": [version.pk]},
        follow=True,
    )
    assert "tidak dapat diterbitkan" in response.content.decode()
    version.refresh_from_db()
    assert not version.is_published
    page = client.get(reverse("admin:pmprb_worksheetversion_change", args=[version.pk]))
    assert page.status_code == 200
