"""The status rule: is a target met, and what is its capaian? Explained to users in _rule.html.

- Only a *verified* realisation counts. An unverified value is shown as such, never as achieved.
- **Capaian (%)** = realisasi ÷ target × 100; lower-is-better (2 × target − realisasi) ÷ target × 100
  (DOMAIN.md "Capaian"). Its **predikat** follows Permendagri 86/2017 (PREDIKAT_BANDS).
- A number target compares by number, also when the Perbup adds a level in brackets ("81 (BB)").
  A report of a level only is judged by the level's whole band (its gaps closed, Scale.upper_edge):
  wholly at or above the target, met (AA, > 90, meets 81); wholly below, not met (BB, ≤ 80, against
  81); a band that straddles the target (A, > 80–90, against 81) is *tidak dapat dinilai*: laporkan
  nilainya.
- A level-only target ("WTP", "Level 3", "Sangat tinggi") is met or not by rank, never by label;
  a number on a banded scale is turned into its level first, an APIP level number into its level. A
  level that counts as another (WTP-DPP as WTP, ScaleLevel.counts_as) is compared by that one's rank.
- Every judgement carries its reason (`note`), which every page, the PDF and the Excel print.
- *Hampir tercapai* (numbers only; ordinal targets are met or not): capaian ≥ 91 % (predikat
  Sangat Tinggi) **and** the shortfall is at most one year's planned step of the Perbup's target
  (the realisation reaches at least last year's target). Slow indices move a few hundredths a year:
  73,2 against 77,02 is 95 % but forty years of the plan behind, so not *hampir*. Where the target
  does not move (100 % every year) only the 91 % applies.
- A target the Perbup leaves empty cannot be met or missed: *tanpa target*.
- A row several OPDs report follows its weakest part; where the Pemda (not the Perbup) charged
  several OPDs with one regency-wide result, one verified report is the result (row_judgement).
- A kegiatan is judged against its planned progress for the semester (default 50 % by June,
  100 % by December): capaian = progres ÷ rencana × 100, *hampir* at ≥ 91 %.
- An annual (tahunan) indicator without a verified result in Semester I is *menunggu hasil
  tahunan*; a result is compared with the target of its data year (tahun data).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.formatting import CAPAIAN_PLACES, decimal_text, rounded
from indicators.models import Direction, Scale, ScaleLevel
from indicators.targets import all_targets, scale_levels

HUNDRED = Decimal(100)
NEARLY_CAPAIAN = Decimal(91)  # Permendagri 86/2017's "Sangat Tinggi"


class Achievement(models.TextChoices):
    MET = "met", _("tercapai")
    NEARLY = "nearly", _("hampir tercapai")
    NOT_MET = "not_met", _("belum tercapai")
    UNJUDGEABLE = "unjudgeable", _("tidak dapat dinilai")
    AWAITING = "awaiting", _("menunggu hasil tahunan")
    NO_DATA = "no_data", _("belum ada data")
    NO_TARGET = "no_target", _("tanpa target")


# Worst first: the order in which parts of a shared row decide the row's status.
SEVERITY = [
    Achievement.NOT_MET,
    Achievement.NO_DATA,
    Achievement.UNJUDGEABLE,
    Achievement.AWAITING,
    Achievement.NEARLY,
    Achievement.MET,
    Achievement.NO_TARGET,
]


class Predikat(models.TextChoices):
    """Predikat of a capaian, Permendagri 86/2017 (evaluation of RPJMD/Renstra/RKPD)."""

    SANGAT_TINGGI = "sangat_tinggi", _("Sangat Tinggi")
    TINGGI = "tinggi", _("Tinggi")
    SEDANG = "sedang", _("Sedang")
    RENDAH = "rendah", _("Rendah")
    SANGAT_RENDAH = "sangat_rendah", _("Sangat Rendah")


# (lowest capaian, predikat), best first. The regulation prints whole numbers (76–90, 66–75 ...);
# a capaian between two of them (90,5) takes the lower predikat, as it has not reached the next one.
# The capaian classified is the printed one (two decimals, `capaian`): 90,97 % is Tinggi and 90,995 %
# prints and classifies as 91,00 % Sangat Tinggi, so a number never contradicts the band beside it.
PREDIKAT_BANDS = [
    (Decimal(91), Predikat.SANGAT_TINGGI),
    (Decimal(76), Predikat.TINGGI),
    (Decimal(66), Predikat.SEDANG),
    (Decimal(51), Predikat.RENDAH),
]


def predikat(capaian: Decimal | None) -> str | None:
    if capaian is None:
        return None
    for lowest, name in PREDIKAT_BANDS:
        if capaian >= lowest:
            return name
    return Predikat.SANGAT_RENDAH


@dataclass(frozen=True)
class Measured:
    """What was reported: a number and/or a scale level, and whether it is verified."""

    value: Decimal | None = None
    rank: int | None = None
    verified: bool = False
    level: ScaleLevel | None = None


@dataclass(frozen=True)
class Judgement:
    """A status with its capaian (percent, None where it has no meaning) and a short reason."""

    status: str
    capaian: Decimal | None = None
    note: str = ""

    @property
    def predikat(self) -> str | None:
        return predikat(self.capaian)

    @property
    def predikat_label(self) -> str:
        return str(Predikat(self.predikat).label) if self.predikat else ""


def capaian(value: Decimal, target: Decimal, direction: str = Direction.HIGHER) -> Decimal | None:
    """Percent of the target achieved, rounded as it is printed (two decimals, half up: LKjIP practice),
    so predikat and *hampir* are decided on the number the reader sees; None for a zero target."""
    if target == 0:
        return None
    if direction == Direction.LOWER:
        return rounded((2 * target - value) / target * HUNDRED, CAPAIAN_PLACES)
    return rounded(value / target * HUNDRED, CAPAIAN_PLACES)


def judge_indicator(
    target,
    measured: Measured | None,
    direction: str = Direction.HIGHER,
    *,
    levels: list[ScaleLevel] | None = None,
    step: Decimal | None = None,
    awaiting: bool = False,
) -> Judgement:
    """`target`: anything with raw_text, value and level_rank (a Target or a TargetView); `levels`: the
    indicator's scale; `step`: one year's planned change of the target; `awaiting`: an annual
    indicator in Semester I, whose missing result is not yet due."""
    if target is None or target.raw_text is None:
        return Judgement(Achievement.NO_TARGET, note=_text("Perbup tidak memuat target untuk tahun ini."))
    if measured is None or not measured.verified:
        if awaiting:
            return Judgement(Achievement.AWAITING, note=_text("Hasil tahunan belum terbit; belum dapat dinilai."))
        if measured is None:
            return Judgement(Achievement.NO_DATA, note=_text("Belum ada laporan."))
        return Judgement(Achievement.NO_DATA, note=_text("Nilai belum diverifikasi; belum dihitung."))
    levels = levels or []
    if target.value is not None:
        if measured.value is not None:
            return _judge_number(measured.value, target.value, direction, step)
        if measured.level is not None and measured.level.has_band:
            return _judge_band(measured.level, target.value, direction, levels)
    target_rank = target.level_rank
    if target_rank is not None:
        return _judge_rank(measured, target, levels)
    return Judgement(
        Achievement.UNJUDGEABLE, note=_text("Nilai yang dilaporkan tidak dapat dibandingkan dengan target.")
    )


def indicator_status(target, measured: Measured | None, direction: str = Direction.HIGHER, **kwargs) -> str:
    return judge_indicator(target, measured, direction, **kwargs).status


def judge_activity(progress: Decimal | None, verified: bool, planned: Decimal = HUNDRED) -> Judgement:
    """A kegiatan against its planned progress for the semester."""
    if progress is None:
        return Judgement(Achievement.NO_DATA, note=_text("Belum ada laporan."))
    if not verified:
        return Judgement(Achievement.NO_DATA, note=_text("Progres belum diverifikasi; belum dihitung."))
    words = {"progress": decimal_text(progress), "planned": decimal_text(planned)}
    if planned <= 0:
        return Judgement(Achievement.MET, note=_text("Tidak ada rencana progres untuk semester ini."))
    ratio = rounded(progress / planned * HUNDRED, CAPAIAN_PLACES)
    if progress >= planned:
        return Judgement(
            Achievement.MET, ratio, _text("Progres %(progress)s%% mencapai rencana %(planned)s%%.", **words)
        )
    status = Achievement.NEARLY if ratio >= NEARLY_CAPAIAN else Achievement.NOT_MET
    return Judgement(status, ratio, _text("Progres %(progress)s%% dari rencana %(planned)s%%.", **words))


def activity_status(progress: Decimal | None, verified: bool, planned: Decimal = HUNDRED) -> str:
    return judge_activity(progress, verified, planned).status


def worst(statuses: list[str]) -> str:
    """Status of a row several OPDs report on: the least achieved part decides."""
    if not statuses:
        return Achievement.NO_DATA
    return min(statuses, key=SEVERITY.index)


def worst_judgement(judgements: list[Judgement]) -> Judgement:
    """The part that decides a shared row: the worst status, and among equals the lowest capaian."""
    if not judgements:
        return Judgement(Achievement.NO_DATA)
    return min(judgements, key=lambda j: (SEVERITY.index(j.status), j.capaian if j.capaian is not None else HUNDRED))


def row_judgement(judgements: list[Judgement], *, shared_fact: bool = False) -> Judgement:
    """The judgement of a row from its parts. Normally the weakest part decides (three OPDs, three
    indices). `shared_fact`: the parts are OPDs the Pemda charged with one regency-wide result (opini
    BPK: BKD and Inspektorat), so one verified report is the result and a co-holder's silence is not."""
    if shared_fact:
        reported = [j for j in judgements if j.status not in (Achievement.NO_DATA, Achievement.AWAITING)]
        if reported:
            return worst_judgement(reported)
    return worst_judgement(judgements)


