"""The judgement rules as a table: each case is a realisation entered through the real workflow
(save, submit, verify) and read back on every surface a signatory relies on — the indicator page,
the dashboard's indicator table, the annual recap, the PDF evaluation report (text by pypdf) and
the Excel report (cells by openpyxl). Every surface must print the same status, capaian, predikat
and reason.

Rules covered (DOMAIN.md "Capaian"):
- printed capaian never contradicts its predikat: two decimals, classified on the printed value;
- a level-only report against a number target: the level's whole band decides, else
  *tidak dapat dinilai* with "laporkan nilainya";
- bands without holes (IP ASN 60,5); WTP-DPP meets a WTP target;
- every judgement's reason is printed; a shared row names the OPD whose part decides;
- hampir tercapai needs ≥ 91 % and last year's target reached; unverified values never count.
"""

import html
import io
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.cache import cache as django_cache
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.choices import Role
from core import cache
from core.formatting import ACHIEVEMENT_SYMBOLS
from indicators.models import Indicator
from monev import workflow
from monev.choices import Status
from monev.models import Realisation
from pmprb import workflow as pmprb_workflow
from tests import factories

MET, NEARLY, NOT_MET = "tercapai", "hampir tercapai", "belum tercapai"
UNJUDGEABLE, NO_DATA, NO_TARGET = "tidak dapat dinilai", "belum ada data", "tanpa target"
CODES = {
    MET: "met",
    NEARLY: "nearly",
    NOT_MET: "not_met",
    UNJUDGEABLE: "unjudgeable",
    NO_DATA: "no_data",
    NO_TARGET: "no_target",
}
ST, T, SD, R, SR = "Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"


@dataclass(frozen=True)
class Expect:
    status: str
    capaian: str | None = None  # as printed ("90,97 %"); None: no ratio ("—")
    predikat: str | None = None
    reason: str = ""  # a part of the printed reason


@dataclass(frozen=True)
class Case:
    name: str
    ref: str  # "1.b.4": section and order in 3.2
    opd: str
    value: str | None
    level: str | None
    expect: Expect  # the report's own judgement (indicator page)
    year: int = 2023
    verified: bool = True
    before_rule: bool = False  # verified before a straddling level had to give its number (set directly)
    row: Expect | None = None  # the row's judgement where it differs (a shared row, an unverified value)
    annual: Expect | None = None  # the recap's, the PDF's and the Excel's where they differ again


