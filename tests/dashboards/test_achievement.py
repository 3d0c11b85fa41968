"""The status rule, capaian and predikat on realistic cases of every target format in the fixtures.

The case table reads the targets as the dashboards do (indicators.targets.all_targets: with each year's
planned step), so "hampir" is tested with the Perbup's real numbers.
"""

from decimal import Decimal

import pytest

from accounts.choices import Role
from dashboards import results as dashboard
from dashboards import rows
from indicators.achievement import (
    Achievement,
    Judgement,
    Measured,
    Predikat,
    activity_status,
    capaian,
    indicator_status,
    judge_activity,
    judge_indicator,
    predikat,
    worst,
)
from indicators.models import Direction, Indicator, Target
from indicators.targets import all_targets, scale_levels
from monev import workflow
from tests import factories

MET, NEARLY, NOT_MET, NO_DATA, NO_TARGET, AWAITING, UNJUDGEABLE = (
    Achievement.MET,
    Achievement.NEARLY,
    Achievement.NOT_MET,
    Achievement.NO_DATA,
    Achievement.NO_TARGET,
    Achievement.AWAITING,
    Achievement.UNJUDGEABLE,
)
HIGHER, LOWER = Direction.HIGHER, Direction.LOWER


def row(reference: str) -> Indicator:
    """'2.c' or '1.b.4': section (and order) as printed in 3.2."""
    priority, code, *order = reference.split(".")
    return Indicator.objects.get(
        focus_item__priority__number=int(priority), focus_item__code=code, order=int(order[0]) if order else 1
    )


def judge(reference: str, year: int, value=None, level: str | None = None, direction=None) -> Judgement:
    indicator = row(reference)
    lookups = rows.Lookups.load()
    target = all_targets(indicator.focus_item.priority.roadmap_id, lookups.levels)[indicator.pk][year]
    levels = scale_levels(lookups.levels, indicator.scale_id)
    found = next((x for x in levels if x.code == level), None) if level else None
    measured = Measured(
        value=None if value is None else Decimal(str(value)),
        rank=found.rank if found else None,
        level=found,
        verified=True,
    )
    return judge_indicator(target, measured, direction or indicator.direction, levels=levels, step=target.step)


