from functools import wraps

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST, require_safe

from accounts import rules
from core import cache, pending
from core.params import positive_int
from core.views import FilteredTableView
from monev import excel, report_page, tasks, workflow
from monev import proposals as proposals_workflow
from monev.choices import Status
from monev.filtersets import RealisationFilterSet
from monev.forms import (
    UPLOAD_ACCEPT,
    CommentForm,
    DecisionForm,
    EvidenceForm,
    ExcelUploadForm,
    ProposalForm,
    RealisationForm,
    ReturnForm,
    VersionForm,
)
from monev.models import Evidence, OPDProposal, Period, Realisation
from monev.periods import chosen_period
from monev.tables import RealisationTable, export_values


@require_safe
@rules.entry(rules.REPORTING)
def my_tasks(request):
    """Tugas saya: every row the user's OPD reports on in the chosen period."""
    opd = rules.user_opd(request.user)
    period = chosen_period(request)

    def rows() -> list[tasks.TaskRow]:  # the OPD's rows with their reports, the same for every member
        return cache.cached("task-rows", cache.EVERY_SCOPE, lambda: tasks.task_rows(opd, period), opd.pk, period.pk)

    context = {
        "opd": opd,
        "period": period,
        # The counts decide the form outside the table; the table is a shared fragment, read from the cache whole
        "summary": cache.cached("task-summary", cache.EVERY_SCOPE, lambda: tasks.summarise(rows()), opd.pk, period.pk),
        "table": lambda: {"rows": rows()},
        "period_open": period.is_open_for(opd),
    }
    return render(request, "monev/my_tasks.html", context)


@rules.entry(rules.REPORTING)
def report_row(request, period_id: int, kind: str, row_id: int):
    """The OPD's report on one row: created on the first save."""
    opd = rules.user_opd(request.user)
    period = get_object_or_404(Period, pk=period_id)
    row = tasks.reported_row(opd, period, kind, row_id)
    if row is None:
        raise Http404
    activity, indicator = row
    realisation = Realisation.objects.of_row(period, opd, activity, indicator)
    if request.method == "POST":
        form = RealisationForm(request.POST, request.FILES, indicator=indicator, period=period)
        form.set_removable(list(realisation.evidence.active()) if realisation else [])
        if form.is_valid():
            try:
                realisation, done = workflow.save_with_evidence(
                    user=request.user,
                    period=period,
                    opd=opd,
                    activity=activity,
                    indicator=indicator,
                    values=form.report_values(),
                    version=form.cleaned_data.get("version"),
                    remove=form.cleaned_data.get("remove_evidence") or [],
                    files=list(form.cleaned_data.get("files") or []),
                    sent_ahead=form.sent_ahead(),
                    photos=form.cleaned_data.get("photos") or [],
                    then_submit="submit" in request.POST,
                )
            except workflow.WorkflowError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, done)
                return _after_save(request, realisation)
        else:
            form.add_error(None, _("Periksa isian yang ditandai; tidak ada yang disimpan."))
    else:
        form = RealisationForm.for_report(realisation, indicator=indicator, period=period)
    return render_report(request, period, opd, activity, indicator, realisation, form)


def _after_save(request, realisation: Realisation):
    """The report page; an upload sent by static/js/evidence.js (XHR, for its progress bar) gets the
    address as JSON and goes there itself."""
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return JsonResponse({"location": realisation.get_absolute_url()})
    return redirect(realisation)


def render_report(request, period, opd, activity, indicator, realisation, form=None):
    """The report page (monev.report_page) with its forms: the report's form, the posted one with its errors
    or else the report's values, only for those who may edit it."""
    page = report_page.page_data(request.user, period, opd, activity, indicator, realisation)
    if page.editable and form is None:
        form = RealisationForm.for_report(realisation, indicator=indicator, period=period)
    if page.editable and not form.is_bound:
        form.set_removable(page.context["evidence"])
    context = {
        **page.context,
        "form": form if page.editable else None,
        "return_form": ReturnForm(initial={"version": realisation.version if realisation else None}),
        "comment_form": CommentForm(),
        "upload_limit": settings.EVIDENCE_MAX_BYTES,
        "upload_accept": UPLOAD_ACCEPT,
    }
    return render(request, "monev/report.html", context)


def _visible_realisation(request, pk: int) -> Realisation:
    return get_object_or_404(Realisation.objects.for_user(request.user).with_details(), pk=pk)


@require_safe
@rules.entry(rules.SIGNED_IN)
def realisation_detail(request, pk: int):
    realisation = _visible_realisation(request, pk)
    return render_report(
        request, realisation.period, realisation.opd, realisation.activity, realisation.indicator, realisation
    )


def report_action(perform):
    """A POST on one report the user may see: run one workflow step and show its message, or the rule
    that refused it. `perform(request, realisation)` returns the success message."""

    @require_POST
    @rules.entry(rules.SIGNED_IN)
    @wraps(perform)
    def view(request, pk: int) -> HttpResponseRedirect:
        realisation = _visible_realisation(request, pk)
        try:
            messages.success(request, perform(request, realisation))
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
            return redirect(realisation)
        if "then_next" in request.POST:
            following = report_page.next_waiting(request.user, realisation)
            return redirect(following or "monev:verification_queue")
        return redirect(realisation)

    return view


