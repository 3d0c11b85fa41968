"""THE one parser of numbers typed by people: report forms, the Excel template, the PMPRB hasil form.

Indonesian writing: a decimal comma and dots between thousands ("1.234" is one thousand two hundred
thirty-four, "1.234,5" adds a half). A dot that is not a thousands separator ("82.5") is refused
rather than guessed. Limits come from the model field the number is stored in (max_digits,
decimal_places), so nothing that passes here can fail in the database. NaN and Infinity are refused.
"""

import math
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

# "-1.234.567,89": thousands groups of exactly three digits; "1234,5": no groups at all.
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_PLAIN = re.compile(r"[+-]?\d+(?:,\d+)?")
_DOT_DECIMAL = re.compile(r"[+-]?\d*\.\d+")
# A float from a spreadsheet carries binary noise past 15 significant digits (0.1 + 0.2).
_FLOAT_DIGITS = ".15g"


MAX_TEXT_LENGTH = 60  # the longest number a field accepts as typed, spaces and dots included


class NumberError(ValueError):
    """A number that cannot be accepted; str() is the Indonesian message."""


def parse_decimal(
    raw,
    *,
    max_digits: int,
    decimal_places: int,
    min_value: Decimal | int | None = None,
    max_value: Decimal | int | None = None,
) -> Decimal | None:
    """`raw` (text, or a number read from a workbook) as a Decimal within the limits; None if empty.
    Raises NumberError with an Indonesian message."""
    value = _to_decimal(raw)
    if value is None:
        return None
    _check_limits(value, max_digits, decimal_places, min_value, max_value)
    return value


def _to_decimal(raw) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NumberError(_("Bukan angka."))
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float | Decimal):
        if not (raw.is_finite() if isinstance(raw, Decimal) else math.isfinite(raw)):
            raise NumberError(_("Bukan angka (NaN atau tak hingga)."))
        return Decimal(format(raw, _FLOAT_DIGITS)) if isinstance(raw, float) else raw
    text = str(raw).strip()
    if not text:
        return None
    if _GROUPED.fullmatch(text):
        text = text.replace(".", "")
    elif _DOT_DECIMAL.fullmatch(text):
        raise NumberError(
            _("'%(v)s': pakai koma untuk desimal (mis. %(hint)s); titik adalah pemisah ribuan.")
            % {"v": text, "hint": text.replace(".", ",")}
        )
    elif not _PLAIN.fullmatch(text):
        raise NumberError(
            _("'%(v)s' bukan angka: pakai koma desimal dan titik pemisah ribuan, mis. 1.234,5 atau 82,5.")
            % {"v": str(raw)[:40]}
        )
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the patterns admit only valid numbers
        raise NumberError(_("Bukan angka.")) from exc


def _check_limits(value: Decimal, max_digits: int, decimal_places: int, min_value, max_value) -> None:
    _sign, digits, exponent = value.normalize().as_tuple()
    decimals = max(-exponent, 0)
    whole = max(len(digits) + exponent, 0) if value else 0
    if decimals > decimal_places:
        raise NumberError(
            _("Paling banyak %(n)d angka di belakang koma.") % {"n": decimal_places}
            if decimal_places
            else _("Harus bilangan bulat.")
        )
    if whole > max_digits - decimal_places:
        raise NumberError(
            _("Angka terlalu besar: paling banyak %(n)d angka sebelum koma.") % {"n": max_digits - decimal_places}
        )
    too_small = min_value is not None and value < min_value
    too_large = max_value is not None and value > max_value
    if (too_small or too_large) and min_value is not None and max_value is not None:
        raise NumberError(
            _("Harus antara %(min)s dan %(max)s.") % {"min": decimal_text(min_value), "max": decimal_text(max_value)}
        )
    if too_small:
        raise NumberError(_("Paling kecil %(min)s.") % {"min": decimal_text(min_value)})
    if too_large:
        raise NumberError(_("Paling besar %(max)s.") % {"max": decimal_text(max_value)})


def decimal_text(value) -> str:
    """The number as the parser reads it back: comma decimals, no thousands dots ('1234,5')."""
    return format(Decimal(str(value)).normalize(), "f").replace(".", ",")


def limits(model: type[models.Model], field_name: str) -> dict:
    """max_digits and decimal_places of a model's DecimalField, for parse_decimal(**limits(...))."""
    field = model._meta.get_field(field_name)
    return {"max_digits": field.max_digits, "decimal_places": field.decimal_places}


class IndonesianDecimalField(forms.CharField):
    """A form field for a number written the Indonesian way, checked against the model field's limits."""

    def __init__(self, *, max_digits: int, decimal_places: int, min_value=None, max_value=None, **kwargs) -> None:
        self.number_limits = {
            "max_digits": max_digits,
            "decimal_places": decimal_places,
            "min_value": min_value,
            "max_value": max_value,
        }
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    @classmethod
    def for_model_field(cls, model: type[models.Model], field_name: str, **kwargs) -> "IndonesianDecimalField":
        return cls(**limits(model, field_name), **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return decimal_text(value)
        return value

    def to_python(self, value) -> Decimal | None:
        text = super().to_python(value)
        if len(text) > MAX_TEXT_LENGTH:
            raise ValidationError(_("Bukan angka."), code="invalid")
        try:
            return parse_decimal(text, **self.number_limits)
        except NumberError as error:
            raise ValidationError(str(error), code="invalid") from error
