"""Writes of the PMPRB module: one function per action, each checking who may do it, each atomic."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rules
from accounts.choices import Role
from core import text as free_text
from core.errors import WorkflowError
from core.formatting import decimal_text
from core.uploads import inspect_upload
from notifications.models import Kind
from notifications.service import notify, opd_members, with_role
from pmprb.models import (
    DECISION_STATUS,
    NUMBER_TYPES,
    Answer,
    AnswerType,
    Assessment,
    AssessmentEvent,
    Finding,
    FollowUp,
    FollowUpDecision,
    FollowUpStatus,
    HasilIndicator,
    HasilInput,
    HasilLevel,
    LkeArea,
    Option,
    Question,
    QuestionEvidence,
    Recommendation,
    WorksheetVersion,
)
from pmprb.scoring import weight_problems
from pmprb.signals import assessment_finalised, assessment_reopened
from pmprb.versions import practice_version, publish_problems, version_for_year
from roadmap.models import OPD


def _ensure_writer(user) -> None:
    if not rules.writes_assessments(user):
        raise WorkflowError(_("Hanya Evaluator Inspektorat atau Administrator yang dapat mengisi penilaian."))


def _lock(assessment: Assessment) -> None:
    """Re-read the assessment under a row lock, in place: a concurrent finalise, reopen or edit waits here
    and then sees the state the first one left, so each change is checked and recorded once.

    On SQLite the transaction already holds the database's write lock (BEGIN IMMEDIATE); the re-read
    is what matters there."""
    assessment.refresh_from_db(from_queryset=Assessment.objects.select_for_update())


def _ensure_draft(assessment: Assessment) -> None:
    if assessment.status != Assessment.Status.DRAFT:
        raise WorkflowError(_("Penilaian %(year)s sudah final; tidak dapat diubah.") % {"year": assessment.year})


@transaction.atomic
def create_assessment(
    user, year: int, version: WorksheetVersion | None = None, opd: OPD | None = None, practice: bool = False
) -> Assessment:
    """A new assessment of the Pemda (or of one unit kerja) on the model its year was evaluated on.

    `version` overrides the year's model (a rehearsal on an earlier model, or a test); it must be
    published too, and the assessment's pages say when it differs from the year's model.
    `practice`: a latihan on the most recent usable model, marked everywhere and never the year's result.
    """
    _ensure_writer(user)
    year_version = version_for_year(year)
    version = version or (practice_version(year) if practice else year_version)
    if version is None:
        if practice:
            raise WorkflowError(_("Belum ada model LKE yang dapat dipakai untuk latihan."))
        raise WorkflowError(_("Belum ada versi LKE untuk tahun evaluasi %(year)s.") % {"year": year})
    problems = publish_problems(version) if not version.is_published else weight_problems(version)
    if problems or not version.is_published:
        raise WorkflowError(
            _("Versi LKE %(name)s untuk tahun %(year)s masih draf dan tidak dapat dipakai: ")
            % {"name": version.name, "year": year}
            + " ".join(problems or [_("belum diterbitkan.")])
        )
    existing = Assessment.objects.filter(year=year, opd=opd) if opd else Assessment.objects.pemda().filter(year=year)
    if existing.filter(is_practice=practice).exists():
        if practice:
            raise WorkflowError(_("Latihan tahun %(year)s sudah ada.") % {"year": year})
        raise WorkflowError(_("Penilaian tahun %(year)s sudah ada.") % {"year": year})
    assessment = Assessment.objects.create(version=version, year=year, opd=opd, is_practice=practice, created_by=user)
    AssessmentEvent.objects.create(assessment=assessment, action=AssessmentEvent.Action.CREATED, user=user)
    return assessment


def _option_for(question: Question, option: Option | None) -> Option | None:
    if option is not None and option.question_id != question.pk:
        raise WorkflowError(_("Pilihan jawaban bukan milik pertanyaan %(code)s.") % {"code": question.code})
    return option


def answer_question(user, assessment: Assessment, question: Question, option: Option | None, note: str = "") -> Answer:
    """The asesor's answer to one question, with a note (save_answers of one question)."""
    save_answers(user, assessment, [AnswerInput(question, option=option, note=note)])
    return Answer.objects.get(assessment=assessment, question=question)


def finalise_answer(user, assessment: Assessment, question: Question, option: Option, note: str = "") -> Answer:
    """The koordinator's reviewed, final answer to one question; recorded with who and when."""
    if option is None:
        raise WorkflowError(_("Jawaban final wajib dipilih."))
    save_answers(user, assessment, [AnswerInput(question, option=option, note=note, stage="final")])
    return Answer.objects.get(assessment=assessment, question=question)


