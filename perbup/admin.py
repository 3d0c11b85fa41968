"""The Roadmap admin, registered here and only here: its list and form, and the roadmap workbook (download
any roadmap's workbook, import a new roadmap from one) and "Aktifkan".

It lives in perbup, not in roadmap/admin.py, because the workbook and the activation are perbup's and
monev's code: perbup depends on roadmap, never the other way round.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core import pending
from monev.periods import activate_roadmap
from perbup.workbook import WorkbookError, apply_pending, export_workbook, preview_upload
from roadmap.admin import PerbupAdmin
from roadmap.models import NationalGoal, Roadmap

MAX_WORKBOOK_BYTES = 5 * 1024 * 1024


class WorkbookImportForm(forms.Form):
    file = forms.FileField(label=_lazy("Buku kerja road map (.xlsx)"))
    peraturan = forms.CharField(label=_lazy("Ganti jenis peraturan"), max_length=100, required=False)
    nomor = forms.IntegerField(label=_lazy("Ganti nomor"), min_value=1, max_value=9999, required=False)
    tahun = forms.IntegerField(label=_lazy("Ganti tahun peraturan"), min_value=2000, max_value=2100, required=False)
    judul = forms.CharField(label=_lazy("Ganti judul"), max_length=300, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_WORKBOOK_BYTES:
            raise forms.ValidationError(_("Berkas terlalu besar (maksimal 5 MB)."))
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Unggah berkas .xlsx."))
        return upload

    def overrides(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("peraturan", "nomor", "tahun", "judul")}


class NationalGoalInline(admin.TabularInline):
    model = NationalGoal
    extra = 0
    readonly_fields = ("source_line",)


@admin.register(Roadmap)
class RoadmapAdmin(PerbupAdmin):
    list_display = ("__str__", "title", "start_year", "end_year", "enacted_on", "promulgated_on")
    # is_active is changed only by "Aktifkan", which locks the other roadmaps' periods
    readonly_fields = ("source_line", "lampiran_header", "is_active")
    inlines = [NationalGoalInline]
    change_list_template = "admin/roadmap/roadmap/workbook_change_list.html"
    change_form_template = "admin/roadmap/roadmap/workbook_change_form.html"

    def get_urls(self):
        own = [
            path("<int:pk>/buku-kerja/", self.admin_site.admin_view(self.download_workbook), name="roadmap_workbook"),
            path("impor-buku-kerja/", self.admin_site.admin_view(self.import_view), name="roadmap_workbook_import"),
            path("<int:pk>/aktifkan/", self.admin_site.admin_view(self.activate_view), name="roadmap_activate"),
        ]
        return own + super().get_urls()

    def download_workbook(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        roadmap = get_object_or_404(Roadmap, pk=pk)
        response = HttpResponse(
            export_workbook(roadmap), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name = slugify(f"road-map-{roadmap.regulation}-{roadmap.number}-{roadmap.year}")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response

    def activate_view(self, request, pk: int):
        """Confirm, then make the roadmap the one reported on (monev.periods.activate_roadmap)."""
        roadmap = get_object_or_404(Roadmap, pk=pk)
        if not self.has_change_permission(request, roadmap):
            raise PermissionDenied
        if request.method == "POST":
            locked = activate_roadmap(roadmap)
            messages.success(
                request,
                _("%(roadmap)s kini aktif untuk pelaporan; %(n)d periode road map lain dikunci.")
                % {"roadmap": roadmap, "n": locked},
            )
            return redirect(reverse("admin:roadmap_roadmap_change", args=[roadmap.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "roadmap": roadmap,
            "title": _("Aktifkan road map"),
            "others": Roadmap.objects.exclude(pk=roadmap.pk),
        }
        return TemplateResponse(request, "admin/roadmap/roadmap/activate.html", context)

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": _("Impor buku kerja")}
        if request.method == "POST" and "apply" in request.POST:
            return self._apply(request)
        form = WorkbookImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                parsed, token = preview_upload(request.user, form.cleaned_data["file"], form.overrides())
            except WorkbookError as error:
                form.add_error("file", str(error))
            else:
                context.update(parsed=parsed, problems=parsed.problems, token=token, overrides=form.overrides())
        context["form"] = form
        return TemplateResponse(request, "admin/roadmap/roadmap/workbook_import.html", context)

    def _apply(self, request):
        try:
            report = apply_pending(request.user, request.POST.get("token", ""))
        except pending.NotFound as error:
            messages.error(request, str(error))
            return redirect("admin:roadmap_workbook_import")
        except WorkbookError as error:
            messages.error(request, _("Tidak ada yang disimpan: %(error)s") % {"error": error})
            return redirect("admin:roadmap_workbook_import")
        messages.success(
            request,
            _("Road map %(roadmap)s dimuat: %(n)d data baru atau diubah.")
            % {"roadmap": report.roadmap, "n": report.changes},
        )
        if not report.roadmap.is_active:
            messages.info(
                request,
                _(
                    "Langkah berikutnya: klik Aktifkan untuk pelaporan. Periode pelaporan road map "
                    "ini dibuat saat itu, dan periode road map lain yang masih terbuka dikunci "
                    "(laporannya tetap dapat dibaca)."
                ),
            )
        return redirect(reverse("admin:roadmap_roadmap_change", args=[report.roadmap.pk]))