E = Expect
ASKS = "laporkan nilainya"
CASES = [
    # -- item 3: the printed capaian and its predikat, at every edge (targets 100 %, no yearly step)
    Case(
        "90,97 is Tinggi, not '91 %'",
        "1.a.3",
        "Bagian Organisasi",
        "90.97",
        None,
        E(NOT_MET, "90,97 %", T, "Realisasi 90,97 belum mencapai target 100."),
    ),
    Case("91,00 is Sangat Tinggi and hampir", "1.b.1", "BKPPD", "91", None, E(NEARLY, "91,00 %", ST, "capaian ≥ 91%")),
    Case("75,995 prints 76,00 and is Tinggi", "1.b.3", "BKPPD", "75.995", None, E(NOT_MET, "76,00 %", T)),
    Case("76 is Tinggi", "1.b.8", "BKPPD", "76", None, E(NOT_MET, "76,00 %", T)),
    Case("66 is Sedang", "1.c.3", "Bagian Organisasi", "66", None, E(NOT_MET, "66,00 %", SD)),
    Case("51 is Rendah", "1.e.1", "Inspektorat", "51", None, E(NOT_MET, "51,00 %", R)),
    Case("75,994 prints 75,99 and is Sedang", "1.e.6", "Inspektorat", "75.994", None, E(NOT_MET, "75,99 %", SD)),
    Case("50,995 prints 51,00 and is Rendah", "2.b", "Inspektorat", "50.995", None, E(NOT_MET, "51,00 %", R)),
    Case(
        "90,995 prints 91,00 Sangat Tinggi, yet more than a year behind",
        "2.d",
        "Inspektorat",
        "90.995",
        None,
        E(NOT_MET, "91,00 %", ST, "bukan hampir tercapai"),
    ),
    Case(
        "exactly the target",
        "1.e.3",
        "Inspektorat",
        "54",
        None,
        E(MET, "100,00 %", ST, "Realisasi 54 mencapai target 54."),
    ),
    Case("above the target", "1.e.2", "Inspektorat", "65", None, E(MET, "106,56 %", ST)),
    Case("inside one year's step", "1.a.5", "Bagian Organisasi", "93", None, E(NEARLY, "97,89 %", ST)),
    Case("a third of the target", "1.a.6", "Dinas Kominfo", "30", None, E(NOT_MET, "33,33 %", SR)),
    Case("zero realised", "1.b.2", "BKPPD", "0", None, E(NOT_MET, "0,00 %", SR)),
    Case("86,45 of 90 inside the step", "1.b.5", "BKPPD", "86.45", None, E(NEARLY, "96,06 %", ST)),
    Case("90,00 is Tinggi", "1.b.6", "BKPPD", "81", None, E(NOT_MET, "90,00 %", T)),
    Case("a decimal percent target met", "1.b.7", "BKPPD", "82.8", None, E(MET, "100,00 %", ST)),
    Case("a count one short", "1.b.11", "BKPPD", "12", None, E(NEARLY, "92,31 %", ST)),
    Case("four of five ZI", "1.e.8", "Inspektorat", "4", None, E(NOT_MET, "80,00 %", T)),
    Case("twice the count", "1.a.2", "Bagian Organisasi", "2", None, E(MET, "200,00 %", ST)),
    Case("90,98 is Tinggi", "3.e.2", "BKD", "75.33", None, E(NOT_MET, "90,98 %", T)),
    Case("86,45 of 95 is exactly 91,00", "1.c.5", "Dinas Kominfo", "86.45", None, E(NEARLY, "91,00 %", ST)),
    Case("65,00 is Rendah", "1.c.6", "Dinas Kominfo", "61.75", None, E(NOT_MET, "65,00 %", R)),
    Case("51,00 of a 90 target", "2.e", "Dinas Kominfo", "45.9", None, E(NOT_MET, "51,00 %", R)),
    Case("76,00 of a 90 target", "3.e.1", "Dinas Kominfo", "68.4", None, E(NOT_MET, "76,00 %", T)),
    Case("above 100 %", "2.j", "Dinas Kominfo", "100", None, E(MET, "111,11 %", ST)),
    Case("an annual 91,00 with a flat target", "1.d.2", "Bagian Organisasi", "72.8", None, E(NEARLY, "91,00 %", ST)),
    Case("SPIP score inside its step", "1.e.5", "Inspektorat", "3.45", None, E(NEARLY, "95,83 %", ST)),
    Case("e-Government index inside its step", "1.c.4", "Dinas Kominfo", "3.2", None, E(NEARLY, "91,43 %", ST)),
    Case("a slow index inside its step", "3.a", "Dinas Pendidikan", "61.5", None, E(NEARLY, "99,23 %", ST)),
    # -- item 1: a level against a number target: the whole band decides
    Case(
        "IP ASN Sedang (71–80) against 74: straddles",
        "1.b.4",
        "BKPPD",
        None,
        "Sedang",
        E(UNJUDGEABLE, None, None, ASKS),
        before_rule=True,
    ),
    Case(
        "Indeks RB BB (>70–80) against 70: wholly at or above",
        "1.d",
        "Bagian Organisasi",
        None,
        "BB",
        E(MET, None, None, "Seluruh rentang tingkat BB (>70–80) memenuhi target 70."),
    ),
    Case(
        "SAKIP A (>80–90) against 89: straddles",
        "2.c",
        "Bagian Organisasi",
        None,
        "A",
        E(UNJUDGEABLE, None, None, ASKS),
        before_rule=True,
    ),
    Case(
        "IKM A (88,31–100) against 84,5", "2.h", "Bagian Organisasi", None, "A", E(MET, None, None, "Seluruh rentang")
    ),
    Case(
        "IKM C (65–76,60) against 84,5: wholly below",
        "2.i",
        "DPMPT",
        None,
        "C",
        E(NOT_MET, None, None, "Seluruh rentang tingkat C (65–76,6) belum mencapai target 84,5."),
    ),
    Case(
        "IKM B (76,61–88,30) against 84,5: straddles",
        "1.a.1",
        "Bagian Organisasi",
        None,
        "B",
        E(UNJUDGEABLE, None, None, ASKS),
        before_rule=True,
    ),
    Case(
        "IPP B- against 4,50 on a row of three OPDs",
        "1.a.4",
        "DPMPT",
        None,
        "B-",
        E(NOT_MET, None, None, "Seluruh rentang tingkat B-"),
        row=E(NOT_MET, None, None, "DPMPT: Seluruh rentang tingkat B-"),
    ),
    # -- item 4: levels by rank; WTP-DPP is a WTP opinion
    Case(
        "WTP-DPP meets WTP (SPKN 2017)",
        "2.a",
        "Inspektorat",
        None,
        "WTP-DPP",
        E(MET, None, None, "setara WTP"),
        row=E(MET, None, None, "Inspektorat: WTP-DPP setara WTP"),
    ),
    Case(
        "APIP level 4 against Level 3",
        "1.e.4",
        "Inspektorat",
        None,
        "4",
        E(MET, None, None, "Tingkat 4 memenuhi target 3."),
    ),
    Case(
        "LPPD without a Perbup target",
        "2.f",
        "Bagian Pemerintahan",
        None,
        "Tinggi",
        E(NO_TARGET, None, None, "Perbup tidak memuat target"),
    ),
    # -- rows the judgement does not count
    Case(
        "an unverified value never counts",
        "1.c.1",
        "Bagian Organisasi",
        "90",
        None,
        E(NO_DATA, None, None, "belum diverifikasi"),
        verified=False,
        annual=E(NO_DATA, None, None, "Belum ada laporan."),
    ),
    # -- item 2: a regency-wide figure (the Pemda's flag): one verified report decides, the others share it
    Case(
        "Indeks Pemukiman: the holder's value decides, DLH co-responsible",
        "3.c",
        "Dinas Perumahan dan Kawasan Permukiman",
        "97",
        None,
        E(MET, "100,47 %", ST),
        row=E(MET, "100,47 %", ST, "Angka tingkat kabupaten: Dinas Lingkungan Hidup turut bertanggung jawab."),
    ),
    Case(
        "Indeks Kesehatan reported by Dinas Kesehatan alone",
        "3.b",
        "Dinas Kesehatan",
        "77.1",
        None,
        E(MET, "100,10 %", ST),
        row=E(MET, "100,10 %", ST, "Angka tingkat kabupaten: RSUD Bangil, RSUD Grati turut bertanggung jawab."),
    ),
    Case(
        "IKM perizinan level A by DPMPT, Kominfo co-responsible",
        "3.d",
        "DPMPT",
        None,
        "A",
        E(MET, None, None, "Seluruh rentang"),
        row=E(MET, None, None, "Dinas Kominfo turut bertanggung jawab."),
    ),
    Case(
        "a regency-wide figure below its target is not met, whoever is silent",
        "3.b",
        "Dinas Kesehatan",
        "76.5",
        None,
        E(NOT_MET, "99,38 %", ST, "bukan hampir tercapai"),
        row=E(NOT_MET, "99,38 %", ST, "RSUD Bangil, RSUD Grati turut bertanggung jawab."),
        year=2022,
    ),
    Case(
        "a row of several OPDs that is not one figure follows its weakest part",
        "1.a.4",
        "DPMPT",
        None,
        "A",
        E(MET, None, None, "Seluruh rentang tingkat A (4,51–5) memenuhi target 4."),
        row=E(NO_DATA, None, None, "RSUD Bangil: Belum ada laporan."),
        year=2022,
    ),
    # -- 2022: the same rules on another year's targets
    Case(
        "IP ASN 60,5 between '≤ 60' and '61–70' is Sangat Rendah",
        "1.b.4",
        "BKPPD",
        "60.5",
        None,
        E(NOT_MET, "82,88 %", T, "Realisasi 60,5 belum mencapai target 73."),
        year=2022,
    ),
    Case(
        "SAKIP AA (>90–100) against 85",
        "2.c",
        "Bagian Organisasi",
        None,
        "AA",
        E(MET, None, None, "Seluruh rentang"),
        year=2022,
    ),
    Case(
        "WDP does not meet WTP",
        "2.a",
        "Inspektorat",
        None,
        "WDP",
        E(NOT_MET, None, None, "Tingkat WDP di bawah target WTP."),
        row=E(NOT_MET, None, None, "Inspektorat: Tingkat WDP di bawah target WTP."),
        year=2022,
    ),
    Case(
        "Indeks RB B (>60–70) against 68: straddles",
        "1.d",
        "Bagian Organisasi",
        None,
        "B",
        E(UNJUDGEABLE, None, None, "Rentang tingkat B (>60–70) memuat nilai di atas dan di bawah target 68"),
        year=2022,
        before_rule=True,
    ),
    Case(
        "SPIP level 3 (3–<4) against Skor 3,400: straddles",
        "1.e.5",
        "Inspektorat",
        None,
        "3",
        E(UNJUDGEABLE, None, None, ASKS),
        year=2022,
        before_rule=True,
    ),
]


