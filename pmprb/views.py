import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import rules
from core import pending
from core.errors import WorkflowError
from core.params import positive_int
from pmprb import importing, pages, workflow
from pmprb.forms import (
    AssessmentForm,
    DecisionForm,
    EvidenceForm,
    FindingForm,
    FollowUpForm,
    HasilForm,
    LkeImportForm,
    ReopenForm,
    SignatoryForm,
    area_answers,
)
from pmprb.models import Assessment, FollowUp, HasilIndicator, LkeArea, Question, QuestionEvidence, Recommendation
from pmprb.versions import missing_model_text


@rules.entry(rules.ASSESSMENT_READERS)
def index(request):
    assessments = list(Assessment.objects.select_related("version", "opd"))
    form, gap = AssessmentForm(initial={"year": positive_int(request.GET.get("tahun"), 2100)}), None
    if request.method == "POST":
        rules.let_in(rules.ASSESSMENT_WRITERS, request.user)
        form = AssessmentForm(request.POST)
        if form.is_valid():
            year, practice = form.cleaned_data["year"], request.POST.get("latihan") == "1"
            gap = None if practice else pages.model_gap(year, form.cleaned_data["opd"])
            if gap is None:
                try:
                    assessment = workflow.create_assessment(
                        request.user, year, opd=form.cleaned_data["opd"], practice=practice
                    )
                    done = _("Latihan %(year)s dibuat.") if practice else _("Penilaian %(year)s dibuat.")
                    messages.success(request, done % {"year": assessment.year})
                    return redirect(assessment)
                except WorkflowError as error:
                    form.add_error("year", str(error))
    context = {**pages.index_data(request.user, assessments), "form": form, "gap": gap}
    return render(request, "pmprb/index.html", context)


@require_safe
@rules.entry(rules.ASSESSMENT_READERS)
def assessment_detail(request, pk: int):
    assessment = get_object_or_404(Assessment.objects.select_related("version", "opd"), pk=pk)
    return render(request, "pmprb/assessment.html", _assessment_context(request, assessment, None))


def _assessment_context(request, assessment: Assessment, refused_hasil: HasilForm | None) -> dict:
    """The assessment page with its forms; `refused_hasil` is a refused hasil submission shown as it was typed."""
    context = pages.assessment_data(request.user, assessment, refused_hasil)
    signatory_form = SignatoryForm(instance=assessment) if context["can_write"] else None
    return {**context, "signatory_form": signatory_form, "reopen_form": ReopenForm()}


@rules.entry(rules.ASSESSMENT_READERS)
def area_detail(request, pk: int, number: int):
    """One area's questions in one form: every answer of the area saved in one POST, back at the same place."""
    assessment = get_object_or_404(Assessment.objects.select_related("version"), pk=pk)
    area = get_object_or_404(LkeArea, component__version=assessment.version, number=number)
    questions = pages.area_questions(area)
    if request.method == "POST":
        return _save_area(request, assessment, area, questions)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    context = {**pages.area_data(request.user, assessment, area, questions), "evidence_form": EvidenceForm()}
    return render(request, "pmprb/area.html", context)


ANCHOR = re.compile(r"^[sq]\d{1,10}$")


def _save_area(request, assessment, area, questions):
    rules.let_in(rules.ASSESSMENT_WRITERS, request.user)
    anchor = request.POST.get("anchor", "")
    back = reverse("pmprb:area", args=[assessment.pk, area.number]) + (f"#{anchor}" if ANCHOR.match(anchor) else "")
    try:
        items = area_answers(request.POST, questions)
        changed = workflow.save_answers(request.user, assessment, items)
        messages.success(request, _("%(n)s jawaban area %(area)s disimpan.") % {"n": changed, "area": area.number})
    except WorkflowError as error:
        messages.error(request, _("Tidak ada yang disimpan: %(error)s") % {"error": error})
    return redirect(back)