def _text(message: str, **values) -> str:
    """A reason in the interface language, its numbers with decimal commas."""
    return str(_(message)) % values if values else str(_(message))


def _judge_number(value: Decimal, target: Decimal, direction: str, step: Decimal | None) -> Judgement:
    ratio = capaian(value, target, direction)
    numbers = {"value": decimal_text(value), "target": decimal_text(target)}
    met = value <= target if direction == Direction.LOWER else value >= target
    if met:
        if direction == Direction.LOWER:
            return Judgement(
                Achievement.MET, ratio, _text("Realisasi %(value)s tidak melebihi target %(target)s.", **numbers)
            )
        return Judgement(Achievement.MET, ratio, _text("Realisasi %(value)s mencapai target %(target)s.", **numbers))
    shortfall = abs(value - target)
    within_step = not step or shortfall <= step  # no step: the target does not move
    if ratio is not None and ratio >= NEARLY_CAPAIAN and within_step:
        reason = (
            "Belum mencapai target %(target)s, tetapi capaian ≥ 91%% dan realisasi %(value)s mencapai target "
            "tahun sebelumnya."
            if step
            else "Belum mencapai target %(target)s, tetapi capaian ≥ 91%%."
        )
        return Judgement(Achievement.NEARLY, ratio, _text(reason, **numbers))
    if ratio is not None and ratio >= NEARLY_CAPAIAN:
        return Judgement(
            Achievement.NOT_MET,
            ratio,
            _text(
                "Realisasi %(value)s belum mencapai target %(target)s; kurangnya lebih dari kenaikan target satu "
                "tahun, jadi bukan hampir tercapai.",
                **numbers,
            ),
        )
    return Judgement(
        Achievement.NOT_MET, ratio, _text("Realisasi %(value)s belum mencapai target %(target)s.", **numbers)
    )


