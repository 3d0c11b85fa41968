"""Free text typed by people (reports, comments, notes, proposals, findings): one normalisation, one
length rule, whichever path the text comes by (a form, the Excel template, a management command)."""

import re

from django.db import models
from django.utils.translation import gettext as _

from core.errors import WorkflowError

# Control characters other than tab and newline; NUL is refused rather than dropped (see ensure_fits).
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise(text: str) -> str:
    """Line ends as one newline, invisible control characters dropped, outer spaces stripped."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def max_length(model: type[models.Model], field_name: str) -> int:
    return model._meta.get_field(field_name).max_length


def ensure_fits(text: str, model: type[models.Model], field_name: str) -> str:
    """`text` normalised, or WorkflowError if it holds a NUL byte or is longer than the model field allows."""
    field = model._meta.get_field(field_name)
    text = normalise(text or "")
    if "\x00" in text:
        raise WorkflowError(_("%(field)s memuat karakter NUL yang tidak diizinkan.") % {"field": field.verbose_name})
    if field.max_length is not None and len(text) > field.max_length:
        raise WorkflowError(
            _("%(field)s terlalu panjang: %(n)d karakter, paling banyak %(max)d.")
            % {"field": str(field.verbose_name).capitalize(), "n": len(text), "max": field.max_length}
        )
    return text
