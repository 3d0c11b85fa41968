from django import forms
from django.utils.translation import gettext_lazy as _

from pmprb.models import FollowUpStatus, LkeArea
from roadmap.models import OPD

TEXTAREA = {"rows": 2, "class": "form-control"}


class AssessmentForm(forms.Form):
    year = forms.IntegerField(
        label=_("Tahun penilaian"),
        min_value=2019,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


class AnswerForm(forms.Form):
    stage = forms.ChoiceField(choices=[("asesor", _("asesor")), ("final", _("final"))], widget=forms.HiddenInput)
    option = forms.IntegerField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Catatan"), required=False, max_length=4000)


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
    text = forms.CharField(label=_("Temuan"), widget=forms.Textarea(attrs=TEXTAREA))
    recommendation = forms.CharField(label=_("Rekomendasi"), widget=forms.Textarea(attrs=TEXTAREA))
    opd = forms.ModelChoiceField(
        label=_("OPD penanggung jawab"), queryset=OPD.objects.all(), widget=forms.Select(attrs={"class": "form-select"})
    )
    due_date = forms.DateField(
        label=_("Batas waktu"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )

    def __init__(self, *args, version=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if version is not None:
            self.fields["lke_area"].queryset = LkeArea.objects.filter(component__version=version)


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=FollowUpStatus.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    note = forms.CharField(label=_("Uraian tindak lanjut"), widget=forms.Textarea(attrs=TEXTAREA))
    file = forms.FileField(
        label=_("Bukti (opsional)"), required=False, widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )
