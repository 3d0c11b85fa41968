"""Form fields and rendering shared by every app; a field with errors is marked for the stylesheet."""

from django import forms
from django.db import models
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core import text as free_text
from core.formatting import count_text


class PlainTextField(forms.CharField):
    """Free text from a textarea, limited to its model field's length. Line ends are unified and invisible
    control characters dropped before the length is counted; a NUL byte is refused (Django's CharField
    validator) instead of reaching the database.

    The limit is stated under the field wherever it is rendered (MarkedBoundField) and a longer text is
    refused with its length; the widget has no maxlength, with which a browser cuts a paste silently."""

    def __init__(self, *, rows: int = 3, **kwargs) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows, "class": "form-control"}))
        super().__init__(**kwargs)

    def widget_attrs(self, widget) -> dict:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs

    @property
    def limit_text(self) -> str:
        if self.max_length is None:
            return ""
        return _("Paling banyak %(n)s karakter.") % {"n": count_text(self.max_length)}

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
        if getattr(self.field, "limit_text", "") and self.auto_id:
            attrs["aria-describedby"] = f"{attrs.get('aria-describedby', '')} {self.auto_id}_limit".strip()
        if self.errors:
            widget = widget or self.field.widget
            css = attrs.get("class") or widget.attrs.get("class", "")
            attrs["class"] = f"{css} is-invalid".strip()
        return attrs

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        """The widget, and under it the text's limit for a PlainTextField."""
        html = super().as_widget(widget, attrs, only_initial)
        limit = getattr(self.field, "limit_text", "")
        if not limit or only_initial:
            return html
        return format_html('{}<div class="form-text" id="{}_limit">{}</div>', html, self.auto_id, limit)


class FormRenderer(DjangoTemplates):
    """The project's form renderer (settings.FORM_RENDERER)."""

    bound_field_class = MarkedBoundField
