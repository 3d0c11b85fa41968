from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import rules
from core.errors import WorkflowError
from pmprb import charts as charts_data
from pmprb import workflow
from pmprb.evidence import evidence_by_subarea
from pmprb.forms import AnswerForm, AssessmentForm, FindingForm, FollowUpForm
from pmprb.models import (
    Answer,
    Assessment,
    FollowUp,
    HasilIndicator,
    LkeArea,
    Option,
    Question,
    Recommendation,
    SubArea,
)
from pmprb.summary import summarise, summarise_all


def readers_only(view):
    """Inspektorat, Bagian Organisasi and administrators read the assessment; OPDs do not."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not rules.reads_assessments(request.user):
            raise PermissionDenied(_("Penilaian PMPRB untuk Inspektorat, Bagian Organisasi dan administrator."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


def writers_only(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not workflow.can_write_assessment(request.user):
            raise PermissionDenied(_("Hanya Evaluator Inspektorat atau Administrator yang dapat mengisi penilaian."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


@readers_only
def index(request):
    assessments = list(Assessment.objects.select_related("version"))
    form = AssessmentForm()
    if request.method == "POST":
        if not workflow.can_write_assessment(request.user):
            raise PermissionDenied
        form = AssessmentForm(request.POST)
        if form.is_valid():
            try:
                assessment = workflow.create_assessment(request.user, form.cleaned_data["year"])
                messages.success(request, _("Penilaian %(year)s dibuat.") % {"year": assessment.year})
                return redirect(assessment)
            except WorkflowError as error:
                form.add_error("year", str(error))
    summaries = summarise_all(assessments)
    overdue = Recommendation.objects.for_user(request.user).overdue().count()
    context = {
        "summaries": summaries,
        "form": form,
        "can_write": workflow.can_write_assessment(request.user),
        "overdue": overdue,
    }
    return render(request, "pmprb/index.html", context)


@require_safe
@readers_only
def assessment_detail(request, pk: int):
    assessment = get_object_or_404(Assessment.objects.select_related("version"), pk=pk)
    summary = summarise(assessment)
    indicators = HasilIndicator.objects.filter(component__version=assessment.version).prefetch_related("levels")
    inputs = {item.indicator_id: item for item in assessment.hasil_inputs.select_related("level")}
    context = {
        "assessment": assessment,
        "summary": summary,
        "chart": charts_data.area_chart(summary),
        "hasil_rows": [(indicator, inputs.get(indicator.pk)) for indicator in indicators],
        "can_write": workflow.can_write_assessment(request.user) and assessment.status == Assessment.Status.DRAFT,
        "areas": LkeArea.objects.filter(component__version=assessment.version),
    }
    return render(request, "pmprb/assessment.html", context)


@require_safe
@readers_only
def area_detail(request, pk: int, number: int):
    assessment = get_object_or_404(Assessment, pk=pk)
    area = get_object_or_404(LkeArea, component__version=assessment.version, number=number)
    subareas = SubArea.objects.filter(area=area).prefetch_related(
        Prefetch("questions", queryset=Question.objects.prefetch_related("options"))
    )
    answers = {
        answer.question_id: answer
        for answer in Answer.objects.filter(assessment=assessment, question__subarea__area=area).select_related(
            "asesor_option", "final_option", "answered_by", "finalised_by"
        )
    }
    evidence = evidence_by_subarea(assessment, area)
    blocks = [
        {
            "subarea": subarea,
            "evidence": evidence.get(subarea.pk, []),
            "questions": [(question, answers.get(question.pk)) for question in subarea.questions.all()],
        }
        for subarea in subareas
    ]
    context = {
        "assessment": assessment,
        "area": area,
        "blocks": blocks,
        "can_write": workflow.can_write_assessment(request.user) and assessment.status == Assessment.Status.DRAFT,
        "areas": LkeArea.objects.filter(component__version=assessment.version),
    }
    return render(request, "pmprb/area.html", context)


@require_POST
@writers_only
def answer(request, pk: int, question_id: int):
    assessment = get_object_or_404(Assessment, pk=pk)
    question = get_object_or_404(
        Question.objects.select_related("subarea__area__component"),
        pk=question_id,
        subarea__area__component__version=assessment.version,
    )
    form = AnswerForm(request.POST)
    back = reverse("pmprb:area", args=[assessment.pk, question.subarea.area.number]) + f"#q{question.pk}"
    if not form.is_valid():
        messages.error(request, _("Jawaban tidak valid."))
        return redirect(back)
    option = None
    if form.cleaned_data["option"]:
        option = Option.objects.filter(pk=form.cleaned_data["option"]).first()
        if option is None:
            messages.error(request, _("Pilihan jawaban tidak dikenal."))
            return redirect(back)
    try:
        if form.cleaned_data["stage"] == "final":
            workflow.finalise_answer(request.user, assessment, question, option, form.cleaned_data["note"])
        else:
            workflow.answer_question(request.user, assessment, question, option, form.cleaned_data["note"])
        messages.success(request, _("Jawaban %(code)s disimpan.") % {"code": question.code})
    except WorkflowError as error:
        messages.error(request, str(error))
    return redirect(back)


@require_POST
@writers_only
def hasil(request, pk: int):
    from decimal import Decimal, InvalidOperation

    assessment = get_object_or_404(Assessment, pk=pk)
    indicators = HasilIndicator.objects.filter(component__version=assessment.version).prefetch_related("levels")
    try:
        for indicator in indicators:
            raw = request.POST.get(f"hasil-{indicator.pk}", "").strip()
            if indicator.input_max is None:
                level = indicator.levels.filter(pk=raw).first() if raw.isdigit() else None
                if raw and level is None:
                    raise WorkflowError(_("Tingkat untuk %(name)s tidak dikenal.") % {"name": indicator.name})
                workflow.set_hasil(request.user, assessment, indicator, level=level)
            else:
                try:
                    value = Decimal(raw.replace(".", "").replace(",", ".")) if raw else None
                except InvalidOperation as exc:
                    raise WorkflowError(
                        _("'%(raw)s' bukan angka untuk %(name)s.") % {"raw": raw, "name": indicator.name}
                    ) from exc
                workflow.set_hasil(request.user, assessment, indicator, value=value)
        messages.success(request, _("Masukan komponen hasil disimpan."))
    except WorkflowError as error:
        messages.error(request, str(error))
    return redirect(assessment)


@require_POST
@writers_only
def finalise(request, pk: int):
    assessment = get_object_or_404(Assessment, pk=pk)
    try:
        workflow.finalise_assessment(request.user, assessment)
        messages.success(request, _("Penilaian %(year)s difinalkan.") % {"year": assessment.year})
    except WorkflowError as error:
        messages.error(request, str(error))
    return redirect(assessment)


@login_required
def recommendations(request):
    """Inspektorat records findings and recommendations; an OPD sees only those addressed to it."""
    visible = Recommendation.objects.for_user(request.user)
    if not rules.sees_all_opds(request.user) and not rules.is_reporter(request.user):
        raise PermissionDenied
    can_write = workflow.can_write_assessment(request.user)
    version = Assessment.objects.order_by("-year").values_list("version", flat=True).first()
    form = FindingForm(version=version) if can_write else None
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        form = FindingForm(request.POST, version=version)
        if form.is_valid():
            data = form.cleaned_data
            try:
                finding = workflow.add_finding(
                    request.user, data["year"], data["lke_area"], data["text"], data["semester"]
                )
                workflow.add_recommendation(
                    request.user, finding, data["recommendation"], data["opd"], data["due_date"]
                )
                messages.success(request, _("Temuan dan rekomendasi dicatat."))
                return redirect("pmprb:recommendations")
            except WorkflowError as error:
                form.add_error(None, str(error))
    rows = visible.select_related("finding__lke_area", "opd").order_by("status", "due_date")
    context = {"recommendations": rows, "form": form, "overdue": visible.overdue().count()}
    return render(request, "pmprb/recommendations.html", context)


@login_required
def recommendation_detail(request, pk: int):
    recommendation = get_object_or_404(
        Recommendation.objects.for_user(request.user).select_related("finding__lke_area", "opd"), pk=pk
    )
    can_follow_up = rules.can("pmprb.follow_up", request.user, recommendation)
    form = FollowUpForm() if can_follow_up else None
    if request.method == "POST":
        if not can_follow_up:
            raise PermissionDenied(_("Hanya OPD yang dituju yang mencatat tindak lanjut."))
        form = FollowUpForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                workflow.record_follow_up(
                    request.user,
                    recommendation,
                    form.cleaned_data["status"],
                    form.cleaned_data["note"],
                    form.cleaned_data.get("file"),
                )
                messages.success(request, _("Tindak lanjut dicatat."))
                return redirect(recommendation)
            except WorkflowError as error:
                form.add_error(None, str(error))
    context = {
        "recommendation": recommendation,
        "follow_ups": recommendation.follow_ups.select_related("recorded_by"),
        "form": form,
    }
    return render(request, "pmprb/recommendation.html", context)


@require_safe
@login_required
def follow_up_file(request, pk: int):
    visible = Recommendation.objects.for_user(request.user)
    follow_up = get_object_or_404(FollowUp.objects.filter(recommendation__in=visible).exclude(file=""), pk=pk)
    try:
        handle = follow_up.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle, as_attachment=True, filename=follow_up.original_name, content_type=follow_up.content_type
    )