@require_POST
@rules.entry(rules.ASSESSMENT_WRITERS)
def add_evidence(request, pk: int, question_id: int):
    assessment = get_object_or_404(Assessment, pk=pk)
    question = get_object_or_404(
        Question.objects.select_related("subarea__area__component"),
        pk=question_id,
        subarea__area__component__version=assessment.version,
    )
    back = reverse("pmprb:area", args=[assessment.pk, question.subarea.area.number]) + f"#q{question.pk}"
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(back)
    try:
        workflow.add_question_evidence(
            request.user,
            assessment,
            question,
            form.cleaned_data.get("file"),
            form.cleaned_data.get("url") or "",
            form.cleaned_data.get("note") or "",
        )
        messages.success(request, _("Bukti %(code)s dicatat.") % {"code": question.code})
    except WorkflowError as error:
        messages.error(request, str(error))
    return redirect(back)


@require_safe
@rules.entry(rules.ASSESSMENT_READERS)
def evidence_file(request, pk: int):
    item = get_object_or_404(QuestionEvidence.objects.exclude(file=""), pk=pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=item.original_name, content_type=item.content_type)


@require_POST
@rules.entry(rules.ASSESSMENT_WRITERS)
def hasil(request, pk: int):
    """Save the hasil inputs all together, or none of them when one is refused."""
    assessment = get_object_or_404(Assessment, pk=pk)
    indicators = HasilIndicator.objects.filter(component__version=assessment.version).prefetch_related("levels")
    form = HasilForm(request.POST, indicators=indicators)
    if not form.is_valid():
        # Shown again as typed, the refused fields marked: nothing the evaluator typed is lost
        messages.error(request, _("Tidak ada yang disimpan. %(errors)s") % {"errors": form.error_text()})
        assessment = Assessment.objects.select_related("version", "opd").get(pk=assessment.pk)
        return render(request, "pmprb/assessment.html", _assessment_context(request, assessment, form))
    try:
        workflow.set_hasil_inputs(request.user, assessment, form.entries())
        messages.success(request, _("Masukan komponen hasil disimpan."))
    except WorkflowError as error:
        messages.error(request, str(error))
    return redirect(assessment)


@rules.entry(rules.ASSESSMENT_WRITERS)
def finalise(request, pk: int):
    """Finalkan: a confirmation page listing what is unanswered; the POST with `confirm` makes it final."""
    assessment = get_object_or_404(Assessment.objects.select_related("version"), pk=pk)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            workflow.finalise_assessment(request.user, assessment, confirmed=True)
            messages.success(request, _("Penilaian %(year)s difinalkan.") % {"year": assessment.year})
        except WorkflowError as error:
            messages.error(request, str(error))
        return redirect(assessment)
    if request.method not in {"GET", "HEAD", "POST"}:
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    context = {
        "assessment": assessment,
        "unanswered": workflow.unanswered(assessment),
        "can_finalise": rules.can("pmprb.edit_assessment", request.user, assessment),
    }
    return render(request, "pmprb/finalise.html", context)


@require_POST
@rules.entry(rules.ADMINISTRATORS)
def reopen(request, pk: int):
    """An administrator reopens a final assessment with a reason kept in its history."""
    assessment = get_object_or_404(Assessment, pk=pk)
    form = ReopenForm(request.POST)
    try:
        if not form.is_valid():
            raise WorkflowError(_("Alasan membuka kembali wajib diisi."))
        workflow.reopen_assessment(request.user, assessment, form.cleaned_data["reason"])
        messages.success(request, _("Penilaian %(year)s dibuka kembali.") % {"year": assessment.year})
    except WorkflowError as error:
        messages.error(request, str(error))
    return redirect(assessment)


@require_POST
@rules.entry(rules.ASSESSMENT_WRITERS)
def report_details(request, pk: int):
    """Report number and date, signatory (name, NIP, pangkat/golongan) and team of one assessment."""
    assessment = get_object_or_404(Assessment, pk=pk)
    form = SignatoryForm(request.POST, instance=assessment)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(assessment)
    try:
        workflow.set_report_details(request.user, assessment, form)
        messages.success(request, _("Data laporan dan penandatangan disimpan."))
    except WorkflowError as error:
        messages.error(request, str(error))
    return redirect(assessment)


