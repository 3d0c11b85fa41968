"""A SYNTHETIC roadmap 2025–2029, for tests only: a workbook written from scratch in the documented format
(docs/roadmap-workbook.md), so the cycle is shown to work for a roadmap that is not the Perbup's.
None of this is real regulation text."""

import io

from openpyxl import Workbook

from perbup.workbook import SHEETS

YEARS = range(2025, 2030)
TITLE = "Road Map Reformasi Birokrasi SINTETIS untuk pengujian 2025-2029"
INDICATOR = "Indeks kepuasan layanan uji (SINTETIS)"
KEGIATAN = "Penyusunan standar pelayanan uji (SINTETIS)"

ROWS = {
    "Road Map": [
        {
            "peraturan": "Peraturan Bupati Contoh",
            "nomor": 1,
            "tahun": 2025,
            "judul": TITLE,
            "tanggal_ditetapkan": "2025-01-15",
            "tanggal_diundangkan": "2025-01-16",
            "tahun_awal": 2025,
            "tahun_akhir": 2029,
            "kepala_lampiran": "LAMPIRAN SINTETIS",
            "dokumen_sumber": "data-uji-sintetis.txt",
            "baris_sumber": 1,
        }
    ],
    "Sasaran RB": [{"nomor": 1, "sasaran": "Birokrasi yang bersih dan akuntabel", "baris_sumber": 2}],
    "OPD": [
        {"nama_singkat": "Bagian Organisasi", "nama": "Bagian Organisasi", "baris_sumber": "3"},
        {"nama_singkat": "Bagian Hukum", "nama": "Bagian Hukum", "baris_sumber": "4"},
    ],
    "Fokus": [{"nomor": 1, "judul": "Pelayanan publik uji", "baris_sumber": 5}],
    "Butir Fokus": [
        {
            "kode": "1.a",
            "nomor_fokus": 1,
            "huruf": "a",
            "judul": "Kepuasan layanan",
            "opd": "Bagian Hukum",
            "baris_sumber": 6,
        }
    ],
    "Indikator": [
        {
            "bagian": "1.a",
            "urutan": 1,
            "sasaran": "Meningkatnya kepuasan layanan uji",
            "indikator": INDICATOR,
            "arah": "higher",
            "satuan": "",
            "baris_sumber": 7,
            **{f"target_{year}": f"{80 + index}" for index, year in enumerate(YEARS)},
        }
    ],
    "Area": [
        {
            "nomor": 1,
            "nama": "Manajemen Perubahan (uji)",
            "hasil_yang_diharapkan": "Budaya kerja uji",
            "baris_sumber": 8,
        }
    ],
    "Rencana Aksi": [
        {
            "area": 1,
            "nomor_subprogram": 1,
            "subprogram": "Standar pelayanan",
            "huruf": "a",
            "kegiatan": KEGIATAN,
            "kriteria": "Tersusunnya standar",
            "indikator_target": "1 dokumen",
            "lanjutan": "tidak",
            "opd": "Bagian Hukum",
            "baris_sumber": 9,
        },
        {
            "area": 1,
            "nomor_subprogram": 1,
            "subprogram": "Standar pelayanan",
            "huruf": "b",
            "kegiatan": "Sosialisasi standar uji (SINTETIS)",
            "kriteria": "Terlaksananya sosialisasi",
            "indikator_target": "2 kali",
            "lanjutan": "tidak",
            "opd": "Bagian Organisasi; Bagian Hukum",
            "baris_sumber": 10,
            "waktu_2025": "1 kali",
            "waktu_2026": "1 kali",
        },
    ],
    "Program": [{"nomor": 1, "program": "Program uji", "baris_sumber": 11}],
    "Kegiatan Program": [{"program": 1, "huruf": "a", "kegiatan": "Kegiatan program uji"}],
    "Quick Wins": [
        {"daftar": "lampiran", "nomor": 1, "quick_win": "Layanan kilat uji", "opd": "Bagian Hukum", "baris_sumber": 12}
    ],
}


def synthetic_workbook() -> bytes:
    book = Workbook()
    book.active.title = "Petunjuk"
    book.active.append(["Buku kerja road map SINTETIS untuk pengujian"])
    for sheet, columns in SHEETS.items():
        headers = [name for name, _meaning in columns]
        if sheet == "Indikator":
            headers = headers[:-2] + [f"target_{y}" for y in YEARS] + headers[-2:]
        if sheet == "Rencana Aksi":
            headers = headers[:-2] + [f"waktu_{y}" for y in YEARS] + headers[-2:]
        target = book.create_sheet(sheet)
        target.append(headers)
        for row in ROWS.get(sheet, []):
            target.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer.getvalue()
