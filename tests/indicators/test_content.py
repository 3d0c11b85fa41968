"""Section 3.2 of the Perbup is in the database exactly as printed.

Expected values below were read from shared/seed/000_59032f609bd9468a.txt by hand, not from
the fixtures, so a transcription error makes these tests fail.
"""

from decimal import Decimal

import pytest

from indicators.models import Indicator, Target

pytestmark = pytest.mark.django_db

ROWS_PER_SECTION = {
    "1.a": 6,
    "1.b": 11,
    "1.c": 6,
    "1.d": 2,
    "1.e": 8,
    "2.a": 1,
    "2.b": 1,
    "2.c": 1,
    "2.d": 1,
    "2.e": 1,
    "2.f": 1,
    "2.g": 1,
    "2.h": 1,
    "2.i": 1,
    "2.j": 1,
    "3.a": 1,
    "3.b": 1,
    "3.c": 1,
    "3.d": 1,
    "3.e": 5,
}


def indicator(section: str, name_start: str) -> Indicator:
    priority, code = section.split(".")
    return Indicator.objects.get(
        focus_item__priority__number=int(priority), focus_item__code=code, name__startswith=name_start
    )


def raw_targets(section: str, name_start: str) -> list[str | None]:
    return list(indicator(section, name_start).targets.order_by("year").values_list("raw_text", flat=True))


def test_each_section_has_the_perbups_number_of_indicator_rows():
    counted = {}
    for row in Indicator.objects.select_related("focus_item__priority"):
        code = row.focus_item.section_code
        counted[code] = counted.get(code, 0) + 1
    assert counted == ROWS_PER_SECTION
    assert sum(counted.values()) == 52


def test_every_indicator_has_five_target_slots_2019_to_2023():
    for row in Indicator.objects.prefetch_related("targets"):
        assert sorted(target.year for target in row.targets.all()) == [2019, 2020, 2021, 2022, 2023], row


@pytest.mark.parametrize(
    ("section", "name_start", "expected"),
    [
        ("1.a", "Hasil Survey Kepuasan Masyarakat", ["82,5", "83", "83,5", "84", "84,5"]),
        ("1.a", "Jumlah Inovasi Pelayanan", ["1", "1", "1", "1", "1"]),
        ("1.a", "Persentase OPD memiliki standar pelayanan", ["85%", "88%", "90%", "95%", "100%"]),
        (
            "1.a",
            "Indeks pelayanan publik",
            [
                "3,5 (B) (Baik)",
                "3,75 (B) (Baik)",
                "3,95 (B) (Baik)",
                "4,00 (A-) (Sangat Baik)",
                "4,50 (A-) (Sangat Baik)",
            ],
        ),
        ("1.a", "Persentase Tindak Lanjut Pengaduan", ["60%", "75%", "80%", "85%", "90%"]),
        ("1.b", "Persentase pegawai yang ditempatkan", ["60%", "70%", "80%", "90%", "95%"]),
        ("1.b", "Indeks Profesionalitas ASN", ["70", "71", "72", "73", "74"]),
        ("1.b", "Persentase terlaksananya pemberian TPPD", ["62,8%", "67,8%", "72,8%", "77,8%", "82,8%"]),
        ("1.b", "Tersedianya database Diklat", ["0", "1", "1", "1", "1"]),
        ("1.b", "Jumlah Diklat yang diselenggarakan", ["5", "12", "12", "12", "13"]),
        ("1.c", "Persentase OPD yang memiliki Peta Proses Bisnis", ["20%", "40%", "60%", "70%", "90%"]),
        (
            "1.c",
            "Indeks e-Government",
            ["2,40 (Kurang)", "2,55 (Baik)", "2,70 (Baik)", "3,00 (Baik)", "3,50 (Sangat Baik)"],
        ),
        ("1.d", "Indeks reformasi birokrasi", ["62 (B)", "64 (B)", "66 (B)", "68 (BB)", "70 (BB)"]),
        ("1.d", "Tingkat persepsi pegawai", ["65%", "70%", "75%", "80%", "80%"]),
        ("1.e", "Persentase APIP yang bersertifikat", ["57%", "58%", "59%", "60%", "61%"]),
        ("1.e", "Persentase pemenuhan Auditor", ["42%", "44%", "46%", "50%", "54%"]),
        ("1.e", "Tingkat Kapabilitas APIP", ["Level 3 (integrated)"] * 5),
        (
            "1.e",
            "Tingkat Kematangan",
            [
                "Level 2- (Berkembang) Skor: 2,800",
                "Level 3- (Terdefinisi) Skor: 3,000",
                "Level 3- (Terdefinisi) Skor: 3,200",
                "Level 3- (Terdefinisi) Skor: 3,400",
                "Level 3- (Terdefinisi) Skor: 3,600",
            ],
        ),
        ("1.e", "Jumlah Kebijakan yang dikeluarkan", ["1", "2", "3", "3", "3"]),
        ("1.e", "Jumlah OPD sebagai Zona Integritas", ["1 OPD", "2 OPD", "3 OPD", "4 OPD", "5 OPD"]),
        ("2.a", "Opini BPK", ["WTP"] * 5),
        ("2.b", "Persentase Pejabat yang telah menyerahkan LHKPN", ["75%", "80%", "85%", "90%", "100%"]),
        ("2.c", "Nilai SAKIP", ["79 (BB)", "80 (BB)", "81 (BB)", "85 (A)", "89 (A)"]),
        ("2.e", "Persentase kepuasan masyarakat terhadap keterbukaan", ["65%", "75%", "80%", "85%", "90%"]),
        ("2.g", "Persentase OPD/Unit Kerja yang melaksanakan survey", ["83%", "85%", "87%", "90%", "95%"]),
        ("2.j", "Persentase OPD/Unit Kerja yang menggunakan", ["50%", "60%", "70%", "80%", "90%"]),
        ("3.a", "Indeks Pendidikan", ["58,13", "59,09", "60,05", "61,01", "61,98"]),
        ("3.b", "Indeks Kesehatan", ["76,85", "76,89", "76,94", "76,98", "77,02"]),
        ("3.c", "Indeks Pemukiman Layak Huni", ["76,05", "81,18", "85,60", "92,50", "96,55"]),
        ("3.e", "Persentase capaian Pengembangan administrasi", ["75%", "80%", "90%", "100%", "100%"]),
        ("3.e", "Tersedianya aplikasi perizinan berbasis online", ["1", "1", "1", "1", "1"]),
    ],
)
def test_targets_are_the_perbups_text(section, name_start, expected):
    assert raw_targets(section, name_start) == expected