def indicator(ref: str) -> Indicator:
    priority, code, *order = ref.split(".")
    return Indicator.objects.select_related("focus_item", "scale").get(
        focus_item__priority__roadmap=factories.perbup_roadmap(),
        focus_item__priority__number=int(priority),
        focus_item__code=code,
        order=int(order[0]) if order else 1,
    )


def operator(opd: str):
    from accounts.models import Membership

    found = Membership.objects.filter(opd__short_name=opd, user__groups__name=Role.OPERATOR.value).first()
    return found.user if found else factories.make_user(f"op-{opd.lower().replace(' ', '-')}", Role.OPERATOR, opd)


def enter(case: Case, verifier) -> Realisation:
    """The case's report through the workflow: saved, submitted and verified as in the application."""
    row = indicator(case.ref)
    values = {"data_year": case.year} if row.is_annual else {}
    if case.value is not None:
        values["value"] = Decimal(case.value)
    if case.level is not None:
        values["level"] = row.scale.levels.get(code=case.level)
    user = operator(case.opd)
    report = factories.report(user, factories.period(case.year, 2), indicator_=row, **values)
    if case.before_rule:  # the submit rule now asks for the number: this one was verified before it
        Realisation.objects.filter(pk=report.pk).update(status=Status.VERIFIED)
        cache.bump(*cache.report_scopes(report.period_id))
        return report
    workflow.submit(user, report)
    if case.verified:
        workflow.verify(verifier, report)
    return report


