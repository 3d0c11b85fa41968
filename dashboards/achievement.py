"""The status rule: is a target met in a period? Explained to users on the dashboard (rule_text).

- Only a *verified* realisation counts. An unverified value is shown as such, never as achieved.
- Numbers (plain, percentages, scores) compare in the indicator's direction; *hampir tercapai* is
  within ACHIEVEMENT_TOLERANCE_PERCENT of the target.
- Ordinal levels (SAKIP BB < A, BPK WDP < WTP, SPIP level 2 < 3) compare by rank, never by label;
  *hampir tercapai* is at most ACHIEVEMENT_LEVEL_TOLERANCE levels below.
- A target the Perbup leaves empty cannot be met or missed: *tanpa target*.
- A kegiatan is *tercapai* at 100 % verified progress.
Semester I is measured against the year's target, as the Perbup sets yearly targets only.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.models import Direction


class Achievement(models.TextChoices):
    MET = "met", _("tercapai")
    NEARLY = "nearly", _("hampir tercapai")
    NOT_MET = "not_met", _("belum tercapai")
    NO_DATA = "no_data", _("belum ada data")
    NO_TARGET = "no_target", _("tanpa target")


# Worst first: the order in which parts of a shared row decide the row's status.
SEVERITY = [Achievement.NOT_MET, Achievement.NO_DATA, Achievement.NEARLY, Achievement.MET, Achievement.NO_TARGET]


@dataclass(frozen=True)
class Measured:
    """What was reported: a number and/or a scale level (rank), and whether it is verified."""

    value: Decimal | None = None
    rank: int | None = None
    verified: bool = False


def indicator_status(target, measured: Measured | None, direction: str = Direction.HIGHER) -> str:
    """`target`: anything with raw_text, value and level_rank (a Target or a TargetView)."""
    if target is None or target.raw_text is None:
        return Achievement.NO_TARGET
    if measured is None or not measured.verified:
        return Achievement.NO_DATA
    if target.value is not None and measured.value is not None:
        return _compare_numbers(measured.value, target.value, direction)
    if target.level_rank is not None and measured.rank is not None:
        return _compare_ranks(measured.rank, target.level_rank)
    return Achievement.NO_DATA


def activity_status(progress: Decimal | None, verified: bool) -> str:
    if progress is None or not verified:
        return Achievement.NO_DATA
    return _compare_numbers(progress, Decimal(100), Direction.HIGHER)


def worst(statuses: list[str]) -> str:
    """Status of a row several OPDs report on: the least achieved part decides."""
    if not statuses:
        return Achievement.NO_DATA
    return min(statuses, key=SEVERITY.index)


def _compare_numbers(value: Decimal, target: Decimal, direction: str) -> str:
    tolerance = Decimal(settings.ACHIEVEMENT_TOLERANCE_PERCENT) / 100
    if direction == Direction.LOWER:
        if value <= target:
            return Achievement.MET
        return Achievement.NEARLY if value <= target * (1 + tolerance) else Achievement.NOT_MET
    if value >= target:
        return Achievement.MET
    return Achievement.NEARLY if value >= target * (1 - tolerance) else Achievement.NOT_MET


def _compare_ranks(rank: int, target_rank: int) -> str:
    if rank >= target_rank:
        return Achievement.MET
    if target_rank - rank <= settings.ACHIEVEMENT_LEVEL_TOLERANCE:
        return Achievement.NEARLY
    return Achievement.NOT_MET