@rules.entry(rules.RECOMMENDATIONS)
def recommendations(request):
    """Inspektorat records findings and recommendations; an OPD sees only those addressed to it."""
    can_write = rules.writes_assessments(request.user)
    version = pages.finding_version()
    form = FindingForm(version=version) if can_write else None
    if request.method == "POST":
        rules.let_in(rules.ASSESSMENT_WRITERS, request.user)
        form = FindingForm(request.POST, version=version)
        if form.is_valid():
            data = form.cleaned_data
            try:
                workflow.record_finding(
                    request.user,
                    data["year"],
                    data["lke_area"],
                    data["text"],
                    data["semester"],
                    data["recommendation"],
                    data["opd"],
                    data["due_date"],
                )
                messages.success(request, _("Temuan dan rekomendasi dicatat."))
                return redirect("pmprb:recommendations")
            except WorkflowError as error:
                form.add_error(None, str(error))
    context = {**pages.recommendations_data(request.user), "form": form}
    return render(request, "pmprb/recommendations.html", context)


@rules.entry(rules.SIGNED_IN)
def recommendation_detail(request, pk: int):
    recommendation = get_object_or_404(
        Recommendation.objects.for_user(request.user).select_related("finding__lke_area", "opd"), pk=pk
    )
    can_follow_up = rules.can("pmprb.follow_up", request.user, recommendation) and not recommendation.is_closed
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
    context = {**pages.recommendation_data(request.user, recommendation), "form": form, "decision_form": DecisionForm()}
    return render(request, "pmprb/recommendation.html", context)


@require_safe
@rules.entry(rules.SIGNED_IN)
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


@require_POST
@rules.entry(rules.FOLLOW_UP_DECIDERS)
def decide(request, pk: int):
    """The Inspektorat's decision on one follow-up: sesuai / belum sesuai / tidak dapat ditindaklanjuti."""
    follow_up = get_object_or_404(FollowUp.objects.select_related("recommendation"), pk=pk)
    form = DecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise WorkflowError(_("Keputusan tidak dikenal."))
        workflow.decide_follow_up(request.user, follow_up, form.cleaned_data["decision"], form.cleaned_data["note"])
        messages.success(request, _("Keputusan atas tindak lanjut dicatat."))
    except WorkflowError as error:
        messages.error(request, str(error))
    return redirect(follow_up.recommendation)


@rules.entry(rules.ASSESSMENT_WRITERS)
def import_lke(request):
    """A year's official LKE workbook, guided: which file and from whom → preview (parts, areas, questions,
    options, weights; errors by sheet, row and column) → import, usable at once, all or nothing. Between the
    preview and the import the file is the user's pending upload (core/pending.py): the page carries its token."""
    year = positive_int(request.GET.get("tahun") or request.POST.get("year"), 2100)
    form = LkeImportForm(request.POST or None, request.FILES or None, initial=pages.import_initial(year))
    preview, token = None, request.POST.get("token", "")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        try:
            if "confirm" in request.POST and upload is None:
                meta = importing.official_meta(form.cleaned_data)
                version, preview = importing.import_pending(request.user, importing.OFFICIAL_KIND, token, meta)
                token = ""  # imported or not, the upload is gone: a new preview needs the file again
                if version is not None:
                    messages.success(
                        request,
                        _("Model %(name)s dimuat dan siap dipakai untuk tahun %(year)s.")
                        % {"name": version.name, "year": form.cleaned_data["year"]},
                    )
                    return redirect(reverse("pmprb:index") + f"?tahun={form.cleaned_data['year']}")
            else:
                preview, token = importing.preview_pending(request.user, importing.OFFICIAL_KIND, upload, token)
        except pending.NotFound as error:
            form.add_error("workbook", str(error) if token else _("Pilih berkas LKE resmi."))
            token = ""
    context = {
        "form": form,
        "preview": preview,
        "token": token,
        "year": year,
        "missing": missing_model_text(year) if year else "",
    }
    return render(request, "pmprb/import.html", context)
