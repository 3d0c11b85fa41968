"""Form fields shared by every app."""

from django import forms
from django.db import models

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
