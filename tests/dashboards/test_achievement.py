"""The status rule on every target format the Perbup uses, with ordinal scales, empty targets and unverified data."""

from decimal import Decimal

import pytest

from dashboards.achievement import Achievement, Measured, activity_status, indicator_status, worst
from indicators.models import Direction, Target
from tests import factories

MET, NEARLY, NOT_MET, NO_DATA, NO_TARGET = (
    Achievement.MET, Achievement.NEARLY, Achievement.NOT_MET, Achievement.NO_DATA, Achievement.NO_TARGET,
)  # fmt: skip


def target(indicator_name: str, year: int) -> Target:
    return Target.objects.select_related("level").get(indicator__name=indicator_name, year=year)


def level_rank(indicator_name: str, code: str) -> int:
    return factories.indicator(indicator_name).scale.levels.get(code=code).rank


def verified(value=None, rank=None) -> Measured:
    return Measured(value=None if value is None else Decimal(str(value)), rank=rank, verified=True)


@pytest.mark.parametrize(
    ("indicator", "year", "measured", "expected"),
    [
        # plain number "82,5"
        ("Hasil Survey Kepuasan Masyarakat", 2019, 82.5, MET),
        ("Hasil Survey Kepuasan Masyarakat", 2019, 80, NEARLY),  # within 5 %
        ("Hasil Survey Kepuasan Masyarakat", 2019, 70, NOT_MET),
        # percentage "62,8%"
        ("Persentase terlaksananya pemberian TPPD", 2019, 63, MET),
        ("Persentase terlaksananya pemberian TPPD", 2019, 50, NOT_MET),
        # count "1 OPD"
        ("Jumlah OPD sebagai Zona Integritas (ZI) Menuju Wilayah Bebas Korupsi (WBK)", 2023, 5, MET),
        ("Jumlah OPD sebagai Zona Integritas (ZI) Menuju Wilayah Bebas Korupsi (WBK)", 2023, 4, NOT_MET),
        # zero target "0"
        ("Tersedianya database Diklat bagi pegawai", 2019, 0, MET),
        # score with predicate "79 (BB)": the number decides
        ("Nilai SAKIP", 2019, 79, MET),
        ("Nilai SAKIP", 2022, 81, NEARLY),  # target 85 (A)
        # index with level "3,5 (B) (Baik)"
        ("Indeks pelayanan publik (3 OPD DPMPT,RSUD Bangil, dispendukcapil)", 2019, 3.6, MET),
        # SPIP "Level 3- (Terdefinisi) Skor: 3,600": the score decides
        ("Tingkat Kematangan (Maturity) SPIP", 2023, 3.6, MET),
        ("Tingkat Kematangan (Maturity) SPIP", 2023, 3.0, NOT_MET),
        # older e-Government index "2,40 (Kurang)"
        ("Indeks e-Government", 2019, 2.4, MET),
    ],
)
def test_numbers_compare_in_the_indicators_direction(indicator, year, measured, expected):
    assert indicator_status(target(indicator, year), verified(measured)) == expected


@pytest.mark.parametrize(
    ("indicator", "year", "code", "expected"),
    [
        ("Opini BPK terhadap Laporan Keuangan Pemerintah Kabupaten Pasuruan", 2019, "WTP", MET),
        ("Opini BPK terhadap Laporan Keuangan Pemerintah Kabupaten Pasuruan", 2019, "WTP-DPP", NEARLY),
        ("Opini BPK terhadap Laporan Keuangan Pemerintah Kabupaten Pasuruan", 2019, "WDP", NOT_MET),
        ("Tingkat Kapabilitas APIP", 2019, "4", MET),
        ("Tingkat Kapabilitas APIP", 2019, "3", MET),
        ("Tingkat Kapabilitas APIP", 2019, "2", NEARLY),
        ("Tingkat Kapabilitas APIP", 2019, "1", NOT_MET),
        ("Predikat LPPD dari Kemendagri", 2019, "Sangat Tinggi", MET),
        ("Predikat LPPD dari Kemendagri", 2019, "Sedang", NOT_MET),
    ],
)
def test_ordinal_levels_compare_by_rank_not_alphabet(indicator, year, code, expected):
    assert indicator_status(target(indicator, year), verified(rank=level_rank(indicator, code))) == expected


def test_sakip_predicates_by_rank_when_only_a_level_is_reported():
    sakip = target("Nilai SAKIP", 2022)  # 85 (A)
    sakip_value = Target(raw_text=sakip.raw_text, value=None, level=sakip.level)
    assert indicator_status(sakip_value, verified(rank=level_rank("Nilai SAKIP", "A"))) == MET
    assert indicator_status(sakip_value, verified(rank=level_rank("Nilai SAKIP", "BB"))) == NEARLY
    assert indicator_status(sakip_value, verified(rank=level_rank("Nilai SAKIP", "B"))) == NOT_MET
    # alphabetically "AA" < "B", by rank AA is best
    assert indicator_status(sakip_value, verified(rank=level_rank("Nilai SAKIP", "AA"))) == MET


def test_an_empty_target_is_neither_met_nor_missed():
    assert indicator_status(target("Predikat LPPD dari Kemendagri", 2021), verified(rank=4)) == NO_TARGET
    assert indicator_status(None, verified(100)) == NO_TARGET


def test_unverified_realisations_never_count():
    tppd = target("Persentase terlaksananya pemberian TPPD", 2019)
    assert indicator_status(tppd, Measured(value=Decimal(99), verified=False)) == NO_DATA
    assert indicator_status(tppd, None) == NO_DATA
    assert activity_status(Decimal(100), verified=False) == NO_DATA


def test_lower_is_better_is_respected():
    tppd = target("Persentase terlaksananya pemberian TPPD", 2019)  # 62,8
    assert indicator_status(tppd, verified(60), Direction.LOWER) == MET
    assert indicator_status(tppd, verified(65), Direction.LOWER) == NEARLY
    assert indicator_status(tppd, verified(80), Direction.LOWER) == NOT_MET


def test_the_tolerance_is_a_setting(settings):
    settings.ACHIEVEMENT_TOLERANCE_PERCENT = 0
    assert indicator_status(target("Hasil Survey Kepuasan Masyarakat", 2019), verified(82)) == NOT_MET
    settings.ACHIEVEMENT_LEVEL_TOLERANCE = 0
    wtp = target("Opini BPK terhadap Laporan Keuangan Pemerintah Kabupaten Pasuruan", 2019)
    rank = level_rank("Opini BPK terhadap Laporan Keuangan Pemerintah Kabupaten Pasuruan", "WTP-DPP")
    assert indicator_status(wtp, verified(rank=rank)) == NOT_MET


def test_kegiatan_progress():
    assert activity_status(Decimal(100), verified=True) == MET
    assert activity_status(Decimal(96), verified=True) == NEARLY
    assert activity_status(Decimal(50), verified=True) == NOT_MET
    assert activity_status(None, verified=True) == NO_DATA


def test_every_target_in_the_fixtures_gets_a_status():
    for stored in Target.objects.select_related("level", "indicator"):
        status = indicator_status(
            stored, verified(value=stored.value or 0, rank=stored.level.rank if stored.level else None)
        )
        if stored.raw_text is None:
            assert status == NO_TARGET
        else:
            assert status == MET, (stored.indicator.name, stored.raw_text)  # meeting the target exactly is met


def test_shared_rows_follow_their_weakest_part():
    assert worst([MET, NOT_MET]) == NOT_MET
    assert worst([MET, NO_DATA]) == NO_DATA
    assert worst([MET, NEARLY]) == NEARLY
    assert worst([MET, MET]) == MET
