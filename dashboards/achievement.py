"""The status rule: is a target met, and what is its capaian? Explained to users in _rule.html.

- Only a *verified* realisation counts. An unverified value is shown as such, never as achieved.
- **Capaian (%)** = realisasi ÷ target × 100; lower-is-better (2 × target − realisasi) ÷ target × 100
  (DOMAIN.md "Capaian"). Its **predikat** follows Permendagri 86/2017 (PREDIKAT_BANDS).
- A number target compares by number, also when the Perbup adds a level in brackets ("81 (BB)").
  A report of a level only meets it when the level's whole band does (BB, ≤ 80, never meets 81);
  a band that straddles the target proves nothing and is *belum tercapai* until the number is given.
- A level-only target ("WTP", "Level 3", "Sangat tinggi") is met or not by rank, never by label;
  a number on a banded scale is turned into its level first, an APIP level number into its level.
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

from core.formatting import CAPAIAN_PLACES, rounded
from indicators.models import Direction, Scale, ScaleLevel

HUNDRED = Decimal(100)
NEARLY_CAPAIAN = Decimal(91)  # Permendagri 86/2017's "Sangat Tinggi"


class Achievement(models.TextChoices):
    MET = "met", _("tercapai")
    NEARLY = "nearly", _("hampir tercapai")
    NOT_MET = "not_met", _("belum tercapai")
    AWAITING = "awaiting", _("menunggu hasil tahunan")
    NO_DATA = "no_data", _("belum ada data")
    NO_TARGET = "no_target", _("tanpa target")


# Worst first: the order in which parts of a shared row decide the row's status.
SEVERITY = [
    Achievement.NOT_MET, Achievement.NO_DATA, Achievement.AWAITING, Achievement.NEARLY, Achievement.MET,
    Achievement.NO_TARGET,
]  # fmt: skip


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


def judge_indicator(target, measured: Measured | None, direction: str = Direction.HIGHER, *,
                    levels: list[ScaleLevel] | None = None, step: Decimal | None = None,
                    awaiting: bool = False) -> Judgement:  # fmt: skip
    """`target`: anything with raw_text, value and level_rank (a Target or a TargetView); `levels`: the
    indicator's scale; `step`: one year's planned change of the target; `awaiting`: an annual
    indicator in Semester I, whose missing result is not yet due."""
    if target is None or target.raw_text is None:
        return Judgement(Achievement.NO_TARGET)
    if measured is None or not measured.verified:
        return Judgement(Achievement.AWAITING if awaiting else Achievement.NO_DATA)
    levels = levels or []
    if target.value is not None:
        if measured.value is not None:
            return _judge_number(measured.value, target.value, direction, step)
        if measured.level is not None and measured.level.has_band:
            return _judge_band(measured.level, target.value, direction)
    target_rank = target.level_rank
    if target_rank is not None:
        rank = measured.rank if measured.rank is not None else _rank_of_value(measured.value, levels)
        if rank is not None:
            return Judgement(Achievement.MET if rank >= target_rank else Achievement.NOT_MET)
    return Judgement(Achievement.NO_DATA, note=str(_("Nilai yang dilaporkan tidak dapat dibandingkan dengan target.")))


def indicator_status(target, measured: Measured | None, direction: str = Direction.HIGHER, **kwargs) -> str:
    return judge_indicator(target, measured, direction, **kwargs).status


def judge_activity(progress: Decimal | None, verified: bool, planned: Decimal = HUNDRED) -> Judgement:
    """A kegiatan against its planned progress for the semester."""
    if progress is None or not verified:
        return Judgement(Achievement.NO_DATA)
    if planned <= 0:
        return Judgement(Achievement.MET)
    ratio = rounded(progress / planned * HUNDRED, CAPAIAN_PLACES)
    if progress >= planned:
        return Judgement(Achievement.MET, ratio)
    return Judgement(Achievement.NEARLY if ratio >= NEARLY_CAPAIAN else Achievement.NOT_MET, ratio)


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


def _judge_number(value: Decimal, target: Decimal, direction: str, step: Decimal | None) -> Judgement:
    ratio = capaian(value, target, direction)
    met = value <= target if direction == Direction.LOWER else value >= target
    if met:
        return Judgement(Achievement.MET, ratio)
    shortfall = abs(value - target)
    within_step = not step or shortfall <= step  # no step: the target does not move
    if ratio is not None and ratio >= NEARLY_CAPAIAN and within_step:
        return Judgement(Achievement.NEARLY, ratio)
    return Judgement(Achievement.NOT_MET, ratio)


def _judge_band(level: ScaleLevel, target: Decimal, direction: str) -> Judgement:
    """A level reported without its number, against a number target: only the whole band proves it."""
    if direction == Direction.LOWER:
        low_enough = level.upper_bound is not None and level.upper_bound <= target
        return Judgement(Achievement.MET) if low_enough else _band_short(level)
    high_enough = level.lower_bound is not None and level.lower_bound >= target
    return Judgement(Achievement.MET) if high_enough else _band_short(level)


def _band_short(level: ScaleLevel) -> Judgement:
    return Judgement(
        Achievement.NOT_MET,
        note=str(_("Tingkat %(level)s (%(band)s) tidak membuktikan target angka; laporkan nilainya."))
        % {"level": level.code, "band": level.band_text()},
    )


def _rank_of_value(value: Decimal | None, levels: list[ScaleLevel]) -> int | None:
    """The rank a number stands for: its band on a banded scale, else a level numbered like it (APIP 3)."""
    if value is None or not levels:
        return None
    if Scale.has_bands(levels):
        level = Scale.level_for(value, levels)
        return level.rank if level else None
    if value == value.to_integral_value():
        for level in levels:
            if level.code == str(int(value)):
                return level.rank
    return None
