from django import forms

from notifications.models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["email_enabled"]
        widgets = {"email_enabled": forms.CheckboxInput(attrs={"class": "form-check-input"})}