def _judge_band(level: ScaleLevel, target: Decimal, direction: str, levels: list[ScaleLevel]) -> Judgement:
    """A level reported without its number, against a number target: the level's whole band decides."""
    words = {"level": level.code, "band": level.band_text(), "target": decimal_text(target)}
    low, low_reached = level.lower_bound, level.lower_inclusive
    high = Scale.upper_edge(level, levels or [level])
    if direction == Direction.LOWER:
        met = high is not None and high[0] <= target
        missed = low is not None and (low > target or (low == target and not low_reached))
    else:
        met = low is not None and low >= target
        missed = high is not None and (high[0] < target or (high[0] == target and not high[1]))
    if met:
        return Judgement(
            Achievement.MET,
            note=_text("Seluruh rentang tingkat %(level)s (%(band)s) memenuhi target %(target)s.", **words),
        )
    if missed:
        return Judgement(
            Achievement.NOT_MET,
            note=_text("Seluruh rentang tingkat %(level)s (%(band)s) belum mencapai target %(target)s.", **words),
        )
    return Judgement(
        Achievement.UNJUDGEABLE,
        note=_text(
            "Rentang tingkat %(level)s (%(band)s) memuat nilai di atas dan di bawah target %(target)s; laporkan "
            "nilainya.",
            **words,
        ),
    )


