"""Seed the Pemda's reporting decisions (fixtures/reporting.json): who reports each indicator the
Perbup leaves without an OPD, which indicators are annual, and which are one regency-wide figure.

Not Perbup text, so loaded apart from it and only where nothing was decided yet: an indicator that
already has an assignment or a periodicity note keeps what an administrator set in the admin.
A roadmap workbook carries the same decisions (apply_decisions): it states them whole, after a preview.
"""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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


@transaction.atomic
def apply_decisions(roadmap: Roadmap, data: dict) -> dict[str, int]:
    """The Pemda's decisions as a roadmap workbook states them, written into the records the admin edits
    (ReportingAssignment with its history, Indicator.periodicity), never into the regulation's OPD links.

    Unlike the fixture's seeding, a workbook is applied on purpose after a preview, so it states the whole
    decision: `assignments` (when not None) become each indicator's exact reporters, every addition, change
    and removal kept in the history with its reason; `periodicity` sets each indicator it lists."""
    indicators = {
        (item.focus_item.section_code, item.order): item
        for item in Indicator.objects.filter(focus_item__priority__roadmap=roadmap)
        .select_related("focus_item__priority")
        .prefetch_related("assignments")
    }
    counts = {"penanggung jawab data": 0, "periode hasil": 0}
    if data.get("assignments") is not None:
        wanted: dict[int, list[dict]] = defaultdict(list)
        for row in data["assignments"]:
            wanted[_indicator(indicators, row).pk].append(row)
        opds = {opd.short_name: opd for opd in OPD.objects.all()}
        quick_wins = {q.number: q for q in QuickWin.objects.filter(roadmap=roadmap, source=QuickWin.Source.LAMPIRAN)}
        for indicator in indicators.values():
            rows = [
                (opds[row["opd"]], row["reason"], quick_wins.get(row.get("quick_win"))) for row in wanted[indicator.pk]
            ]
            counts["penanggung jawab data"] += _sync_assignments(indicator, rows)
    for row in data.get("periodicity") or []:
        indicator = _indicator(indicators, row)
        if (indicator.periodicity, indicator.periodicity_note) != (row["periodicity"], row["reason"]):
            indicator.periodicity, indicator.periodicity_note = Periodicity(row["periodicity"]), row["reason"]
            indicator.save(update_fields=["periodicity", "periodicity_note"])
            counts["periode hasil"] += 1
    return counts


def _sync_assignments(indicator: Indicator, rows: list[tuple[OPD, str, QuickWin | None]]) -> int:
    """Make the indicator's reporters exactly `rows` (in order); returns how many records changed."""
    current = {assignment.opd_id: assignment for assignment in indicator.assignments.all()}
    changed = 0
    for position, (opd, reason, quick_win) in enumerate(rows, start=1):
        assignment = current.pop(opd.pk, None)
        if assignment is None:
            assignment = ReportingAssignment(indicator=indicator, opd=opd)
        elif (assignment.position, assignment.reason, assignment.quick_win_id) == (
            position,
            reason,
            quick_win.pk if quick_win else None,
        ):
            continue
        assignment.position, assignment.reason, assignment.quick_win = position, reason, quick_win
        assignment.changed_by, assignment.changed_at = None, timezone.now()
        assignment.save()
        AssignmentChange.objects.create(
            indicator=indicator, opd=opd, action=AssignmentChange.Action.IMPORTED, reason=reason
        )
        changed += 1
    for assignment in current.values():
        AssignmentChange.objects.create(
            indicator=indicator,
            opd_id=assignment.opd_id,
            action=AssignmentChange.Action.REMOVED,
            reason=_("Tidak tercantum lagi di buku kerja road map yang diimpor."),
        )
        assignment.delete()
        changed += 1
    return changed
