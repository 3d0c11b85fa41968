"""What the PMPRB pages show: the list of assessments, one assessment with its hasil inputs, one LKE area with
its answers, evidence and progress, the recommendations, and the start of the LKE import form. Each is
computed here from the user and the objects the view found; which buttons the user gets come from their
rules in accounts.rules. The views (pmprb.views) read the request, check entry, add the forms and render.
"""

from collections import defaultdict

from accounts import rules
from core import cache, numbers
from pmprb import charts as charts_data
from pmprb.evidence import evidence_by_subarea
from pmprb.forms import HasilForm
from pmprb.models import (
    Answer,
    Assessment,
    FollowUpStatus,
    HasilIndicator,
    LkeArea,
    Question,
    QuestionEvidence,
    Recommendation,
    ReportSettings,
)
from pmprb.summary import area_progress, rollup, summarise, summarise_all
from pmprb.versions import missing_model_text, practice_version, version_for_year
from roadmap.models import Roadmap


def _kept(name: str, compute, *parts):
    """A PMPRB read model (scores, progress, the verified reports offered as evidence), computed once per version
    of all the data: scoring an assessment costs dozens of queries."""
    return cache.cached(name, cache.EVERY_SCOPE, compute, *parts)


def index_data(user, assessments: list[Assessment]) -> dict:
    """The list page: every assessment's score, the regency's rollup per year, overdue recommendations."""
    summaries = _kept("pmprb-summaries", lambda: summarise_all(assessments), *[a.pk for a in assessments])
    rollups = [rollup(year) for year in sorted({a.year for a in assessments if a.opd_id}, reverse=True)]
    return {
        "summaries": summaries,
        "rollups": rollups,
        "can_write": rules.writes_assessments(user),
        "overdue": Recommendation.objects.for_user(user).overdue().count(),
    }


def model_gap(year: int, opd) -> dict | None:
    """No dead end when the year has no LKE model to assess with: what is missing, and the two ways on (a
    practice assessment, or importing the model). None when the year's model is there."""
    text = missing_model_text(year)
    if not text:
        return None
    return {"year": year, "text": text, "practice_version": practice_version(year), "opd": opd}


def assessment_data(user, assessment: Assessment, refused_hasil: HasilForm | None) -> dict:
    """The assessment page's context but its forms; `refused_hasil` is a refused hasil submission shown as it
    was typed, None when the page shows what is stored."""
    summary, progress = _kept(
        "pmprb-assessment", lambda: (summarise(assessment), area_progress(assessment)), assessment.pk
    )
    indicators = HasilIndicator.objects.filter(component__version=assessment.version).prefetch_related("levels")
    inputs = {item.indicator_id: item for item in assessment.hasil_inputs.select_related("level")}
    return {
        "assessment": assessment,
        "summary": summary,
        "year_version": version_for_year(assessment.year),
        "roadmap": Roadmap.objects.for_year(assessment.year),
        "chart": charts_data.area_chart(summary),
        "hasil_rows": hasil_rows(indicators, inputs, refused_hasil),
        "can_write": rules.can("pmprb.edit_assessment", user, assessment),
        "can_reopen": rules.can("pmprb.reopen_assessment", user, assessment),
        "progress": progress,
        "events": assessment.events.select_related("user"),
        "kop_missing": ReportSettings.peek().missing_parts(),
        "is_administrator": rules.is_administrator(user),
    }


def hasil_rows(indicators, inputs: dict, refused: HasilForm | None) -> list[dict]:
    """Per indicator: its stored input, the text its field shows and the refusal, if any.

    After a refusal every field shows what was typed (the refused value too, marked), so saving
    again after one correction stores them all."""
    rows = []
    for indicator in indicators:
        item, name = inputs.get(indicator.pk), f"hasil-{indicator.pk}"
        if refused is not None:
            shown, error = refused.data.get(name, ""), " ".join(refused.errors.get(name, []))
        elif item is not None and indicator.input_max is None:
            shown, error = str(item.level_id or ""), ""
        elif item is not None and item.value is not None:
            shown, error = numbers.decimal_text(item.value), ""
        else:
            shown, error = "", ""
        rows.append({"indicator": indicator, "item": item, "shown": shown, "error": error})
    return rows


def area_questions(area: LkeArea) -> list[Question]:
    """The area's questions in the order of the form, each with its options."""
    return list(
        Question.objects.filter(subarea__area=area)
        .select_related("subarea__area__component")
        .prefetch_related("options")
        .order_by("subarea__order", "order")
    )


def area_data(user, assessment: Assessment, area: LkeArea, questions: list[Question]) -> dict:
    """The area page's context but its forms: per sub-area the verified reports offered as evidence and each
    question with its answer and evidence, and the progress of every area."""
    answers = {
        answer.question_id: answer
        for answer in Answer.objects.filter(assessment=assessment, question__subarea__area=area).select_related(
            "asesor_option", "final_option", "answered_by", "finalised_by"
        )
    }
    evidence = defaultdict(list)
    for item in QuestionEvidence.objects.filter(assessment=assessment, question__subarea__area=area):
        evidence[item.question_id].append(item)
    suggested = _kept("pmprb-evidence", lambda: evidence_by_subarea(assessment, area), assessment.pk, area.pk)
    by_subarea = defaultdict(list)
    for question in questions:
        by_subarea[question.subarea_id].append(
            {"question": question, "answer": answers.get(question.pk), "evidence": evidence[question.pk]}
        )
    blocks = [
        {"subarea": subarea, "evidence": suggested.get(subarea.pk, []), "questions": by_subarea[subarea.pk]}
        for subarea in area.subareas.all()
    ]
    progress = _kept("pmprb-progress", lambda: area_progress(assessment), assessment.pk)
    return {
        "assessment": assessment,
        "area": area,
        "blocks": blocks,
        "can_write": rules.can("pmprb.edit_assessment", user, assessment),
        "progress": progress,
        "this_progress": next((p for p in progress if p.area.pk == area.pk), None),
    }


def finding_version():
    """The LKE model findings are recorded against (its areas are the form's choices): the latest year's."""
    return Assessment.objects.order_by("-year").values_list("version", flat=True).first()


def recommendations_data(user) -> dict:
    """The recommendations the user sees, the open ones first by due date, and how many are overdue."""
    visible = Recommendation.objects.for_user(user)
    rows = visible.select_related("finding__lke_area", "opd").order_by("status", "due_date")
    return {"recommendations": rows, "overdue": visible.overdue().count()}


def recommendation_data(user, recommendation: Recommendation) -> dict:
    """One recommendation's page but its forms: the follow-ups, the last decision when it was returned."""
    follow_ups = list(recommendation.follow_ups.select_related("recorded_by", "decided_by"))
    decided = [f for f in follow_ups if f.decision]
    returned = decided[-1] if decided and recommendation.status == FollowUpStatus.RETURNED else None
    return {
        "recommendation": recommendation,
        "follow_ups": follow_ups,
        "returned": returned,
        "can_decide": rules.has_power(user, "pmprb.decide_follow_up"),
    }


def import_initial(year: int | None) -> dict:
    """What the year's draft model already says (name, regulation, years, scale) as the import form's start."""
    version = version_for_year(year) if year else None
    if version is None:
        return {"year": year}
    return {
        "year": year,
        "name": version.name,
        "regulation": version.regulation,
        "first_year": version.first_year,
        "last_year": version.last_year,
        "predicate_scale": version.predicate_scale or None,
    }