def _posted_version(request) -> int | None:
    return VersionForm.posted(request.POST)


def _valid(form) -> dict:
    """The cleaned data of a posted form, or WorkflowError naming every refusal."""
    if not form.is_valid():
        raise workflow.WorkflowError(" ".join(error for errors in form.errors.values() for error in errors))
    return form.cleaned_data


@report_action
def submit(request, realisation) -> str:
    workflow.submit(request.user, realisation, _posted_version(request))
    return workflow.submitted_text(realisation)


@report_action
def approve(request, realisation) -> str:
    workflow.approve(request.user, realisation, _posted_version(request))
    return _("Laporan disetujui dan diajukan ke Bagian Organisasi.")


@report_action
def return_to_operator(request, realisation) -> str:
    workflow.return_to_operator(request.user, realisation, request.POST.get("note", ""), _posted_version(request))
    return _("Laporan dikembalikan ke operator dengan catatan; menunggu perbaikan operator.")


@report_action
def verify(request, realisation) -> str:
    workflow.verify(request.user, realisation, _posted_version(request))
    return _("Laporan diverifikasi.")


@report_action
def return_report(request, realisation) -> str:
    data = _valid(ReturnForm(request.POST))
    workflow.return_report(request.user, realisation, data["note"], data["version"])
    return workflow.returned_text(realisation)


@report_action
def comment(request, realisation) -> str:
    workflow.add_comment(request.user, realisation, _valid(CommentForm(request.POST))["text"])
    return _("Komentar ditambahkan.")


@report_action
def upload_evidence(request, realisation) -> str:
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        raise workflow.WorkflowError(" ".join(form.errors.get("file", [_("Berkas tidak valid.")])))
    evidence = workflow.add_evidence(request.user, realisation, form.cleaned_data["file"])
    return _("Bukti %(name)s diunggah.") % {"name": evidence.original_name}