@transaction.atomic
def set_hasil(
    user,
    assessment: Assessment,
    indicator: HasilIndicator,
    value: Decimal | None = None,
    level: HasilLevel | None = None,
) -> HasilInput:
    _ensure_writer(user)
    _lock(assessment)
    _ensure_draft(assessment)
    if indicator.component.version_id != assessment.version_id:
        raise WorkflowError(_("Indikator ini bukan bagian dari versi LKE penilaian ini."))
    if indicator.input_max is None:
        if level is not None and level.indicator_id != indicator.pk:
            raise WorkflowError(_("Tingkat yang dipilih bukan milik %(name)s.") % {"name": indicator.name})
        value = None
    else:
        level = None
        if value is not None and not (Decimal(0) <= value <= indicator.input_max):
            raise WorkflowError(
                _("%(name)s harus antara 0 dan %(max)s.")
                % {"name": indicator.name, "max": decimal_text(indicator.input_max)}
            )
    item, _created = HasilInput.objects.update_or_create(
        assessment=assessment,
        indicator=indicator,
        defaults={"value": value, "level": level, "entered_by": user, "entered_at": timezone.now()},
    )
    return item


@transaction.atomic
def set_hasil_inputs(user, assessment: Assessment, entries) -> None:
    """Every (indicator, value, level) of the hasil form stored together, or none of them when one is refused."""
    for indicator, value, level in entries:
        set_hasil(user, assessment, indicator, value=value, level=level)


def unanswered(assessment: Assessment) -> list[Question]:
    """The questions of the assessment's version without an answer, in worksheet order."""
    answered = (
        Answer.objects.filter(assessment=assessment)
        .filter(
            Q(asesor_option__isnull=False)
            | Q(final_option__isnull=False)
            | Q(asesor_number__isnull=False)
            | Q(final_number__isnull=False)
        )
        .values("question_id")
    )
    return list(
        Question.objects.filter(subarea__area__component__version=assessment.version)
        .exclude(pk__in=answered)
        .select_related("subarea__area")
        .order_by("subarea__area__number", "subarea__order", "order")
    )


@transaction.atomic
def finalise_assessment(user, assessment: Assessment, confirmed: bool = True) -> Assessment:
    """Make the assessment final; with unanswered questions only once the user has seen them and confirmed."""
    _lock(assessment)
    rules.require("pmprb.edit_assessment", user, assessment)
    if assessment.is_practice:
        raise WorkflowError(
            _("Penilaian latihan tidak dapat difinalkan sebagai hasil resmi tahun %(year)s.")
            % {"year": assessment.year}
        )
    missing = unanswered(assessment)
    if missing and not confirmed:
        raise WorkflowError(
            _("%(n)s pertanyaan belum dijawab; konfirmasi diperlukan untuk memfinalkan.") % {"n": len(missing)}
        )
    assessment.status = Assessment.Status.FINAL
    assessment.save(update_fields=["status"])
    note = _("%(n)s pertanyaan belum dijawab dan dihitung 0.") % {"n": len(missing)} if missing else ""
    AssessmentEvent.objects.create(
        assessment=assessment, action=AssessmentEvent.Action.FINALISED, reason=note, user=user
    )
    assessment_finalised.send(Assessment, assessment=assessment, user=user)
    return assessment


@transaction.atomic
def reopen_assessment(user, assessment: Assessment, reason: str) -> Assessment:
    """An administrator reopens a final assessment; the reason stays in its history."""
    _lock(assessment)
    rules.require("pmprb.reopen_assessment", user, assessment)
    reason = free_text.ensure_fits(reason, AssessmentEvent, "reason")
    if not reason:
        raise WorkflowError(_("Alasan membuka kembali wajib diisi."))
    assessment.status = Assessment.Status.DRAFT
    assessment.save(update_fields=["status"])
    assessment_reopened.send(Assessment, assessment=assessment)
    AssessmentEvent.objects.create(
        assessment=assessment, action=AssessmentEvent.Action.REOPENED, reason=reason, user=user
    )
    return assessment


@dataclass
class AnswerInput:
    """One question's answer as entered on an area page: an option or a number, and a note."""

    question: Question
    option: Option | None = None
    number: Decimal | None = None
    note: str = ""
    stage: str = "asesor"  # or "final": the koordinator's reviewed answer


def _check_input(item: AnswerInput) -> None:
    question = item.question
    if question.answer_type in NUMBER_TYPES:
        if item.option is not None:
            raise WorkflowError(_("Pertanyaan %(code)s dijawab dengan angka.") % {"code": question.code})
        maximum = Decimal(100) if question.answer_type == AnswerType.PERCENT else question.input_max
        if item.number is not None and maximum is not None and not (Decimal(0) <= item.number <= maximum):
            raise WorkflowError(
                _("Jawaban %(code)s harus antara 0 dan %(max)s.")
                % {"code": question.code, "max": decimal_text(maximum)}
            )
    elif item.number is not None:
        raise WorkflowError(_("Pertanyaan %(code)s dijawab dengan pilihan.") % {"code": question.code})
    _option_for(question, item.option)


