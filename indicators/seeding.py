"""Seed the Pemda's reporting decisions (fixtures/reporting.json): who reports each indicator the
Perbup leaves without an OPD, which indicators are annual, and which are one regency-wide figure.

Not Perbup text, so loaded apart from it and only where nothing was decided yet: an indicator that
already has an assignment or a periodicity note keeps what an administrator set in the admin.
"""

from django.db import transaction

from indicators.models import AssignmentChange, Indicator, Periodicity, ReportingAssignment
from roadmap.models import OPD, QuickWin, Roadmap


@transaction.atomic
def seed_reporting(data: dict, roadmap: Roadmap) -> dict[str, int]:
    """Create the missing OPDs (never named in the Perbup), assignments and periodicities from the
    structure of fixtures/reporting.json; counts what it did."""
    counts = {"opd": 0, "assignments": 0, "periodicity": 0, "regency_wide": 0}
    for row in data.get("new_opds", []):
        _, created = OPD.objects.get_or_create(
            short_name=row["short_name"], defaults={"name": row["name"], "named_in_perbup": False}
        )
        counts["opd"] += created
    indicators = {
        (item.focus_item.section_code, item.order): item
        for item in Indicator.objects.filter(focus_item__priority__roadmap=roadmap).select_related(
            "focus_item__priority"
        )
    }
    for row in data["rows"]:
        indicator = _indicator(indicators, row)
        counts["assignments"] += _assign(indicator, row, roadmap)
        counts["periodicity"] += _periodicity(indicator, row)
    for row in data.get("periodicity_only", []):
        counts["periodicity"] += _periodicity(_indicator(indicators, row), row)
    for row in data.get("regency_wide", []):
        counts["regency_wide"] += _regency_wide(_indicator(indicators, row), row)
    return counts


def _regency_wide(indicator: Indicator, row: dict) -> int:
    if indicator.regency_wide or indicator.regency_wide_reason:  # decided already (perhaps undone in the admin)
        return 0
    indicator.regency_wide, indicator.regency_wide_reason = True, row["reason"]
    indicator.save(update_fields=["regency_wide", "regency_wide_reason"])
    return 1


def _indicator(indicators: dict, row: dict) -> Indicator:
    try:
        return indicators[(row["section"], row["order"])]
    except KeyError:
        raise ValueError(f"reporting.json: indikator {row['section']} no. {row['order']} tidak ada") from None


def _assign(indicator: Indicator, row: dict, roadmap: Roadmap) -> int:
    if indicator.assignments.exists() or indicator.assignment_changes.exists():
        return 0
    quick_win = None
    if row.get("quick_win"):
        quick_win = QuickWin.objects.get(roadmap=roadmap, source=QuickWin.Source.LAMPIRAN, number=row["quick_win"])
        opds = [link.opd for link in quick_win.opd_links.select_related("opd")]
    else:
        opds = [OPD.objects.get(short_name=name) for name in row["opd"]]
    for position, opd in enumerate(opds, start=1):
        ReportingAssignment.objects.create(
            indicator=indicator, opd=opd, position=position, quick_win=quick_win, reason=row["reason"]
        )
        AssignmentChange.objects.create(
            indicator=indicator, opd=opd, action=AssignmentChange.Action.SEEDED, reason=row["reason"]
        )
    return len(opds)


def _periodicity(indicator: Indicator, row: dict) -> int:
    if "periodicity" not in row or indicator.periodicity_note:
        return 0
    indicator.periodicity = Periodicity(row["periodicity"])
    indicator.periodicity_note = row["periodicity_reason"]
    indicator.save(update_fields=["periodicity", "periodicity_note"])
    return 1
