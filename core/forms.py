"""Form fields and rendering shared by every app; a field with errors is marked for the stylesheet."""

from django import forms
from django.db import models
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates

from core import text as free_text


class PlainTextField(forms.CharField):
    """Free text from a textarea, limited to its model field's length. Line ends are unified and invisible
    control characters dropped before the length is counted; a NUL byte is refused (Django's CharField
    validator) instead of reaching the database."""

    def __init__(self, *, rows: int = 3, **kwargs) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows, "class": "form-control"}))
        super().__init__(**kwargs)
        if self.max_length is not None:
            self.widget.attrs["maxlength"] = str(self.max_length)

    @classmethod
    def for_model_field(cls, model: type[models.Model], field_name: str, **kwargs) -> "PlainTextField":
        field = model._meta.get_field(field_name)
        kwargs.setdefault("required", not field.blank)
        return cls(max_length=field.max_length, **kwargs)

    def to_python(self, value) -> str:
        text = super().to_python(value)
        return free_text.normalise(text) if text else text


class MarkedBoundField(BoundField):
    """Adds Bootstrap's `is-invalid` to a field with errors (Django adds aria-invalid itself), so the
    field shows red and static/js/forms.js can focus the first one."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            widget = widget or self.field.widget
            css = attrs.get("class") or widget.attrs.get("class", "")
            attrs["class"] = f"{css} is-invalid".strip()
        return attrs


class FormRenderer(DjangoTemplates):
    """The project's form renderer (settings.FORM_RENDERER)."""

    bound_field_class = MarkedBoundField