@transaction.atomic
def save_answers(user, assessment: Assessment, items: list[AnswerInput]) -> int:
    """Save an area's answers together, all or nothing; returns how many answers changed."""
    _lock(assessment)
    rules.require("pmprb.edit_assessment", user, assessment)
    for item in items:
        _check_input(item)
    versions = {item.question.subarea.area.component.version_id for item in items}
    if versions - {assessment.version_id}:
        raise WorkflowError(_("Pertanyaan ini bukan bagian dari versi LKE penilaian ini."))
    existing = {
        a.question_id: a
        for a in Answer.objects.select_for_update()
        .filter(assessment=assessment, question__in=[i.question for i in items])
        .order_by()
    }
    changed, now = 0, timezone.now()
    for item in items:
        answer = existing.setdefault(item.question.pk, Answer(assessment=assessment, question=item.question))
        if _apply(answer, item, user, now):
            answer.save()
            changed += 1
    return changed


def _apply(answer: Answer, item: AnswerInput, user, now) -> bool:
    """Copy the input onto the answer; False when nothing changes (the answer keeps who and when)."""
    try:
        note = free_text.ensure_fits(item.note, Answer, "review_note" if item.stage == "final" else "asesor_note")
    except WorkflowError as error:
        raise WorkflowError(f"{item.question.code}: {error}") from error
    option_id = item.option.pk if item.option else None
    if item.stage == "final":
        current = (answer.final_option_id, answer.final_number, answer.review_note)
        if current == (option_id, item.number, note) or (
            answer.pk is None and not (option_id or item.number is not None or note)
        ):
            return False
        answer.final_option, answer.final_number, answer.review_note = item.option, item.number, note
        answer.finalised_by, answer.finalised_at = user, now
        return True
    current = (answer.asesor_option_id, answer.asesor_number, answer.asesor_note)
    if current == (option_id, item.number, note) or (
        answer.pk is None and not (option_id or item.number is not None or note)
    ):
        return False
    answer.asesor_option, answer.asesor_number, answer.asesor_note = item.option, item.number, note
    answer.answered_by, answer.answered_at = user, now
    return True


@transaction.atomic
def add_finding(user, year: int, area: LkeArea, text: str, semester: int | None = None) -> Finding:
    _ensure_writer(user)
    text = free_text.ensure_fits(text, Finding, "text")
    if not text:
        raise WorkflowError(_("Temuan tidak boleh kosong."))
    return Finding.objects.create(year=year, semester=semester, lke_area=area, text=text, created_by=user)


@transaction.atomic
def add_recommendation(user, finding: Finding, text: str, opd: OPD, due_date: date) -> Recommendation:
    _ensure_writer(user)
    text = free_text.ensure_fits(text, Recommendation, "text")
    if not text:
        raise WorkflowError(_("Rekomendasi tidak boleh kosong."))
    recommendation = Recommendation.objects.create(
        finding=finding, text=text, opd=opd, due_date=due_date, created_by=user
    )
    message = _("Temuan dan rekomendasi baru untuk %(opd)s (batas %(due)s): %(text)s") % {
        "opd": opd.short_name,
        "due": due_date.strftime("%d-%m-%Y"),
        "text": recommendation.text[:150],
    }
    notify(opd_members(opd), Kind.FINDING, message, recommendation.get_absolute_url(), exclude=user)
    return recommendation


@transaction.atomic
def record_finding(
    user, year: int, area: LkeArea, text: str, semester: int | None, recommendation: str, opd: OPD, due_date: date
) -> Recommendation:
    """A finding and its recommendation to an OPD, recorded together or not at all."""
    finding = add_finding(user, year, area, text, semester)
    return add_recommendation(user, finding, recommendation, opd, due_date)


def _inspected(upload, target) -> None:
    """Check an upload (type, size) and store it on `target` (a FollowUp or QuestionEvidence)."""
    try:
        inspected = inspect_upload(upload)
    except ValidationError as exc:
        raise WorkflowError(" ".join(exc.messages)) from exc
    target.original_name = upload.name[:255]
    target.sha256 = inspected.sha256
    target.extension = inspected.extension
    target.content_type = inspected.content_type
    target.file.save(upload.name, ContentFile(inspected.content), save=False)


