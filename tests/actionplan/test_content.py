"""The Lampiran's Rencana Aksi table is in the database exactly as printed.

Expected values were read from shared/seed/000_59032f609bd9468a.txt by hand.
"""

import pytest

from actionplan.models import Activity, Program
from roadmap.models import ChangeArea, QuickWin

pytestmark = pytest.mark.django_db

# area number: (rows, of which continuation rows)
ROWS_PER_AREA = {1: (14, 0), 2: (7, 0), 3: (3, 1), 4: (25, 5), 5: (27, 0), 6: (36, 0), 7: (8, 0), 8: (17, 2)}


def row_at(line: int) -> Activity:
    return Activity.objects.get(source_line=line)


def opds_at(line: int) -> list[str]:
    return [link.opd.short_name for link in row_at(line).opd_links.all()]


def test_each_area_has_the_perbups_rows_and_continuations():
    counted = {}
    for area in ChangeArea.objects.all():
        rows = Activity.objects.filter(area=area)
        counted[area.number] = (rows.count(), rows.filter(continuation=True).count())
    assert counted == ROWS_PER_AREA


def test_every_row_has_at_least_one_responsible_opd():
    assert not Activity.objects.filter(opd_links__isnull=True).exists()


@pytest.mark.parametrize(
    ("line", "area", "subprogram_no", "letter", "kegiatan_start"),
    [
        (1324, 1, 1, "a", "Pembentukan Tim Reformasi Birokrasi"),
        (1341, 1, 4, "a", "Pembentukan agent of change"),
        (1358, 2, 1, "a", "Melakukan evaluasi secara berkala terhadap produk hukum daerah"),
        (1389, 4, 1, "a", "Mendorong semua OPD/Unit Kerja"),
        (1439, 4, 4, "d", "Evaluasi Pengadaan Barang/Jasa Desa"),
        (1524, 6, 1, "a", "Menyusun kebijakan gratifikasi"),
        (1616, 7, 1, "a", "Mendorong keterlibatan pimpinan OPD/Unit Kerja"),
    ],
)
def test_rows_sit_under_their_area_subprogram_and_letter(line, area, subprogram_no, letter, kegiatan_start):
    row = row_at(line)
    assert (row.area.number, row.subprogram_no, row.letter) == (area, subprogram_no, letter)
    assert row.kegiatan.startswith(kegiatan_start)


def test_kriteria_and_targets_are_worded_as_printed():
    assert row_at(1325).output_target == (
        "Jumlah dokumen laporan pelaksanaan reformasi birokrasi masing-masing Kelompok Kerja (4 (empat) dokumen)"
    )
    assert row_at(1326).criteria == "Terlaksananya rapat Tim/Kelompok Kerja Reformasi Birokrasi secara rutin"
    assert row_at(1438).output_target == "Jumlah paket PBJ yang berhasil ditenderkan sebanyak 300 paket"
    assert row_at(1532).criteria == "Tersusnya hasil evaluasi atas pelaksanaan gratifikasi"  # typo kept
    assert (
        row_at(1605).output_target
        == "Jumlah tindak lanjut hasil rekomendasi APIP (400 (empat ratus) rekomendasi/tahun)"
    )


def test_schedule_values_are_kept_only_where_the_perbup_prints_them():
    assert row_at(1439).schedule == {
        "2019": "54 desa",
        "2020": "73 desa",
        "2021": "91 desa",
        "2022": "109 desa",
        "2023": "127 desa",
    }
    assert row_at(1444).schedule == {
        "2019": "1 kali",
        "2020": "4 kali",
        "2021": "4 kali",
        "2022": "4 kali",
        "2023": "4 kali",
    }
    assert Activity.objects.exclude(source_line__in=[1439, 1444]).exclude(schedule={}).count() == 0


def test_responsible_opds_keep_the_perbups_order():
    assert opds_at(1398) == ["Bappeda", "Dinas Kominfo"]
    assert opds_at(1405) == ["Bagian Organisasi", "Dinas Kominfo"]
    assert opds_at(1413) == ["BKD", "Dinas Kominfo"]
    assert opds_at(1497) == ["Bagian Organisasi", "BKPPD"]
    assert opds_at(1634) == ["Bagian Organisasi", "Bappeda"]
    assert opds_at(1623) == ["Bagian Organisasi", "Bappeda"]
    assert opds_at(1656) == ["DPMPT"]


def test_continuation_rows_repeat_their_kegiatan_but_not_its_kriteria():
    parent, continuation = row_at(1399), row_at(1404)
    assert continuation.continuation and not parent.continuation
    assert continuation.kegiatan == parent.kegiatan
    assert continuation.criteria == "Terlaksananya pengembangan sistem penganggaran terintegrasi"
    assert row_at(1412).criteria == ""  # its kriteria cell is empty in the Perbup


def test_duplicate_letters_are_kept_as_printed():
    letters = list(Activity.objects.filter(area__number=4, subprogram_no=4).values_list("letter", flat=True))
    assert letters == ["a", "b", "c", "d", "e", "f", "e"]


def test_lost_headings_are_marked_inferred_never_silent():
    pmprb_rows = Activity.objects.filter(source_line__in=[1331, 1332, 1333, 1339])
    assert all("subprogram" in row.inferred for row in pmprb_rows)
    area8 = ChangeArea.objects.get(number=8)
    assert area8.name_inferred
    assert area8.expected_result == ""
    assert not Activity.objects.filter(subprogram="", inferred={}, subprogram_no__isnull=True).exists()


def test_truncated_expected_result_is_not_completed():
    assert ChangeArea.objects.get(number=2).expected_result_target == "95 % (sembilan"


def test_program_table_has_ten_programs_with_their_kegiatan():
    programs = {program.number: program for program in Program.objects.prefetch_related("items")}
    assert sorted(programs) == list(range(1, 11))
    assert programs[9].kegiatan_text.startswith("Ditentukan sesuai dengan kondisi")
    assert programs[10].items.count() == 0 and programs[10].name == "Penguatan dan Penataan Organisasi"
    quick_win_groups = {item.group_letter for item in programs[7].items.all()}
    assert quick_win_groups == {"a", "b", "c", "d", "e"}


def test_quick_wins_are_kept_as_each_list_states_them():
    section = QuickWin.objects.filter(source=QuickWin.Source.SECTION_3_1_3_B)
    lampiran = QuickWin.objects.filter(source=QuickWin.Source.LAMPIRAN)
    assert section.count() == 6 and lampiran.count() == 5
    assert section.get(number=6).text.startswith("Pembentukan UKPBJ")
    fourth = lampiran.get(number=4)
    assert [link.opd.short_name for link in fourth.opd_links.all()] == ["Dispendukcapil", "Dinas Kominfo"]


def test_every_perbup_row_is_marked_as_from_the_perbup(db):
    """Origin is explicit: no Lampiran row counts as an OPD addition, whatever its source line."""
    from actionplan.models import Activity

    assert not Activity.objects.filter(origin=Activity.Origin.OPD_ADDITION).exists()
    assert Activity.objects.perbup().count() == Activity.objects.count()
