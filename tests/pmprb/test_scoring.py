"""Indeks RB computation, checked against worked examples and every predicate boundary."""

import json
from decimal import Decimal

import pytest

from accounts.choices import Role
from core.errors import WorkflowError
from pmprb import workflow
from pmprb.loading import WorksheetError, load_worksheet
from pmprb.models import Answer, Assessment, HasilIndicator, HasilInput, Question, SubArea, WorksheetVersion
from pmprb.scoring import AreaScore, HasilScore, Result, predicate_for, predicate_levels, score, weight_problems
from tests import factories
from tests.conftest import LKE

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def assessment(evaluator):
    return workflow.create_assessment(evaluator, 2019)


def answer_all(assessment, evaluator, pick) -> None:
    answers = []
    for question in Question.objects.filter(subarea__area__component__version=assessment.version).prefetch_related(
        "options"
    ):
        options = sorted(question.options.all(), key=lambda option: option.value)
        answers.append(
            Answer(assessment=assessment, question=question, final_option=pick(options), finalised_by=evaluator)
        )
    Answer.objects.bulk_create(answers)


def hasil_all(assessment, evaluator, best: bool) -> None:
    for indicator in HasilIndicator.objects.filter(component__version=assessment.version):
        if indicator.input_max is None:
            level = indicator.levels.order_by("-score" if best else "score").first()
            workflow.set_hasil(evaluator, assessment, indicator, level=level)
        else:
            workflow.set_hasil(evaluator, assessment, indicator, value=indicator.input_max if best else D(0))


def test_the_worksheet_has_its_published_structure():
    version = WorksheetVersion.objects.get(code="permenpan-14-2014")
    assert weight_problems(version) == []
    assert SubArea.objects.filter(area__component__version=version).count() == 33
    assert Question.objects.filter(subarea__area__component__version=version).count() == 146
    assert HasilIndicator.objects.filter(component__version=version).count() == 5


def test_all_answers_best_give_100_and_aa(assessment, evaluator):
    answer_all(assessment, evaluator, lambda options: options[-1])
    hasil_all(assessment, evaluator, best=True)
    result = score(assessment)
    assert result.pengungkit == D(60) and result.hasil_total == D(40) and result.total == D(100)
    assert result.predicate.code == "AA" and result.missing_answers == 0
    assert [area.value for area in result.areas] == [D(5), D(5), D(6), D(5), D(15), D(6), D(12), D(6)]


def test_all_answers_worst_give_0_and_d(assessment, evaluator):
    answer_all(assessment, evaluator, lambda options: options[0])
    hasil_all(assessment, evaluator, best=False)
    result = score(assessment)
    assert result.total == D(0) and result.predicate.code == "D"


def test_missing_answers_count_zero_and_are_reported(assessment, evaluator):
    answer_all(assessment, evaluator, lambda options: options[-1])
    Answer.objects.filter(assessment=assessment, question__subarea__code="1.1").delete()  # 3 questions, weight 1
    result = score(assessment)
    assert result.missing_answers == 3
    assert result.areas[0].value == D(4)  # Manajemen Perubahan loses sub-area 1.1 entirely
    assert result.hasil_total == D(0)  # no Hasil inputs yet


def test_sub_area_value_is_the_average_times_weight(assessment, evaluator):
    subarea = SubArea.objects.get(area__component__version=assessment.version, code="1.1")  # weight 1, a: ABC b/c: ABCD
    picks = {"1.1.a": "B", "1.1.b": "B", "1.1.c": "D"}  # 0,5 + 0,67 + 0 = 1,17 / 3
    for question in subarea.questions.all():
        workflow.finalise_answer(evaluator, assessment, question, question.options.get(code=picks[question.code]))
    result = score(assessment)
    assert result.areas[0].subareas[0].value == (D("0.5") + D("0.67") + D(0)) / 3 * D(1)


def test_the_worksheets_multiplication_rule_is_applied(assessment, evaluator):
    questions = {
        q.code: q
        for q in Question.objects.filter(subarea__code="5.4", subarea__area__component__version=assessment.version)
    }
    answer_all(assessment, evaluator, lambda options: options[-1])
    Answer.objects.filter(assessment=assessment, question=questions["5.4.b"]).update(
        final_option=questions["5.4.b"].options.get(code="C")
    )
    subarea = next(s for a in score(assessment).areas for s in a.subareas if s.code == "5.4")
    # b = 0,33 makes c = 1 × 0,33, d = 1 × c and e = 1 × d: (1 + 4 × 0,33) / 5 × 6
    assert subarea.value == (D(1) + 4 * D("0.33")) / 5 * D(6)


def test_hasil_inputs_use_their_formulas(assessment, evaluator):
    indicators = {i.code: i for i in HasilIndicator.objects.filter(component__version=assessment.version)}
    workflow.set_hasil(evaluator, assessment, indicators["sakip"], value=D("72.65"))
    workflow.set_hasil(
        evaluator, assessment, indicators["opini_bpk"], level=indicators["opini_bpk"].levels.get(code="WDP")
    )
    by_code = {item.code: item.value for item in score(assessment).hasil}
    assert by_code["sakip"] == D("72.65") / 100 * 14
    assert by_code["opini_bpk"] == D(2)


