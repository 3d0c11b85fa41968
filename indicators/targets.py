"""The Perbup's targets as the pages and reports judge by them: each year's target knows the others.

Loaded with .values() in one query for a whole roadmap; `levels` is every ScaleLevel by pk, loaded once
per page (dashboards.rows.Lookups).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from indicators.models import Indicator, Scale, ScaleLevel, Target


@dataclass(frozen=True)
class TargetView:
    raw_text: str | None
    value: Decimal | None
    level: ScaleLevel | None
    year: int | None = None
    step: Decimal | None = None  # one year's planned change of the number (the "hampir" rule)
    by_year: dict = field(default_factory=dict, compare=False)  # the indicator's targets of every year

    @property
    def level_rank(self) -> int | None:
        return self.level.rank if self.level else None

    def for_year(self, year: int | None) -> "TargetView | None":
        """The target of another year of the same indicator (a report's data year)."""
        if year is None or year == self.year:
            return self
        return self.by_year.get(year)

    @property
    def band_conflict(self) -> ScaleLevel | None:
        """The level the number's band gives when the Perbup printed another ("68 (BB)": B)."""
        if self.value is None or self.level is None or not self.level.has_band:
            return None
        return None if self.level.contains(self.value) else self.band_level

    band_level: ScaleLevel | None = None


def scale_levels(levels: dict[int, ScaleLevel], scale_id: int | None) -> list[ScaleLevel]:
    """A scale's levels, best first."""
    if scale_id is None:
        return []
    return sorted((level for level in levels.values() if level.scale_id == scale_id), key=lambda x: -x.rank)


def year_targets(roadmap_id: int, year: int, levels: dict[int, ScaleLevel]) -> dict[int, TargetView]:
    """The target of `year` of every indicator of the roadmap; each knows the other years'."""
    return {pk: by_year[year] for pk, by_year in all_targets(roadmap_id, levels).items() if year in by_year}


def all_targets(roadmap_id: int, levels: dict[int, ScaleLevel]) -> dict[int, dict[int, TargetView]]:
    """Every target of the roadmap's indicators: {indicator: {year: target}}, in one query."""
    indicators = Indicator.objects.filter(focus_item__priority__roadmap_id=roadmap_id).values("pk")
    raw = defaultdict(dict)
    for row in Target.objects.filter(indicator__in=indicators).values(
        "indicator_id", "year", "raw_text", "value", "level_id", "indicator__scale_id"
    ):
        raw[row["indicator_id"]][row["year"]] = row
    result = {}
    for indicator_id, years in raw.items():
        by_year: dict[int, TargetView] = {}
        for year, row in years.items():
            by_year[year] = TargetView(
                row["raw_text"],
                row["value"],
                levels.get(row["level_id"]),
                year,
                _step(years, year),
                by_year,
                _band_level(row["value"], scale_levels(levels, row["indicator__scale_id"])),
            )
        result[indicator_id] = by_year
    return result


def _step(years: dict[int, dict], year: int) -> Decimal | None:
    """|this year's target − last year's| (for the first year, the next year's change)."""
    here = years[year]["value"]
    neighbour = years.get(year - 1) or years.get(year + 1)
    if here is None or neighbour is None or neighbour["value"] is None:
        return None
    return abs(here - neighbour["value"])


def _band_level(value: Decimal | None, levels: list[ScaleLevel]) -> ScaleLevel | None:
    if value is None or not Scale.has_bands(levels):
        return None
    return Scale.level_for(value, levels)