# (case, indicator, year, value, level, direction, status, capaian % rounded to 1 place or None)
CASES = [
    # value-only: IKM "82,5" (2019), planned step to 2020: 0,5
    ("IKM exactly the target", "1.a.1", 2019, "82.5", None, None, MET, "100.0"),
    ("IKM within one year's step", "1.a.1", 2019, "82", None, None, NEARLY, "99.4"),
    ("IKM 99 % but more than a year behind", "1.a.1", 2019, "81.9", None, None, NOT_MET, "99.3"),
    ("IKM far below", "1.a.1", 2019, "70", None, None, NOT_MET, "84.8"),
    # slow index: Indeks Kesehatan rises 0,04 a year to 77,02 (2023)
    ("slow index 73,2 against 77,02 is not hampir", "3.b", 2023, "73.2", None, None, NOT_MET, "95.0"),
    ("slow index one step short", "3.b", 2023, "77", None, None, NEARLY, "100.0"),
    ("slow index met", "3.b", 2023, "77.02", None, None, MET, "100.0"),
    ("Indeks Pendidikan inside its first step", "3.a", 2019, "57.5", None, None, NEARLY, "98.9"),
    # percentages
    ("TPP above 62,8%", "1.b.7", 2019, "63", None, None, MET, "100.3"),
    ("TPP inside the 5-point step", "1.b.7", 2019, "60", None, None, NEARLY, "95.5"),
    ("TPP far below", "1.b.7", 2019, "50", None, None, NOT_MET, "79.6"),
    ("flat 100% target: only the 91 % rule", "1.b.1", 2020, "95", None, None, NEARLY, "95.0"),
    ("flat 100% target at 90 %", "1.b.1", 2020, "90", None, None, NOT_MET, "90.0"),
    # counts
    ("ZI 5 OPD met", "1.e.8", 2023, "5", None, None, MET, "100.0"),
    ("ZI 4 of 5 OPD", "1.e.8", 2023, "4", None, None, NOT_MET, "80.0"),
    ("no innovation of the one planned", "1.a.2", 2019, "0", None, None, NOT_MET, "0.0"),
    ("zero target: met, no ratio", "1.b.10", 2019, "0", None, None, MET, None),
    # number with a level in brackets: the number decides
    ("SAKIP 80 against 81 (BB): one step short", "2.c", 2021, "80", None, None, NEARLY, "98.8"),
    ("SAKIP level BB against 81 (BB): every BB is ≤ 80", "2.c", 2021, None, "BB", None, NOT_MET, None),
    ("SAKIP level A against 81: A (>80–90) straddles it", "2.c", 2021, None, "A", None, UNJUDGEABLE, None),
    ("SAKIP level AA against 81: every AA is above 90", "2.c", 2021, None, "AA", None, MET, None),
    ("Indeks RB 68 against 68 (BB): the number meets it", "1.d", 2022, "68", None, None, MET, "100.0"),
    ("Indeks RB level BB against 68: every BB is above 70", "1.d", 2022, None, "BB", None, MET, None),
    ("Indeks RB level B against 68: B reaches 70, straddles", "1.d", 2022, None, "B", None, UNJUDGEABLE, None),
    ("Indeks RB level CC against 68: every CC is ≤ 60", "1.d", 2022, None, "CC", None, NOT_MET, None),
    ("e-Government Cukup (1,8–<2,6) against 2,40 straddles", "1.c.4", 2019, None, "Cukup", None, UNJUDGEABLE, None),
    ("e-Government 2,40 meets 2,40 (Kurang)", "1.c.4", 2019, "2.4", None, None, MET, "100.0"),
    ("Indeks Pelayanan Publik 3,6 against 3,5 (B)", "1.a.4", 2019, "3.6", None, None, MET, "102.9"),
    ("SPIP score 3,0 against Skor 3,600", "1.e.5", 2023, "3.0", None, None, NOT_MET, "83.3"),
    # IKM and IP ASN reported as a level only: never "belum ada data"
    ("IKM level A against 82,5", "2.h", 2019, None, "A", None, MET, None),
    ("IKM level B against 82,5: B (76,61–88,30) straddles", "2.h", 2019, None, "B", None, UNJUDGEABLE, None),
    ("IKM level C against 82,5: C ends below 76,61", "2.h", 2019, None, "C", None, NOT_MET, None),
    ("IP ASN Sedang (71–80) against 70", "1.b.4", 2019, None, "Sedang", None, MET, None),
    ("IP ASN Rendah (61–70) against 70: 70 would meet it", "1.b.4", 2019, None, "Rendah", None, UNJUDGEABLE, None),
    ("IP ASN Rendah against 74: every Rendah is below 71", "1.b.4", 2023, None, "Rendah", None, NOT_MET, None),
    ("IP ASN Sedang (71–80) against 74 straddles", "1.b.4", 2023, None, "Sedang", None, UNJUDGEABLE, None),
    ("IP ASN 60,5 (between ≤60 and 61) is Sangat Rendah", "1.b.4", 2023, "60.5", None, None, NOT_MET, "81.8"),
    # level-only targets: met or not by rank, no hampir, no capaian
    ("opini WTP", "2.a", 2019, None, "WTP", None, MET, None),
    ("opini WTP-DPP is a WTP opinion (SPKN 2017)", "2.a", 2019, None, "WTP-DPP", None, MET, None),
    ("opini WDP is not WTP", "2.a", 2019, None, "WDP", None, NOT_MET, None),
    ("APIP level 4 against Level 3", "1.e.4", 2019, None, "4", None, MET, None),
    ("APIP level 2", "1.e.4", 2019, None, "2", None, NOT_MET, None),
    ("APIP reported as the number 3", "1.e.4", 2019, "3", None, None, MET, None),
    ("LPPD Sangat Tinggi", "2.f", 2019, None, "Sangat Tinggi", None, MET, None),
    ("LPPD Sedang", "2.f", 2019, None, "Sedang", None, NOT_MET, None),
    # lower-is-better (the formula on a percentage row read the other way)
    ("lower-is-better below the target", "1.b.7", 2019, "60", None, LOWER, MET, "104.5"),
    ("lower-is-better inside one step", "1.b.7", 2019, "65", None, LOWER, NEARLY, "96.5"),
    ("lower-is-better far above", "1.b.7", 2019, "80", None, LOWER, NOT_MET, "72.6"),
]