@require_safe
@rules.entry(rules.SIGNED_IN)
def download_evidence(request, pk: int):
    """Evidence is served only through this view, to users allowed to see its report."""
    evidence = get_object_or_404(Evidence.objects.for_user(request.user), pk=pk)
    response = FileResponse(
        _open(evidence), as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@rules.entry(rules.SIGNED_IN)
@xframe_options_sameorigin
@csp_update({"frame-ancestors": ["'self'"], "object-src": ["'self'"]})
def preview_evidence(request, pk: int):
    """A PDF or image shown inline on the report page (same access as the download); other types 404."""
    evidence = get_object_or_404(Evidence.objects.for_user(request.user).previewable(), pk=pk)
    response = FileResponse(_open(evidence), filename=evidence.original_name, content_type=evidence.content_type)
    response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _open(evidence: Evidence):
    """The stored file, or 404 when the storage lost it."""
    try:
        return evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Berkas bukti tidak ditemukan di penyimpanan.")) from exc


# -- verification queue ----------------------------------------------------------------------


class VerificationQueueView(rules.EntryMixin, FilteredTableView):
    """Bagian Organisasi's queue: submitted reports by default, filterable by OPD, area, status."""

    table_class = RealisationTable
    filterset_class = RealisationFilterSet
    export_name = "antrean-verifikasi"
    page_title = _lazy("Antrean verifikasi")
    template_name = "monev/verification_queue.html"
    shared_table = True
    door = rules.VERIFICATION_QUEUE

    def get_table_kwargs(self):
        """The selection boxes for bulk verify only for those who may verify."""
        return {} if rules.is_verifier(self.request.user) else {"exclude": ("select",)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["selectable"] = rules.is_verifier(self.request.user)  # the same test as get_table_kwargs
        return context

    def get_queryset(self):
        return (
            Realisation.objects.for_user(self.request.user)
            .with_row_labels()
            .with_evidence_count()
            .order_by("-updated_at", "-pk")
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if not self.request.GET:
            kwargs["data"] = {"status": Status.SUBMITTED}
        return kwargs

    def export_rows(self):
        """The same columns as the table, from one .values() query (thousands of rows at a time)."""
        return export_values(self.object_list)


# -- Excel round trip ------------------------------------------------------------------------


@require_safe
@rules.entry(rules.REPORTING)
def excel_download(request, period_id: int):
    opd = rules.user_opd(request.user)
    period = get_object_or_404(Period, pk=period_id)
    content = excel.build_workbook(opd, period)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = f"pantau-rb-{opd.short_name.replace(' ', '-').lower()}-{period.year}-s{period.semester}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@rules.entry(rules.REPORTING)
def excel_upload(request, period_id: int):
    opd = rules.user_opd(request.user)
    period = get_object_or_404(Period, pk=period_id)
    context = {"period": period, "opd": opd, "form": ExcelUploadForm(), "period_open": period.is_open_for(opd)}
    if request.method == "POST":
        if not period.is_open_for(opd):
            messages.error(request, _("Periode %(period)s dikunci; unggahan ditolak.") % {"period": period})
            return render(request, "monev/excel_upload.html", context, status=403)
        form = ExcelUploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            try:
                rows, problems, token = excel.preview_upload(request.user, form.cleaned_data["file"], opd, period)
            except excel.ExcelError as error:
                form.add_error("file", str(error))
            else:
                context.update(rows=rows, problems=problems, token=token, changed=sum(r.changed for r in rows))
    return render(request, "monev/excel_upload.html", context)


@require_POST
@rules.entry(rules.REPORTING)
def excel_apply(request, period_id: int):
    opd = rules.user_opd(request.user)
    period = get_object_or_404(Period, pk=period_id)
    try:
        changed = excel.apply_pending(request.user, opd, period, request.POST.get("token", ""))
    except (pending.NotFound, workflow.WorkflowError) as error:
        messages.error(request, str(error))
        return redirect("monev:excel_upload", period.pk)
    messages.success(request, _("%(n)d laporan diperbarui dari Excel.") % {"n": changed})
    return redirect(reverse("monev:my_tasks") + f"?periode={period.pk}")


# -- Prioritas OPD ---------------------------------------------------------------------------


@rules.entry(rules.PROPOSALS)
def proposals(request):
    """OPDs propose their own rencana aksi rows; Bagian Organisasi decides."""
    user = request.user
    form = ProposalForm()
    if request.method == "POST":
        rules.let_in(rules.PROPOSERS, user)
        form = ProposalForm(request.POST)
        if form.is_valid():
            proposals_workflow.propose(user, form.save(commit=False))
            messages.success(request, _("Usulan dikirim ke Bagian Organisasi."))
            return redirect("monev:proposals")
    context = {
        "proposals": proposals_workflow.listed(user),
        "form": form if rules.is_reporter(user) else None,
        "can_decide": rules.is_verifier(user),
        "decision_form": DecisionForm(),
    }
    return render(request, "monev/proposals.html", context)


@require_POST
@rules.entry(rules.PROPOSAL_DECIDERS)
def decide_proposal(request, pk: int):
    proposal = get_object_or_404(OPDProposal, pk=pk)
    try:
        data = _valid(DecisionForm(request.POST))
        approve_it = data["decision"] == "approve"
        proposals_workflow.decide(request.user, proposal, approve_it, data["note"])
        messages.success(request, _("Usulan disetujui.") if approve_it else _("Usulan ditolak."))
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    return redirect("monev:proposals")


# -- bulk actions ----------------------------------------------------------------------------


def _selected_ids(request) -> list[int]:
    """The chosen report ids; a value that is no id (e.g. '²', which str.isdigit() passes) is ignored."""
    return [value for raw in request.POST.getlist("pilih") if (value := positive_int(raw)) is not None][:200]


@require_POST
@rules.entry(rules.VERIFIERS)
def bulk_verify(request):
    """Verify several submitted reports: first a page listing them, then each through workflow.verify
    in its own transaction; what failed is reported by name and stays in the queue."""
    chosen = list(
        Realisation.objects.for_user(request.user)
        .filter(pk__in=_selected_ids(request))
        .with_row_labels()
        .with_evidence_count()
        .order_by("submitted_at", "pk")
    )
    if not chosen:
        messages.error(request, _("Pilih dahulu laporan yang akan diverifikasi."))
        return redirect("monev:verification_queue")
    if "confirm" not in request.POST:
        return render(request, "monev/bulk_verify.html", {"reports": chosen})
    verified, refused = workflow.verify_each(request.user, chosen)
    if verified:
        messages.success(request, _("%(n)d laporan diverifikasi.") % {"n": verified})
    if refused:
        messages.error(request, _("Tidak diverifikasi: %(list)s") % {"list": "; ".join(refused)})
    return redirect("monev:verification_queue")


@require_POST
@rules.entry(rules.REPORTING)
def submit_complete(request, period_id: int):
    """Tugas saya: submit every complete draft of the OPD in the period (workflow.submit_drafts); incomplete
    ones stay drafts and are counted."""
    opd = rules.user_opd(request.user)
    period = get_object_or_404(Period, pk=period_id)
    submitted, incomplete = workflow.submit_drafts(request.user, opd, period)
    if submitted:
        if workflow.needs_head_approval(request.user, opd):
            done = _("%(n)d draf lengkap diteruskan ke Kepala OPD dan menunggu persetujuannya.")
        else:
            done = _("%(n)d draf lengkap diajukan ke Bagian Organisasi dan menunggu verifikasi.")
        messages.success(request, done % {"n": submitted})
    if incomplete:
        messages.warning(request, _("%(n)d draf belum lengkap dan tetap draf.") % {"n": incomplete})
    if not submitted and not incomplete:
        messages.info(request, _("Tidak ada draf untuk diajukan."))
    return redirect(reverse("monev:my_tasks") + f"?periode={period.pk}")