@pytest.fixture
def table(verifier, evaluator):
    reports = {case.name: enter(case, verifier) for case in CASES}
    assessments = {
        year: pmprb_workflow.create_assessment(evaluator, year, version=factories.lke_2014()) for year in (2022, 2023)
    }
    django_cache.clear()
    return reports, assessments


def test_the_table_has_forty_cases_on_distinct_rows():
    assert len(CASES) >= 40
    assert len({(case.ref, case.year) for case in CASES}) == len(CASES)
    assert len({case.name for case in CASES}) == len(CASES)


# -- reading each surface -------------------------------------------------------------------------


def _row_html(page: str, marker: str) -> str:
    rows = [part for part in page.split("<tr") if marker in part]
    assert len(rows) == 1, f"{marker}: {len(rows)} rows"
    return html.unescape(rows[0])


def _html_problems(case: Case, where: str, text: str, expect: Expect) -> list[str]:
    problems = []
    css, symbol = ACHIEVEMENT_SYMBOLS.get(CODES[expect.status], ("status-empty", "?"))
    if f"{symbol} {expect.status}</span>" not in text:
        problems.append(f"status {expect.status!r}")
    if expect.capaian is not None:
        if expect.capaian not in text:
            problems.append(f"capaian {expect.capaian!r}")
        if not re.search(rf'<span class="badge status [\w-]+">{expect.predikat}</span>', text):
            problems.append(f"predikat {expect.predikat!r}")
    elif re.search(r"\d+,\d\d %", text):
        problems.append("a capaian where none has meaning")
    if expect.reason not in text:
        problems.append(f"reason {expect.reason!r}")
    return [f"{case.name} [{where}]: {problem}" for problem in problems]


def test_each_case_on_the_indicator_page(client, verifier, table):
    reports, _assessments = table
    client.force_login(verifier)
    problems = []
    for case in CASES:
        report = reports[case.name]
        page = client.get(reverse("dashboards:indicator", args=[report.indicator_id])).content.decode()
        row = _row_html(page, report.get_absolute_url())
        problems += _html_problems(case, "indicator page", row, case.expect)
        printed = case.value.replace(".", ",") if case.value is not None else None
        if printed is not None and not re.search(rf"(?<![\d,]){re.escape(printed)}(?![\d,])", row):
            problems.append(f"{case.name} [indicator page]: the value as reported, {case.value}")  # never cut
    assert not problems, "\n".join(problems)


