from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import numbers
from core.errors import WorkflowError
from core.forms import FilePickerInput, IndonesianDateField, PlainTextField
from core.numbers import IndonesianDecimalField
from indicators.models import Scale
from pmprb.models import (
    NUMBER_TYPES,
    Answer,
    Assessment,
    AssessmentEvent,
    Finding,
    FollowUp,
    FollowUpDecision,
    FollowUpStatus,
    HasilIndicator,
    HasilInput,
    LkeArea,
    Question,
    QuestionEvidence,
    Recommendation,
)
from pmprb.workflow import AnswerInput
from roadmap.models import OPD


class AssessmentForm(forms.Form):
    year = forms.IntegerField(
        label=_("Tahun penilaian"),
        min_value=2019,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    opd = forms.ModelChoiceField(
        label=_("Unit kerja (kosong: Pemda)"),
        queryset=OPD.objects.all(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


MAX_WORKBOOK_BYTES = 10 * 1024 * 1024  # an official LKE workbook


class LkeImportForm(forms.Form):
    """The year's official worksheet and what the workbook does not say itself."""

    workbook = forms.FileField(
        label=_("Berkas LKE resmi (.xlsx)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )
    year = forms.IntegerField(
        label=_("Tahun evaluasi"),
        min_value=2019,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    name = forms.CharField(
        label=_("Nama model"), max_length=300, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    regulation = forms.CharField(
        label=_("Dasar hukum model"), max_length=300, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    first_year = forms.IntegerField(
        label=_("Tahun evaluasi pertama model"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    last_year = forms.IntegerField(
        label=_("Tahun evaluasi terakhir model (kosong: masih berlaku)"),
        min_value=2000,
        max_value=2100,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    predicate_scale = forms.ModelChoiceField(
        label=_("Skala predikat dalam lembar kerja"),
        queryset=Scale.objects.all(),
        to_field_name="code",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload is not None and upload.size > MAX_WORKBOOK_BYTES:
            raise forms.ValidationError(_("Berkas terlalu besar (paling besar 10 MB)."))
        return upload

    def clean(self):
        data = super().clean()
        first, last, year = data.get("first_year"), data.get("last_year"), data.get("year")
        if first and last and first > last:
            raise forms.ValidationError(_("Tahun pertama tidak boleh sesudah tahun terakhir."))
        if first and year and not (first <= year and (last is None or year <= last)):
            raise forms.ValidationError(_("Tahun evaluasi harus berada dalam tahun berlakunya model."))
        return data


class EvidenceForm(forms.Form):
    """Evidence on one question: a file, a link or a note (at least one)."""

    file = forms.FileField(
        label=_("Berkas"),
        required=False,
        widget=FilePickerInput(attrs={"class": "form-control form-control-sm"}),
    )
    url = forms.URLField(
        label=_("Tautan"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "form-control form-control-sm"}),
    )
    note = PlainTextField.for_model_field(
        QuestionEvidence,
        "note",
        label=_("Catatan"),
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("file") or data.get("url") or (data.get("note") or "").strip()):
            raise forms.ValidationError(_("Isi berkas, tautan atau catatan."))
        return data


class ReopenForm(forms.Form):
    reason = PlainTextField.for_model_field(
        AssessmentEvent, "reason", label=_("Alasan membuka kembali"), rows=2, required=True
    )


TEXT_FIELDS = [
    "report_number",
    "signatory_name",
    "signatory_nip",
    "signatory_rank",
    "signatory_title",
    "nature",
    "attachment",
    "team_decree",
]


class SignatoryForm(forms.ModelForm):
    """The report's number and date, its signatory and the team, per assessment."""

    class Meta:
        model = Assessment
        fields = [
            "report_number",
            "evaluation_date",
            "nature",
            "attachment",
            "signatory_name",
            "signatory_nip",
            "signatory_rank",
            "signatory_title",
            "team",
            "team_decree",
            "background",
            "copies",
        ]
        widgets = {
            "team": forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
            "background": forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
            "copies": forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            **{name: forms.TextInput() for name in TEXT_FIELDS},
        }
        # Each text states its limit and a longer one is refused, never cut by the browser
        field_classes = {
            **dict.fromkeys([*TEXT_FIELDS, "team", "background", "copies"], PlainTextField),
            "evaluation_date": IndonesianDateField,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "form-control")
            if name in {"signatory_nip"}:
                field.widget.attrs["inputmode"] = "numeric"

    def clean_signatory_nip(self) -> str:
        nip = self.cleaned_data["signatory_nip"].replace(" ", "")
        if nip and (not nip.isdigit() or len(nip) != 18):
            raise forms.ValidationError(_("NIP terdiri atas 18 angka."))
        return nip


class DecisionForm(forms.Form):
    """The Inspektorat's decision on an OPD's follow-up (TLHP)."""

    decision = forms.ChoiceField(
        label=_("Keputusan"), choices=FollowUpDecision.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    note = PlainTextField.for_model_field(FollowUp, "decision_note", label=_("Catatan"), rows=2)


class FindingForm(forms.Form):
    lke_area = forms.ModelChoiceField(
        label=_("Area"), queryset=LkeArea.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )
    year = forms.IntegerField(
        label=_("Tahun"), min_value=2019, max_value=2100, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    semester = forms.TypedChoiceField(
        label=_("Semester"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("tahunan")), (1, "I"), (2, "II")],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    text = PlainTextField.for_model_field(Finding, "text", label=_("Temuan"), rows=2)
    recommendation = PlainTextField.for_model_field(Recommendation, "text", label=_("Rekomendasi"), rows=2)
    opd = forms.ModelChoiceField(
        label=_("OPD penanggung jawab"), queryset=OPD.objects.all(), widget=forms.Select(attrs={"class": "form-select"})
    )
    due_date = IndonesianDateField(label=_("Batas waktu"))

    def __init__(self, *args, version=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if version is not None:
            self.fields["lke_area"].queryset = LkeArea.objects.filter(component__version=version)


OPD_STATUSES = [
    (FollowUpStatus.IN_PROGRESS, _("dalam proses")),
    (FollowUpStatus.DONE, _("selesai — ajukan untuk diperiksa Inspektorat")),
]


class FollowUpForm(forms.Form):
    """An OPD's follow-up; the OPD cannot close its recommendation, only submit it for the Inspektorat's check."""

    status = forms.ChoiceField(
        label=_("Status"), choices=OPD_STATUSES, widget=forms.Select(attrs={"class": "form-select"})
    )
    note = PlainTextField.for_model_field(FollowUp, "note", label=_("Uraian tindak lanjut"), rows=2)
    file = forms.FileField(
        label=_("Bukti (opsional)"), required=False, widget=FilePickerInput(attrs={"class": "form-control"})
    )


class HasilForm(forms.Form):
    """The hasil component of an assessment: a level or a number per indicator, all checked before any
    is saved (fields are named `hasil-<indicator pk>`, as the assessment page posts them)."""

    def __init__(self, *args, indicators: list[HasilIndicator], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            if indicator.input_max is None:
                field = forms.ModelChoiceField(
                    queryset=indicator.levels.all(),
                    required=False,
                    error_messages={"invalid_choice": _("Tingkat tidak dikenal.")},
                )
            else:
                field = IndonesianDecimalField.for_model_field(
                    HasilInput, "value", required=False, min_value=0, max_value=indicator.input_max
                )
            field.label = indicator.name
            self.fields[f"hasil-{indicator.pk}"] = field

    def entries(self):
        """(indicator, value, level) for every indicator, from the cleaned data."""
        for indicator in self.indicators:
            cleaned = self.cleaned_data.get(f"hasil-{indicator.pk}")
            if indicator.input_max is None:
                yield indicator, None, cleaned
            else:
                yield indicator, cleaned, None

    def error_text(self) -> str:
        """Every refusal, each named by its indicator, in one message."""
        parts = [f"{self.fields[name].label}: {' '.join(errors)}" for name, errors in self.errors.items()]
        return " ".join(parts)


def area_answers(post, questions: list[Question]) -> list[AnswerInput]:
    """The answers of every question on the posted area form ("a-<id>" the asesor's, "f-<id>" the final one,
    "an-<id>"/"fn-<id>" their notes): an option id, or a number read by core.numbers within the answer
    field's digits ('72,65', '1.234,5'). A question whose field was not posted is left as it is.
    Raises WorkflowError naming the question."""
    options = {option.pk: option for question in questions for option in question.options.all()}
    limits = numbers.limits(Answer, "asesor_number")
    items = []
    for question in questions:
        for stage, field, note_field in (("asesor", "a", "an"), ("final", "f", "fn")):
            key = f"{field}-{question.pk}"
            if key not in post:
                continue
            raw, note = post.get(key, "").strip(), post.get(f"{note_field}-{question.pk}", "")
            item = AnswerInput(question, note=note, stage=stage)
            if question.answer_type in NUMBER_TYPES:
                try:
                    item.number = numbers.parse_decimal(raw, **limits)
                except numbers.NumberError as error:
                    raise WorkflowError(f"{question.code}: {error}") from error
            elif raw:
                item.option = options.get(int(raw)) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None
                if item.option is None:
                    raise WorkflowError(gettext("Pilihan jawaban %(code)s tidak dikenal.") % {"code": question.code})
            items.append(item)
    return items