def _judge_rank(measured: Measured, target, levels: list[ScaleLevel]) -> Judgement:
    """A level target ("WTP", "Level 3"): met or not by rank; a number is turned into its level first."""
    level = measured.level
    if level is None and measured.value is not None:
        level = _level_of_value(measured.value, levels)
    rank = level.rank if level is not None else measured.rank
    if rank is None:
        return Judgement(
            Achievement.UNJUDGEABLE, note=_text("Nilai yang dilaporkan tidak dapat dibandingkan dengan target.")
        )
    wanted = target.level.code if getattr(target, "level", None) is not None else target.raw_text
    words = {"level": level.code if level is not None else str(rank), "target": wanted}
    counted = _counted_as(level, levels)
    if counted is not None and counted.rank >= target.level_rank > rank:
        words.update(counted=counted.code, basis=level.counts_as_basis or "")
        return Judgement(
            Achievement.MET,
            note=_text("%(level)s setara %(counted)s dalam memenuhi target %(target)s (%(basis)s).", **words),
        )
    if rank >= target.level_rank:
        return Judgement(Achievement.MET, note=_text("Tingkat %(level)s memenuhi target %(target)s.", **words))
    return Judgement(Achievement.NOT_MET, note=_text("Tingkat %(level)s di bawah target %(target)s.", **words))


def _counted_as(level: ScaleLevel | None, levels: list[ScaleLevel]) -> ScaleLevel | None:
    """The level `level` counts as against a target (WTP-DPP: WTP), from the loaded scale, else None."""
    if level is None or level.counts_as_id is None:
        return None
    return next((other for other in levels if other.pk == level.counts_as_id), None) or level.counts_as


def _level_of_value(value: Decimal, levels: list[ScaleLevel]) -> ScaleLevel | None:
    """The level a number stands for: its band on a banded scale, else a level numbered like it (APIP 3)."""
    if not levels:
        return None
    if Scale.has_bands(levels):
        return Scale.level_for(value, levels)
    if value == value.to_integral_value():
        return next((level for level in levels if level.code == str(int(value))), None)
    return None


def judge_realisations(indicator, realisations: list, *, as_verified: bool = False) -> None:
    """Give each report (model instances, with level and period loaded) its judgement against its
    data year's target, as `judgement`. `as_verified`: judge an unverified report as if it were
    verified (what the verifier's click will mean), never counted anywhere."""
    levels = ScaleLevel.objects.in_bulk()
    by_year = all_targets(indicator.focus_item.priority.roadmap_id, levels).get(indicator.pk, {})
    indicator_levels = scale_levels(levels, indicator.scale_id)
    for realisation in realisations:
        target = by_year.get(realisation.target_year)
        level = levels.get(realisation.level_id)
        measured = Measured(
            value=realisation.value,
            rank=level.rank if level else None,
            verified=as_verified or realisation.is_verified,
            level=level,
        )
        step = target.step if target is not None else None
        realisation.judgement = judge_indicator(
            target, measured, indicator.direction, levels=indicator_levels, step=step
        )
