"""Every target format that occurs in the Perbup parses to the right value or level."""

from decimal import Decimal

import pytest

from indicators.models import Scale
from indicators.parsing import TargetParseError, parse_indonesian_number, parse_target

pytestmark = pytest.mark.django_db


def parsed(raw: str, scale_code: str | None):
    scale = Scale.objects.get(code=scale_code) if scale_code else None
    result = parse_target(raw, scale, list(scale.levels.all()) if scale else [])
    return result.value, result.unit, result.level.code if result.level else None


@pytest.mark.parametrize(
    ("raw", "scale", "expected"),
    [
        ("82,5", None, (Decimal("82.5"), "", None)),
        ("83", None, (Decimal("83"), "", None)),
        ("0", None, (Decimal("0"), "", None)),
        ("62,8%", None, (Decimal("62.8"), "%", None)),
        ("100%", None, (Decimal("100"), "%", None)),
        ("1 OPD", None, (Decimal("1"), "OPD", None)),
        ("58,13", None, (Decimal("58.13"), "", None)),
        ("62 (B)", "indeks_rb", (Decimal("62"), "", "B")),
        ("68 (BB)", "indeks_rb", (Decimal("68"), "", "BB")),
        ("85 (A)", "sakip", (Decimal("85"), "", "A")),
        ("3,5 (B) (Baik)", "ipp", (Decimal("3.5"), "", "B")),
        ("4,00 (A-) (Sangat Baik)", "ipp", (Decimal("4.00"), "", "A-")),
        ("2,40 (Kurang)", "spbe", (Decimal("2.40"), "", "Kurang")),
        ("3,50 (Sangat Baik)", "spbe", (Decimal("3.50"), "", "Sangat Baik")),
        ("Level 3 (integrated)", "apip", (None, "", "3")),
        ("Level 2- (Berkembang) Skor: 2,800", "spip", (Decimal("2.800"), "", "2")),
        ("Level 3- (Terdefinisi) Skor: 3,600", "spip", (Decimal("3.600"), "", "3")),
        ("WTP", "bpk_opinion", (None, "", "WTP")),
        ("Sangat tinggi", "lppd", (None, "", "Sangat Tinggi")),
        ("84,5", "ikm", (Decimal("84.5"), "", None)),
        ("74", "ip_asn", (Decimal("74"), "", None)),
    ],
)
def test_each_target_format_parses(raw, scale, expected):
    assert parsed(raw, scale) == expected


@pytest.mark.parametrize(
    ("raw", "scale"),
    [("", None), ("banyak", None), ("12 apel hijau", None), ("XYZ", "bpk_opinion"), ("Level 9", "apip")],
)
def test_text_that_does_not_fit_is_refused(raw, scale):
    with pytest.raises(TargetParseError):
        parsed(raw, scale)


def test_indonesian_numbers_use_the_decimal_comma_and_dot_thousands():
    assert parse_indonesian_number("1.234,5") == Decimal("1234.5")
    assert parse_indonesian_number("2,800") == Decimal("2.800")


def test_levels_compare_by_rank_not_by_alphabet():
    sakip = Scale.objects.get(code="sakip")
    ranks = {level.code: level.rank for level in sakip.levels.all()}
    assert ranks["AA"] > ranks["A"] > ranks["BB"] > ranks["B"] > ranks["CC"] > ranks["C"] > ranks["D"]
    opinion = {level.code: level.rank for level in Scale.objects.get(code="bpk_opinion").levels.all()}
    assert opinion["WTP"] > opinion["WTP-DPP"] > opinion["WDP"] > opinion["TMP"] > opinion["TW"]