@transaction.atomic
def record_follow_up(user, recommendation: Recommendation, status: str, note: str, upload=None) -> FollowUp:
    """The addressed OPD records its tindak lanjut. It cannot close the recommendation: 'selesai' submits it
    for the Inspektorat's check (decide_follow_up)."""
    rules.require("pmprb.follow_up", user, recommendation)
    if recommendation.is_closed:
        raise WorkflowError(_("Rekomendasi ini sudah ditutup Inspektorat."))
    if status not in {FollowUpStatus.IN_PROGRESS, FollowUpStatus.DONE}:
        raise WorkflowError(_("Status tindak lanjut tidak dikenal."))
    note = free_text.ensure_fits(note, FollowUp, "note")
    if not note:
        raise WorkflowError(_("Uraian tindak lanjut wajib diisi."))
    # 'selesai' from the OPD is a request for the Inspektorat's check, never done by itself
    submitted = FollowUpStatus.IN_REVIEW if status == FollowUpStatus.DONE else FollowUpStatus.IN_PROGRESS
    follow_up = FollowUp(recommendation=recommendation, status=submitted, note=note, recorded_by=user)
    if upload is not None:
        _inspected(upload, follow_up)
    follow_up.save()
    _set_status(recommendation, submitted)
    message = _("Tindak lanjut %(opd)s: %(status)s — %(text)s") % {
        "opd": recommendation.opd.short_name,
        "status": follow_up.get_status_display(),
        "text": recommendation.text[:120],
    }
    notify(with_role(Role.EVALUATOR), Kind.FOLLOW_UP, message, recommendation.get_absolute_url(), exclude=user)
    return follow_up


def _set_status(recommendation: Recommendation, status: str) -> None:
    recommendation.status = status
    recommendation.save(update_fields=["status"])  # a save, not .update(): the dashboards' cache is bumped


@transaction.atomic
def decide_follow_up(user, follow_up: FollowUp, decision: str, note: str = "") -> FollowUp:
    """The Inspektorat accepts or rejects an OPD's follow-up; only 'sesuai' closes the recommendation as done,
    'belum sesuai' sends it back to the OPD with the note."""
    follow_up = FollowUp.objects.select_for_update().select_related("recommendation__opd").get(pk=follow_up.pk)
    rules.require("pmprb.decide_follow_up", user, follow_up)
    if decision not in DECISION_STATUS:
        raise WorkflowError(_("Keputusan tidak dikenal."))
    note = free_text.ensure_fits(note, FollowUp, "decision_note")
    if decision != FollowUpDecision.ACCEPTED and not note:
        raise WorkflowError(_("Catatan wajib diisi bila tindak lanjut belum sesuai atau tidak dapat ditindaklanjuti."))
    follow_up.decision, follow_up.decision_note = decision, note
    follow_up.decided_by, follow_up.decided_at = user, timezone.now()
    follow_up.save(update_fields=["decision", "decision_note", "decided_by", "decided_at"])
    recommendation = follow_up.recommendation
    _set_status(recommendation, DECISION_STATUS[decision])
    message = _("Tindak lanjut diputuskan Inspektorat: %(decision)s — %(text)s") % {
        "decision": follow_up.state_label,
        "text": recommendation.text[:120],
    }
    if follow_up.decision_note:
        message += " " + _("Catatan Inspektorat: %(note)s") % {"note": follow_up.decision_note[:200]}
    notify(
        opd_members(recommendation.opd_id),
        Kind.FOLLOW_UP_DECIDED,
        message,
        recommendation.get_absolute_url(),
        exclude=user,
    )
    return follow_up


@transaction.atomic
def add_question_evidence(
    user, assessment: Assessment, question: Question, upload=None, url: str = "", note: str = ""
) -> QuestionEvidence:
    """A file, link or note as evidence for one question of a draft assessment."""
    _lock(assessment)
    rules.require("pmprb.edit_assessment", user, assessment)
    if question.subarea.area.component.version_id != assessment.version_id:
        raise WorkflowError(_("Pertanyaan ini bukan bagian dari versi LKE penilaian ini."))
    note = free_text.ensure_fits(note, QuestionEvidence, "note")
    url = free_text.ensure_fits(url, QuestionEvidence, "url")
    if upload is None and not url and not note:
        raise WorkflowError(_("Isi berkas, tautan atau catatan."))
    evidence = QuestionEvidence(assessment=assessment, question=question, url=url, note=note, recorded_by=user)
    if upload is not None:
        _inspected(upload, evidence)
    evidence.save()
    return evidence


@transaction.atomic
def set_report_details(user, assessment: Assessment, form) -> Assessment:
    """The report number and date, the signatory and the team (a validated SignatoryForm).

    Only the form's fields are written: the form's instance was read before the lock and must not write
    back a status that a concurrent finalise changed."""
    rules.require("pmprb.edit_assessment", user, Assessment.objects.select_for_update().get(pk=assessment.pk))
    form.instance.save(update_fields=list(form.fields))
    return form.instance