@pytest.mark.parametrize(
    ("indicator", "year", "value", "level", "direction", "status", "expected_capaian"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_rule_on_every_target_format(indicator, year, value, level, direction, status, expected_capaian):
    judgement = judge(indicator, year, value, level, direction)
    assert judgement.status == status
    assert judgement.note  # every judgement says why
    if status == UNJUDGEABLE:
        assert "laporkan nilainya" in judgement.note
    got = None if judgement.capaian is None else str(judgement.capaian.quantize(Decimal("0.1")))
    assert got == expected_capaian


@pytest.mark.parametrize(
    ("semester", "progress", "status", "expected_capaian"),
    [
        (1, 50, MET, "100.0"),  # plan 50 % by June
        (1, 46, NEARLY, "92.0"),
        (1, 30, NOT_MET, "60.0"),
        (2, 100, MET, "100.0"),  # plan 100 % by December
        (2, 96, NEARLY, "96.0"),
        (2, 50, NOT_MET, "50.0"),
    ],
)
def test_kegiatan_are_judged_against_the_plan_for_the_semester(semester, progress, status, expected_capaian):
    planned = Decimal(50) if semester == 1 else Decimal(100)
    judgement = judge_activity(Decimal(progress), True, planned)
    assert (judgement.status, str(judgement.capaian.quantize(Decimal("0.1")))) == (status, expected_capaian)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", Predikat.SANGAT_TINGGI),
        ("91", Predikat.SANGAT_TINGGI),
        ("90.9", Predikat.TINGGI),
        ("76", Predikat.TINGGI),
        ("75.9", Predikat.SEDANG),
        ("66", Predikat.SEDANG),
        ("65.5", Predikat.RENDAH),
        ("51", Predikat.RENDAH),
        ("50.9", Predikat.SANGAT_RENDAH),
        ("0", Predikat.SANGAT_RENDAH),
    ],
)
def test_predikat_follows_permendagri_86_2017(value, expected):
    assert predikat(Decimal(value)) == expected


def test_capaian_formulas():
    assert capaian(Decimal(80), Decimal(100)) == Decimal(80)
    assert capaian(Decimal(80), Decimal(100), LOWER) == Decimal(120)  # (2 × 100 − 80) ÷ 100
    assert capaian(Decimal(5), Decimal(0)) is None
    assert predikat(None) is None


def test_an_empty_target_is_neither_met_nor_missed():
    lppd_2021 = Target.objects.select_related("level").get(indicator=row("2.f"), year=2021)
    assert indicator_status(lppd_2021, Measured(rank=4, verified=True)) == NO_TARGET
    assert indicator_status(None, Measured(value=Decimal(100), verified=True)) == NO_TARGET


def test_unverified_realisations_never_count():
    tppd = Target.objects.get(indicator=row("1.b.7"), year=2019)
    assert indicator_status(tppd, Measured(value=Decimal(99), verified=False)) == NO_DATA
    assert indicator_status(tppd, None) == NO_DATA
    assert indicator_status(tppd, None, awaiting=True) == AWAITING
    assert activity_status(Decimal(100), verified=False) == NO_DATA


def test_every_target_in_the_fixtures_is_met_by_its_own_value():
    for stored in Target.objects.select_related("level", "indicator"):
        measured = Measured(
            value=stored.value if stored.value is not None else None,
            rank=stored.level.rank if stored.level else None,
            level=stored.level,
            verified=True,
        )
        status = indicator_status(stored, measured)
        assert status == (NO_TARGET if stored.raw_text is None else MET), (stored.indicator.name, stored.raw_text)


def test_shared_rows_follow_their_weakest_part():
    assert worst([MET, NOT_MET]) == NOT_MET
    assert worst([MET, NO_DATA]) == NO_DATA
    assert worst([MET, AWAITING]) == AWAITING
    assert worst([MET, NEARLY]) == NEARLY
    assert worst([MET, MET]) == MET


# -- annual results through the dashboards ------------------------------------------------------


@pytest.fixture
def organisasi():
    return factories.make_user("operator_organisasi", Role.OPERATOR, "Bagian Organisasi")


