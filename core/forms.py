"""Form fields and rendering shared by every app; a field with errors is marked for the stylesheet."""

from django import forms
from django.db import models
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


def file_picker(input_html: str, input_id: str, multiple: bool = False, names: bool = True) -> str:
    """A file input with its own Indonesian button and "no file chosen" text around it.

    The browser's own button and text ("Choose Files", "No file chosen") follow the browser's language,
    not the page's; with JavaScript (static/js/forms.js) the native control is hidden but stays focusable
    and the names of the chosen files are shown; without it the native control shows as it is."""
    button = _("Pilih berkas (boleh beberapa)") if multiple else _("Pilih berkas")
    empty = _("Belum ada berkas dipilih.")
    status = format_html('<span class="file-picker-names small text-muted" aria-live="polite">{}</span>', empty)
    return format_html(
        '<div class="file-picker">{}<label class="btn btn-outline-secondary btn-sm file-picker-button" for="{}">'
        "{}</label> {}</div>",
        input_html,
        input_id,
        button,
        status if names else "",
    )


class FilePickerInput(forms.FileInput):
    """forms.FileInput wrapped by file_picker(): no browser-native English next to a file field."""

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        input_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        return file_picker(html, input_id, multiple=self.allow_multiple_selected)


# Typed dates: day first, as Indonesians write them, or ISO; never the US month-first order that
# Django's 'id' locale also accepts ('05/12/2026' would be 12 May there only by luck of the order).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class DateTextInput(forms.DateInput):
    """A date typed and shown as dd/mm/yyyy. The browser's own date field shows the browser's order and
    language (mm/dd/yyyy in an English browser), whatever the page's language."""

    input_type = "text"

    def __init__(self, attrs=None) -> None:
        defaults = {
            "class": "form-control",
            "placeholder": gettext_lazy("hh/bb/tttt"),
            "inputmode": "numeric",
            "autocomplete": "off",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class IndonesianDateField(forms.DateField):
    widget = DateTextInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {"invalid": gettext_lazy("Tulis tanggal sebagai hh/bb/tttt, misalnya 31/12/2024.")}