def test_lppd_target_is_printed_for_2019_only_and_other_years_stay_empty():
    assert raw_targets("2.f", "Predikat LPPD") == ["Sangat tinggi", None, None, None, None]


def test_a_sasaran_split_across_a_page_break_is_one_sasaran():
    row = indicator("1.d", "Indeks reformasi birokrasi")
    assert row.sasaran == "Meningkatnya komitmen Pemerintah Daerah dalam melakukan reformasi birokrasi"


def test_html_list_indicator_keeps_its_words_and_typos():
    row = indicator("1.b", "Persentase (rata-rata) kepatuhan")
    assert "LLHKPN/LHK ASN" in row.name
    assert "<" not in row.name and "✓" not in row.name


def test_section_opds_come_from_the_perbups_own_sentences():
    assert [opd.short_name for opd in indicator("1.e", "Persentase APIP yang bersertifikat").responsible_opds()] == [
        "Inspektorat"
    ]
    assert [opd.short_name for opd in indicator("3.b", "Indeks Kesehatan").responsible_opds()] == [
        "Dinas Kesehatan",
        "RSUD Bangil",
        "RSUD Grati",
    ]
    assert [opd.short_name for opd in indicator("1.a", "Indeks pelayanan publik").responsible_opds()] == [
        "DPMPT",
        "RSUD Bangil",
        "Dispendukcapil",
    ]


def test_sections_without_a_named_opd_have_no_perbup_opd_but_a_pemda_reporter():
    sop = indicator("1.c", "Persentase OPD yang memiliki SOP")
    assert sop.perbup_opds() == []
    assert [opd.short_name for opd in sop.assigned_opds()] == ["Bagian Organisasi"]
    assert sop.responsible_opds() == sop.assigned_opds()


def test_parsed_values_sit_beside_the_raw_text():
    sakip = Target.objects.get(indicator=indicator("2.c", "Nilai SAKIP"), year=2022)
    assert (sakip.raw_text, sakip.value, sakip.level.code, sakip.level.scale.code) == (
        "85 (A)",
        Decimal("85"),
        "A",
        "sakip",
    )
    spip = Target.objects.get(indicator=indicator("1.e", "Tingkat Kematangan"), year=2019)
    assert (spip.value, spip.level.code, spip.level.label) == (Decimal("2.8"), "2", "Berkembang")
    percent = Target.objects.get(indicator=indicator("1.b", "Persentase terlaksananya pemberian TPPD"), year=2019)
    assert (percent.value, percent.unit, percent.level) == (Decimal("62.8"), "%", None)
    opd_count = Target.objects.get(indicator=indicator("1.e", "Jumlah OPD sebagai Zona Integritas"), year=2023)
    assert (opd_count.value, opd_count.unit) == (Decimal("5"), "OPD")