def test_each_case_on_the_dashboard(client, verifier, table):
    reports, _assessments = table
    client.force_login(verifier)
    problems = []
    for year in (2022, 2023):
        period = factories.period(year, 2)
        page = client.get(reverse("dashboards:indicator_list"), {"periode": period.pk, "per_page": 200})
        text = page.content.decode()
        for case in (c for c in CASES if c.year == year):
            marker = f'href="{reverse("dashboards:indicator", args=[reports[case.name].indicator_id])}"'
            problems += _html_problems(case, "dashboard", _row_html(text, marker), case.row or case.expect)
    assert not problems, "\n".join(problems)


def test_each_case_in_the_annual_recap(client, verifier, table):
    reports, _assessments = table
    client.force_login(verifier)
    problems = []
    for year in (2022, 2023):
        text = client.get(reverse("dashboards:annual"), {"tahun": year}).content.decode()
        for case in (c for c in CASES if c.year == year):
            marker = f'href="{reverse("dashboards:indicator", args=[reports[case.name].indicator_id])}"'
            expect = case.annual or case.row or case.expect
            problems += _html_problems(case, "recap", _row_html(text, marker), expect)
    assert not problems, "\n".join(problems)


def _squeezed(text: str) -> str:
    """Text without whitespace: a PDF cell wraps its words (and '2023/SII') where its column ends."""
    return re.sub(r"\s+", "", text)


def test_each_case_in_the_pdf_report(client, evaluator, table):
    reports, assessments = table
    client.force_login(evaluator)
    problems = []
    for year, assessment in assessments.items():
        response = client.get(reverse("dashboards:report_pdf", args=[assessment.pk]))
        text = _squeezed(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages))
        table_text = text[text.index(_squeezed("Capaian indikator road map")) :]
        ordered = list(
            Indicator.objects.in_roadmap(factories.perbup_roadmap().pk).select_related("focus_item__priority")
        )
        keys = [_squeezed(f"{row.focus_item.section_code}{row.name}") for row in ordered]
        starts = [table_text.index(key) for key in keys]
        assert starts == sorted(starts)  # one line per indicator, in the order of 3.2
        for case in (c for c in CASES if c.year == year):
            position = next(i for i, row in enumerate(ordered) if row.pk == reports[case.name].indicator_id)
            end = starts[position + 1] if position + 1 < len(starts) else len(table_text)
            line = table_text[starts[position] : end]
            expect = case.annual or case.row or case.expect
            printed = _squeezed(f"{expect.capaian or '—'}{expect.predikat or '—'}{expect.status}")
            if printed not in line:
                problems.append(f"{case.name} [pdf]: {printed!r} not in {line!r}")
            if _squeezed(expect.reason) not in line:
                problems.append(f"{case.name} [pdf]: reason {expect.reason!r} not in {line!r}")
    assert not problems, "\n".join(problems)


def test_each_case_in_the_excel_report(client, evaluator, table):
    reports, assessments = table
    client.force_login(evaluator)
    problems = []
    for year, assessment in assessments.items():
        content = client.get(reverse("dashboards:report_xlsx", args=[assessment.pk])).content
        sheet = load_workbook(io.BytesIO(content))["Indikator"]
        header = [cell.value for cell in sheet[1]]
        column = {name: header.index(name) for name in ("Indikator", "Capaian (%)", "Predikat", "Status", "Catatan")}
        rows = {(r[0].value, r[column["Indikator"]].value): r for r in sheet.iter_rows(min_row=2)}
        for case in (c for c in CASES if c.year == year):
            row = Indicator.objects.select_related("focus_item__priority").get(pk=reports[case.name].indicator_id)
            cells = rows[(row.focus_item.section_code, row.name)]
            expect = case.annual or case.row or case.expect
            capaian = cells[column["Capaian (%)"]]
            wanted = None if expect.capaian is None else float(expect.capaian.removesuffix(" %").replace(",", "."))
            got = (capaian.value, cells[column["Predikat"]].value, cells[column["Status"]].value)
            if got != (wanted, expect.predikat or "—", expect.status):
                problems.append(f"{case.name} [excel]: {got}")
            if wanted is not None and capaian.number_format != "#,##0.00":
                problems.append(f"{case.name} [excel]: capaian format {capaian.number_format!r}")
            if expect.reason not in (cells[column["Catatan"]].value or ""):
                problems.append(f"{case.name} [excel]: reason {cells[column['Catatan']].value!r}")
    assert not problems, "\n".join(problems)