def verified_report(user, verifier, period, indicator, **values):
    report = factories.report(user, period, indicator_=indicator, submit=True, **values)
    workflow.verify(verifier, report)
    return report


def sakip_row(period):
    return next(r for r in dashboard.period_results(period).indicator_rows if r.row.pk == row("2.c").pk)


def test_an_annual_indicator_in_semester_one_awaits_its_result(organisasi, verifier):
    first, second = factories.period(2022, 1), factories.period(2022, 2)
    assert sakip_row(first).status == AWAITING
    assert sakip_row(second).status == NO_DATA
    tppd = next(r for r in dashboard.period_results(first).indicator_rows if r.row.pk == row("1.b.7").pk)
    assert tppd.status == NO_DATA  # a semesteran indicator is due every semester


def test_an_annual_result_is_compared_with_its_data_years_target(organisasi, verifier):
    period = factories.period(2022, 1)
    # SAKIP 2021 (published in 2022): 80 against 2021's 81 (BB) is one step short, against 2022's 85 (A) it
    # would be more than a year behind
    verified_report(organisasi, verifier, period, row("2.c"), value=Decimal(80), data_year=2021)
    result = sakip_row(period)
    assert result.status == NEARLY and result.capaian.quantize(Decimal("0.1")) == Decimal("98.8")
    assert result.predikat_label == "Sangat Tinggi"
    assert result.parts[0].assigned  # Bagian Organisasi reports SAKIP by the Pemda's assignment


def test_one_report_is_the_result_of_a_regency_fact_the_pemda_gave_to_several_opds():
    from indicators.achievement import row_judgement

    met, missing = Judgement(MET), Judgement(NO_DATA)
    assert row_judgement([met, missing], shared_fact=True).status == MET  # opini BPK: BKD silent, Inspektorat WTP
    assert row_judgement([met, missing]).status == NO_DATA  # three OPDs, three indices: each must report
    assert row_judgement([missing, missing], shared_fact=True).status == NO_DATA
    assert row_judgement([met, Judgement(NOT_MET)], shared_fact=True).status == NOT_MET


@pytest.mark.parametrize(
    ("value", "printed", "expected"),
    [
        ("90.97", "90,97 %", Predikat.TINGGI),
        ("91", "91,00 %", Predikat.SANGAT_TINGGI),
        ("90.995", "91,00 %", Predikat.SANGAT_TINGGI),
        ("90.994", "90,99 %", Predikat.TINGGI),
        ("75.995", "76,00 %", Predikat.TINGGI),
        ("75.994", "75,99 %", Predikat.SEDANG),
        ("76", "76,00 %", Predikat.TINGGI),
        ("66", "66,00 %", Predikat.SEDANG),
        ("65.99", "65,99 %", Predikat.RENDAH),
        ("51", "51,00 %", Predikat.RENDAH),
        ("50.995", "51,00 %", Predikat.RENDAH),
        ("50.994", "50,99 %", Predikat.SANGAT_RENDAH),
    ],
)
def test_the_predikat_is_classified_on_the_printed_capaian(value, printed, expected):
    from core.formatting import capaian_text

    judgement = judge_indicator(Target(raw_text="100", value=Decimal(100)), Measured(Decimal(value), verified=True))
    assert (capaian_text(judgement.capaian), judgement.predikat) == (printed, expected)


def test_wtp_dpp_meets_a_wtp_target_but_keeps_its_own_pmprb_score(evaluator):
    from pmprb import workflow as pmprb_workflow
    from pmprb.models import HasilIndicator
    from pmprb.scoring import score

    assert judge("2.a", 2019, level="WTP-DPP").status == MET
    assessment = pmprb_workflow.create_assessment(evaluator, 2023, version=factories.lke_2014())
    opinion = HasilIndicator.objects.get(component__version=assessment.version, code="opini_bpk")
    pmprb_workflow.set_hasil(evaluator, assessment, opinion, level=opinion.levels.get(code="WTP-DPP"))
    scores = {item.code: item.value for node in score(assessment).nodes for item in node.hasil}
    assert scores["opini_bpk"] == Decimal("2.5")  # the worksheet's own answer, not WTP's 3
