"""Writes of the PMPRB module: one function per action, each checking who may do it, each atomic."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rules
from core.errors import WorkflowError
from core.formatting import decimal_text
from core.uploads import inspect_upload
from pmprb.models import (
    Answer,
    Assessment,
    Finding,
    FollowUp,
    FollowUpStatus,
    HasilIndicator,
    HasilInput,
    HasilLevel,
    LkeArea,
    Option,
    Question,
    Recommendation,
    WorksheetVersion,
)
from roadmap.models import OPD


def can_write_assessment(user) -> bool:
    return rules.writes_assessments(user)


def _ensure_writer(user) -> None:
    if not can_write_assessment(user):
        raise WorkflowError(_("Hanya Evaluator Inspektorat atau Administrator yang dapat mengisi penilaian."))


def _ensure_draft(assessment: Assessment) -> None:
    if assessment.status != Assessment.Status.DRAFT:
        raise WorkflowError(_("Penilaian %(year)s sudah final; tidak dapat diubah.") % {"year": assessment.year})


@transaction.atomic
def create_assessment(user, year: int, version: WorksheetVersion | None = None) -> Assessment:
    _ensure_writer(user)
    version = version or WorksheetVersion.objects.filter(is_published=True).order_by("-created_at").first()
    if version is None:
        raise WorkflowError(_("Belum ada versi LKE yang siap dipakai."))
    problems = version.weight_problems()
    if problems:
        raise WorkflowError(_("Versi LKE ini tidak dapat dipakai: ") + " ".join(problems))
    if Assessment.objects.filter(year=year).exists():
        raise WorkflowError(_("Penilaian tahun %(year)s sudah ada.") % {"year": year})
    return Assessment.objects.create(version=version, year=year, created_by=user)


def _option_for(question: Question, option: Option | None) -> Option | None:
    if option is not None and option.question_id != question.pk:
        raise WorkflowError(_("Pilihan jawaban bukan milik pertanyaan %(code)s.") % {"code": question.code})
    return option


def _answer_row(assessment: Assessment, question: Question) -> Answer:
    if question.subarea.area.component.version_id != assessment.version_id:
        raise WorkflowError(_("Pertanyaan ini bukan bagian dari versi LKE penilaian ini."))
    answer, _created = Answer.objects.select_for_update().get_or_create(assessment=assessment, question=question)
    return answer


@transaction.atomic
def answer_question(user, assessment: Assessment, question: Question, option: Option | None, note: str = "") -> Answer:
    """The asesor's answer, with a note."""
    _ensure_writer(user)
    _ensure_draft(assessment)
    answer = _answer_row(assessment, question)
    answer.asesor_option = _option_for(question, option)
    answer.asesor_note = note.strip()
    answer.answered_by = user
    answer.answered_at = timezone.now()
    answer.save()
    return answer


@transaction.atomic
def finalise_answer(user, assessment: Assessment, question: Question, option: Option, note: str = "") -> Answer:
    """The koordinator's reviewed, final answer; recorded with who and when."""
    _ensure_writer(user)
    _ensure_draft(assessment)
    if option is None:
        raise WorkflowError(_("Jawaban final wajib dipilih."))
    answer = _answer_row(assessment, question)
    answer.final_option = _option_for(question, option)
    answer.review_note = note.strip()
    answer.finalised_by = user
    answer.finalised_at = timezone.now()
    answer.save()
    return answer


@transaction.atomic
def set_hasil(
    user,
    assessment: Assessment,
    indicator: HasilIndicator,
    value: Decimal | None = None,
    level: HasilLevel | None = None,
) -> HasilInput:
    _ensure_writer(user)
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
def finalise_assessment(user, assessment: Assessment) -> Assessment:
    _ensure_writer(user)
    _ensure_draft(assessment)
    assessment.status = Assessment.Status.FINAL
    assessment.save(update_fields=["status"])
    return assessment


@transaction.atomic
def add_finding(user, year: int, area: LkeArea, text: str, semester: int | None = None) -> Finding:
    _ensure_writer(user)
    if not text.strip():
        raise WorkflowError(_("Temuan tidak boleh kosong."))
    return Finding.objects.create(year=year, semester=semester, lke_area=area, text=text.strip(), created_by=user)


@transaction.atomic
def add_recommendation(user, finding: Finding, text: str, opd: OPD, due_date: date) -> Recommendation:
    _ensure_writer(user)
    if not text.strip():
        raise WorkflowError(_("Rekomendasi tidak boleh kosong."))
    return Recommendation.objects.create(
        finding=finding, text=text.strip(), opd=opd, due_date=due_date, created_by=user
    )


@transaction.atomic
def record_follow_up(user, recommendation: Recommendation, status: str, note: str, upload=None) -> FollowUp:
    """The addressed OPD records its tindak lanjut; the recommendation's status follows the latest step."""
    rules.require("pmprb.follow_up", user, recommendation)
    if status not in FollowUpStatus.values:
        raise WorkflowError(_("Status tindak lanjut tidak dikenal."))
    if not note.strip():
        raise WorkflowError(_("Uraian tindak lanjut wajib diisi."))
    follow_up = FollowUp(recommendation=recommendation, status=status, note=note.strip(), recorded_by=user)
    if upload is not None:
        try:
            inspected = inspect_upload(upload)
        except ValidationError as exc:
            raise WorkflowError(" ".join(exc.messages)) from exc
        follow_up.original_name = upload.name[:255]
        follow_up.sha256 = inspected.sha256
        follow_up.extension = inspected.extension
        follow_up.content_type = inspected.content_type
        follow_up.file.save(upload.name, ContentFile(inspected.content), save=False)
    follow_up.save()
    Recommendation.objects.filter(pk=recommendation.pk).update(status=status)
    recommendation.status = status
    return follow_up
