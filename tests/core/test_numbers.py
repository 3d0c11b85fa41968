"""The one Indonesian number parser: decimal comma, dot thousands, the model field's limits."""

from decimal import Decimal

import pytest

from core.numbers import IndonesianDecimalField, NumberError, parse_decimal

LIMITS = {"max_digits": 14, "decimal_places": 4}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234", Decimal("1234")),
        ("1.234,5", Decimal("1234.5")),
        ("-1.234.567,25", Decimal("-1234567.25")),
        ("82,5", Decimal("82.5")),
        (" 7 ", Decimal("7")),
        ("", None),
        (None, None),
        (12.5, Decimal("12.5")),
        (0.1 + 0.2, Decimal("0.3")),  # a workbook's float noise
        (3, Decimal("3")),
    ],
)
def test_indonesian_numbers_are_read(raw, expected):
    assert parse_decimal(raw, **LIMITS) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "NaN",
        "nan",
        "Infinity",
        "-inf",
        "sNaN",
        "1e5",
        "82.5",
        "1.23",
        "1,2,3",
        "1.2345",
        "satu",
        "12%",
        "1 000",
        float("nan"),
        float("inf"),
        Decimal("NaN"),
        Decimal("sNaN"),
        True,
    ],
)
def test_anything_else_is_refused(raw):
    with pytest.raises(NumberError):
        parse_decimal(raw, **LIMITS)


def test_the_field_limits_are_those_of_the_model():
    assert parse_decimal("9.999.999.999,9999", **LIMITS) == Decimal("9999999999.9999")
    with pytest.raises(NumberError, match="terlalu besar"):
        parse_decimal("10.000.000.000", **LIMITS)
    with pytest.raises(NumberError, match="4 angka di belakang koma"):
        parse_decimal("0,00001", **LIMITS)
    with pytest.raises(NumberError, match="antara 0 dan 100"):
        parse_decimal("100,01", max_digits=5, decimal_places=2, min_value=0, max_value=100)


def test_the_form_field_shows_stored_values_the_way_it_reads_them():
    field = IndonesianDecimalField(max_digits=14, decimal_places=4, required=False)
    shown = field.prepare_value(Decimal("1234.5000"))
    assert shown == "1234,5"
    assert field.clean(shown) == Decimal("1234.5")
    assert field.clean("") is None