def test_the_worksheets_own_example_is_bb():
    # LKE sheet K195 and K210 (unrounded parts of 40,45 and 30,95): total 71,4063 shown as 71,41
    result = Result(
        [AreaScore(1, "", D(60), D("40.4543"))],
        [HasilScore("", "", D(40), "", D("30.952"))],
        D(60),
        D(40),
        0,
        predicate_levels(),
    )
    assert result.total.quantize(D("0.01")) == D("71.41")
    assert result.predicate.code == "BB"
    assert predicate_for(D("40.45") + D("30.95"), predicate_levels()).code == "BB"


@pytest.mark.parametrize(
    ("total", "predicate"),
    [
        ("100", "AA"),
        ("90.01", "AA"),
        ("90", "A"),
        ("80.01", "A"),
        ("80", "BB"),
        ("70.01", "BB"),
        ("70", "B"),
        ("60.01", "B"),
        ("60", "CC"),
        ("50.01", "CC"),
        ("50", "C"),
        ("30.01", "C"),
        ("30", "D"),
        ("0", "D"),
    ],
)
def test_every_predicate_boundary(total, predicate):
    assert predicate_for(D(total), predicate_levels()).code == predicate


def test_a_version_whose_weights_do_not_add_up_is_refused(evaluator, tmp_path):
    data = json.loads(LKE.read_text(encoding="utf-8"))
    data["version"]["code"] = "rusak"
    data["components"][0]["areas"][0]["subareas"][0]["weight"] = 2  # area 1 now sums to 6, not 5
    broken = tmp_path / "rusak.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(WorksheetError, match="Area MANAJEMEN PERUBAHAN: jumlah bobot sub-area 6, seharusnya 5"):
        load_worksheet(broken)
    assert not WorksheetVersion.objects.filter(code="rusak").exists()


def test_an_edited_version_that_no_longer_adds_up_cannot_start_an_assessment(evaluator):
    version = WorksheetVersion.objects.get(code="permenpan-14-2014")
    SubArea.objects.filter(area__component__version=version, code="7.7").update(weight=D(5))
    with pytest.raises(WorkflowError, match="jumlah bobot sub-area"):
        workflow.create_assessment(evaluator, 2020, version=factories.lke_2014())
    assert not Assessment.objects.filter(year=2020).exists()


def test_hasil_inputs_outside_their_range_are_refused(assessment, evaluator):
    sakip = HasilIndicator.objects.get(component__version=assessment.version, code="sakip")
    with pytest.raises(WorkflowError, match="antara 0 dan 100"):
        workflow.set_hasil(evaluator, assessment, sakip, value=D("101"))
    assert not HasilInput.objects.exists()


def test_a_copied_version_is_complete_and_unpublished():
    from pmprb.versions import copy_version

    original = WorksheetVersion.objects.get(code="permenpan-14-2014")
    copy = copy_version(original)
    assert not copy.is_published and weight_problems(copy) == []
    assert Question.objects.filter(subarea__area__component__version=copy).count() == 146
    assert SubArea.objects.filter(area__component__version=copy, mappings__isnull=False).distinct().count() == 33


def test_the_admin_refuses_to_publish_a_version_whose_weights_do_not_add_up(client):
    from django.urls import reverse

    from pmprb.versions import copy_version

    admin = factories.make_user("admin", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    copy = copy_version(WorksheetVersion.objects.get(code="permenpan-14-2014"))
    SubArea.objects.filter(area__component__version=copy, code="8.5").update(weight=D("2"))
    client.force_login(admin)
    url = reverse("admin:pmprb_worksheetversion_change", args=[copy.pk])
    page = client.get(url)
    data = {key: value for key, value in page.context["adminform"].form.initial.items() if value is not None}
    data.update({"is_published": "on", "components-TOTAL_FORMS": "0", "components-INITIAL_FORMS": "0"})
    response = client.post(url, data, follow=True)
    assert "TIDAK siap dipakai" in response.content.decode()
    assert "PENINGKATAN KUALITAS PELAYANAN PUBLIK: jumlah bobot sub-area 7, seharusnya 6" in response.content.decode()
    copy.refresh_from_db()
    assert not copy.is_published


def test_the_indeks_rb_row_is_found_by_its_key_not_its_name(db):
    """Renaming the row in the admin (a typo fixed) must not lose the Indeks RB targets."""
    from indicators.models import Indicator

    row = Indicator.objects.get(key=Indicator.INDEKS_RB)
    Indicator.objects.filter(pk=row.pk).update(name="Indeks Reformasi Birokrasi (diperbaiki)")
    assert Indicator.objects.get(key=Indicator.INDEKS_RB).targets.get(year=2022).raw_text == "68 (BB)"
