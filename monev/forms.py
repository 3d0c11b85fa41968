from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FilePickerInput, PlainTextField
from core.numbers import IndonesianDecimalField
from core.photos import PHOTO_ACCEPT
from core.uploads import ALLOWED_TYPES
from indicators.models import Indicator, ScaleLevel
from monev.models import OPDProposal, Realisation, ReportEvent
from monev.workflow import REPORT_FIELDS

# 0 for a report not yet saved; the largest value a PositiveIntegerField holds everywhere.
VERSION_FIELD = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2_147_483_647)

# The file-name extensions the evidence checks accept (core.uploads), for the browser's picker and check.
UPLOAD_ACCEPT = ",".join(sorted(ext for _mime, extensions in ALLOWED_TYPES.values() for ext in extensions))


class MultipleFileInput(FilePickerInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); each is checked again by the workflow."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control", "accept": UPLOAD_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class RealisationForm(forms.Form):
    """The values an OPD reports for one row; fields depend on the row (indicator or kegiatan)."""

    value = IndonesianDecimalField.for_model_field(Realisation, "value", label=_("Nilai realisasi"), required=False)
    level = forms.ModelChoiceField(label=_("Tingkat"), queryset=ScaleLevel.objects.none(), required=False)
    progress = IndonesianDecimalField.for_model_field(
        Realisation, "progress", label=_("Progres (%)"), required=False, min_value=0, max_value=100
    )
    data_year = forms.IntegerField(
        label=_("Tahun data"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Hasil tahun berapa yang dilaporkan (mis. opini BPK atas LKPD 2022 terbit pada 2023)."),
    )
    narrative = PlainTextField.for_model_field(Realisation, "narrative", label=_("Uraian capaian"), rows=4)
    obstacles = PlainTextField.for_model_field(Realisation, "obstacles", label=_("Kendala"))
    follow_up = PlainTextField.for_model_field(Realisation, "follow_up", label=_("Rencana tindak lanjut"))
    files = MultipleFileField(
        label=_("Bukti dukung (boleh beberapa berkas)"),
        required=False,
        help_text=_("PDF, JPG, PNG, XLSX, DOCX, ODT atau ODS. Berkas diunggah bersama laporan saat disimpan."),
    )
    photos = MultipleFileField(
        label=_("Foto kegiatan (jadi satu PDF)"),
        required=False,
        widget=MultipleFileInput(attrs={"class": "form-control", "accept": PHOTO_ACCEPT}),
        help_text=_(
            "Ambil atau pilih beberapa foto (JPG, PNG, HEIC): disimpan sebagai satu PDF, satu halaman per foto "
            "sesuai urutan, tegak, tanpa lokasi dan data kamera."
        ),
    )
    # Files sent ahead in pieces (monev.uploads): their upload ids, comma-separated, set by static/js/evidence.js
    uploads = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)
    remove_evidence = forms.TypedMultipleChoiceField(
        label=_("Hapus bukti dari laporan"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    version = VERSION_FIELD

    def __init__(self, *args, indicator: Indicator | None = None, period=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if indicator is None or not indicator.is_annual:
            del self.fields["data_year"]
        elif period is not None and not self.initial.get("data_year"):
            # An annual result arrives in the year after it is about; by December this year's may be in
            self.initial["data_year"] = period.year if period.semester == 2 else period.year - 1
        if indicator is None:
            del self.fields["level"]
            self.fields["value"].help_text = _("Opsional: capaian keluaran dalam angka.")
        else:
            del self.fields["progress"]
            if indicator.unit:
                self.fields["value"].label = _("Nilai realisasi (%(unit)s)") % {"unit": indicator.unit}
            if indicator.scale_id:
                levels = indicator.scale.levels.order_by("-rank")
                self.fields["level"].queryset = levels
                self.fields["level"].label = _("Tingkat pada skala %(scale)s") % {"scale": indicator.scale.name}
                if any(level.has_band for level in levels):
                    # One input where one suffices: the number decides the level (monev.workflow.validate_values)
                    self.fields["value"].help_text = _(
                        "Isi nilai angka yang diterbitkan; tingkatnya ditentukan dari nilai ini menurut rentang resmi."
                    )
                    self.fields["level"].help_text = _(
                        "Hanya bila nilai angkanya tidak ada. Tingkat tanpa angka dinilai dengan seluruh rentangnya; "
                        "bila rentang itu memuat target, laporan baru dapat diajukan setelah nilai angkanya diisi."
                    )
            else:
                del self.fields["level"]
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("class", "form-check-input")
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    @classmethod
    def for_report(cls, realisation: Realisation | None, *, indicator: Indicator | None, period) -> "RealisationForm":
        """The unbound form showing the report's values; a row not reported yet starts at version 0."""
        if realisation is None:
            return cls(initial={"version": 0}, indicator=indicator, period=period)
        initial = {name: getattr(realisation, name) for name in REPORT_FIELDS}
        return cls(initial={**initial, "version": realisation.version}, indicator=indicator, period=period)

    def set_removable(self, evidence: list) -> None:
        """The report's current files, each with a 'hapus' box (removal runs in the same save)."""
        self.fields["remove_evidence"].choices = [(item.pk, item.original_name) for item in evidence]

    def report_values(self) -> dict:
        values = {name: self.cleaned_data.get(name) for name in ("value", "level", "progress", "data_year")}
        values = {name: value for name, value in values.items() if name in self.fields}
        for name in ("narrative", "obstacles", "follow_up"):
            values[name] = self.cleaned_data.get(name, "").strip()
        return values

    def sent_ahead(self) -> list[str]:
        """The ids of the files sent ahead in pieces (monev.uploads) that the save attaches."""
        return [value for value in self.cleaned_data.get("uploads", "").split(",") if value]


class VersionForm(forms.Form):
    """The report version a workflow button was pressed on (optimistic locking); absent means unchecked."""

    version = VERSION_FIELD

    @classmethod
    def posted(cls, data) -> int | None:
        form = cls(data)
        return form.cleaned_data["version"] if form.is_valid() else None


class ReturnForm(forms.Form):
    note = PlainTextField.for_model_field(
        Realisation,
        "return_note",
        label=_("Catatan pengembalian"),
        required=True,
        error_messages={"required": _("Catatan pengembalian wajib diisi.")},
    )
    version = VERSION_FIELD


class CommentForm(forms.Form):
    text = PlainTextField.for_model_field(
        ReportEvent,
        "note",
        label=_("Komentar"),
        required=True,
        rows=2,
        error_messages={"required": _("Komentar tidak boleh kosong.")},
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Bukti dukung"),
        widget=FilePickerInput(attrs={"class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png,.xlsx,.docx,.odt,.ods"}),
        error_messages={"required": _("Pilih berkas yang akan diunggah.")},
    )


class ExcelUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas Excel (.xlsx)"),
        widget=FilePickerInput(attrs={"class": "form-control", "accept": ".xlsx"}),
        error_messages={"required": _("Pilih berkas .xlsx yang sudah diisi.")},
    )


class ProposalForm(forms.ModelForm):
    class Meta:
        model = OPDProposal
        fields = ["area", "kegiatan", "criteria", "output_target"]
        widgets = {
            "area": forms.Select(attrs={"class": "form-select"}),
            "kegiatan": forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            "criteria": forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            "output_target": forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        }
        field_classes = {"kegiatan": PlainTextField, "criteria": PlainTextField, "output_target": PlainTextField}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("setujui")), ("reject", _("tolak"))], widget=forms.HiddenInput, required=False
    )
    note = PlainTextField.for_model_field(OPDProposal, "decision_note", label=_("Catatan keputusan"), rows=2)
