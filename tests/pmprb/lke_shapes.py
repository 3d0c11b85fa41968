"""Workbooks SHAPED like the 26/2020 and 9/2023 worksheets, written from scratch for tests only.

They follow the layout pmprb.importing reads (columns B–K, "PENJELASAN" in H, parts numbered
"A.1" under their component). The names, weights and questions are test data: never a model.
"""

import io

from openpyxl import Workbook

HEADER = ["", "KOMPONEN", "AREA", "SUB-AREA", "BUTIR", "PERTANYAAN", "BOBOT", "PENJELASAN", "JENIS", "JAWABAN", "NILAI"]
YT = ("Y/T", "Kriteria uji.")
ABC = ("A/B/C", "a. Seluruhnya (uji)\nb. Sebagian (uji)\nc. Belum ada (uji)")
PERSEN = ("%", "Persentase 0–100 (uji).")


def _row(b="", c="", d="", e="", f="", g=None, h="", i="", k="") -> list:
    return ["", b, c, d, e, f, g, h, i, "", k]


def _area(numeral: str, name: str, weight, subareas: list[tuple[str, object, list[tuple]]]) -> list[list]:
    rows = [_row(c=numeral, d=f"{name} ({weight})", g=weight)]
    for number, (sub_name, sub_weight, questions) in enumerate(subareas, start=1):
        rows.append(_row(d=str(number), e=f"{sub_name} ({sub_weight})", g=sub_weight))
        for letter, (text, (kind, explanation)) in zip("abcdefgh", questions, strict=False):
            rows.append(_row(e=f"{letter}.", f=text, h=explanation, i=kind))
    return rows


def _indicator(number: str, name: str, weight, input_range: str = "0-100") -> list:
    return _row(d=number, e=f"{name} ({weight})", g=weight, h=f"Diisi nilai {name} (uji).", i=input_range)


def _book(rows: list[list], sheet: str = "LKE") -> bytes:
    book = Workbook()
    book.active.title = sheet
    book.active.append(["LEMBAR KERJA EVALUASI — DATA UJI, BUKAN MODEL RESMI"])
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


PEMENUHAN_AREAS = [
    ("MANAJEMEN PERUBAHAN", 2),
    ("DEREGULASI KEBIJAKAN", 1),
    ("PENATAAN ORGANISASI", 2),
    ("PENATAAN TATALAKSANA", 2),
    ("SDM APARATUR", 5),
    ("PENGUATAN AKUNTABILITAS", 2),
    ("PENGUATAN PENGAWASAN", 4),
    ("PENINGKATAN KUALITAS PELAYANAN PUBLIK", 2),
]
ROMAN = ["I.", "II.", "III.", "IV.", "V.", "VI.", "VII.", "VIII."]


def workbook_26_2020(**overrides) -> bytes:
    """Pengungkit 60 = Pemenuhan 20 + Hasil Antara 10 + Reform 30; Hasil 40 = four parts of 10."""
    rows = [_row(b="A.", c="PENGUNGKIT (60)", g=60), _row(b="A.1", c="PEMENUHAN (20)", g=20)]
    for numeral, (name, weight) in zip(ROMAN, PEMENUHAN_AREAS, strict=True):
        rows += _area(
            numeral,
            name,
            weight,
            [
                (
                    f"Pemenuhan {name.lower()} (uji)",
                    weight,
                    [(f"Apakah {name.lower()} telah dipenuhi? (uji)", YT), (f"Sejauh mana {name.lower()}? (uji)", ABC)],
                )
            ],
        )
    rows.append(_row(b="A.2", c="HASIL ANTARA (10)", g=10))
    rows += _area(
        "I.",
        "HASIL ANTARA DEREGULASI",
        1,
        [("Kualitas kebijakan (uji)", 1, [("Indeks kualitas kebijakan (uji)", PERSEN)])],
    )
    rows += _area(
        "II.",
        "HASIL ANTARA AREA LAIN",
        9,
        [("Indeks area lain (uji)", 9, [("Rata-rata indeks area lain (uji)", PERSEN)])],
    )
    rows.append(_row(b="A.3", c="REFORM (30)", g=30))
    rows += _area(
        "I.",
        "REFORM MANAJEMEN PERUBAHAN",
        30,
        [("Reform (uji)", 30, [("Persentase unit yang menerapkan agen perubahan (uji)", PERSEN)])],
    )
    rows.append(_row(b="B.", c="HASIL (40)", g=40))
    for number, name in enumerate(
        [
            "AKUNTABILITAS KINERJA DAN KEUANGAN",
            "KUALITAS PELAYANAN PUBLIK",
            "PEMERINTAH BERSIH DAN BEBAS KKN",
            "KINERJA ORGANISASI",
        ],
        start=1,
    ):
        rows.append(_row(b=f"B.{number}", c=f"{name} (10)", g=10))
        rows.append(_indicator("1", f"Nilai {name.lower()} (uji)", 10))
    rows.append(_row(b="TOTAL"))
    return _patched(_book(rows), overrides)


def workbook_9_2023(**overrides) -> bytes:
    """RB General 100 (Strategi Pelaksanaan 10, Capaian Pelaksanaan Kebijakan RB 40, the rest as one test
    part) and RB Tematik 20 (four themes of 5), every input a percentage."""
    rows = [_row(b="A.", c="RB GENERAL (100)", g=100)]
    strategy = [
        ("Rencana aksi (uji)", 3, [("Kualitas rencana aksi (uji)", PERSEN)]),
        ("Implementasi rencana aksi (uji)", 7, [("Realisasi rencana aksi (uji)", PERSEN)]),
    ]
    rows += _area("I.", "STRATEGI PELAKSANAAN", 10, strategy)
    rows += _area(
        "II.",
        "CAPAIAN PELAKSANAAN KEBIJAKAN RB",
        40,
        [("Penyederhanaan struktur (uji)", 40, [("Persentase struktur yang disederhanakan (uji)", PERSEN)])],
    )
    rows += _area(
        "III.", "BAGIAN LAIN RB GENERAL (UJI)", 50, [("Bagian lain (uji)", 50, [("Capaian bagian lain (uji)", PERSEN)])]
    )
    rows.append(_row(b="B.", c="RB TEMATIK (20)", g=20))
    for number, theme in enumerate(
        ["KEMISKINAN", "INVESTASI", "DIGITALISASI ADMINISTRASI PEMERINTAHAN", "PRIORITAS AKTUAL PRESIDEN"], start=1
    ):
        rows.append(_row(b=f"B.{number}", c=f"{theme} (5)", g=5))
        rows += _area(
            "I.",
            f"STRATEGI PELAKSANAAN {theme}",
            5,
            [("Rencana aksi tema (uji)", 5, [(f"Capaian rencana aksi {theme.lower()} (uji)", PERSEN)])],
        )
    return _patched(_book(rows, sheet="LKE RB 2023"), overrides)


def _patched(content: bytes, cells: dict) -> bytes:
    """The workbook with some cells changed (a broken copy for the error tests)."""
    if not cells:
        return content
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    for address, value in cells.items():
        book.worksheets[0][address] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
