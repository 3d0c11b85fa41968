"""The one value formatter: units shown, no needless zeros, one rounding rule."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from core import formatting


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("24.00"), "24"),
        (Decimal("24.50"), "24,5"),
        (Decimal("3.40"), "3,4"),
        (Decimal("0.125"), "0,13"),  # half up, at most two decimals
        (Decimal("1234.5000"), "1.234,5"),
        (Decimal("100"), "100"),
        (Decimal("0"), "0"),
        (Decimal("-2.50"), "-2,5"),
        (7, "7"),
        (None, "—"),
    ],
)
def test_numbers_lose_their_needless_zeros(value, text):
    assert formatting.number_text(value) == text


def report(value=None, progress=None, unit="", level=None, data_year=None):
    return SimpleNamespace(value=value, progress=progress, unit=unit, level=level, data_year=data_year)


@pytest.mark.parametrize(
    ("shown", "text"),
    [
        (report(value=Decimal("24.5000"), unit="%"), "24,5 %"),
        (report(value=Decimal("24.0000"), unit="%"), "24 %"),
        (report(value=Decimal("3.0000"), unit="OPD"), "3 OPD"),
        (report(value=Decimal("3.4000"), level="3 (Terdefinisi)", data_year=2022), "3 (Terdefinisi) · 3,4 (data 2022)"),
        (report(progress=Decimal("80.00")), "80 %"),
        (report(progress=Decimal("62.50")), "62,5 %"),
        (report(), "—"),
    ],
)
def test_a_reports_value_carries_its_unit(shown, text):
    assert formatting.value_text(shown) == text
