"""The roadmap as one open-data document: the contract other tools read (docs/open-data.md)."""

from django.conf import settings

from actionplan.models import Activity, Program
from indicators.models import Indicator
from indicators.parsing import ParsedTarget
from roadmap.models import OPD, QuickWin, Roadmap

FORMAT_VERSION = 1


def build_roadmap_document(roadmap: Roadmap) -> dict:
    """Everything the Perbup states, as plain JSON-ready data, in a fixed number of queries."""
    return {
        "format_version": FORMAT_VERSION,
        "source_file": roadmap.source_document,
        "roadmap": _roadmap(roadmap),
        "national_goals": [
            {"number": goal.number, "title": goal.title, "source": {"line": goal.source_line}}
            for goal in roadmap.national_goals.all()
        ],
        "targets": [_indicator(indicator, roadmap) for indicator in _indicators(roadmap)],
        "activities": [_activity(activity, roadmap) for activity in _activities(roadmap)],
        "programs": [_program(program, roadmap) for program in _programs(roadmap)],
        "quick_wins": [_quick_win(quick_win, roadmap) for quick_win in _quick_wins(roadmap)],
        "opd": [
            {"name": opd.name, "short_name": opd.short_name, "aliases": opd.aliases}
            for opd in OPD.objects.filter(named_in_perbup=True)
        ],
    }


def _roadmap(roadmap: Roadmap) -> dict:
    return {
        "regulation": roadmap.regulation,
        "number": roadmap.number,
        "year": roadmap.year,
        "title": roadmap.title,
        "enacted_on": roadmap.enacted_on.isoformat(),
        "promulgated_on": roadmap.promulgated_on.isoformat(),
        "start_year": roadmap.start_year,
        "end_year": roadmap.end_year,
        "lampiran_header": roadmap.lampiran_header,
        "language": settings.LANGUAGE_CODE,
    }


def _indicators(roadmap: Roadmap):
    return Indicator.objects.filter(focus_item__priority__roadmap=roadmap).with_targets()


def _indicator(indicator: Indicator, roadmap: Roadmap) -> dict:
    years = roadmap.years
    targets = {target.year: target for target in indicator.targets.all()}
    raw = {str(year): getattr(targets.get(year), "raw_text", None) for year in years}
    parsed = {}
    for year in years:
        target = targets.get(year)
        if target is None or target.raw_text is None:
            parsed[str(year)] = None
        else:
            scale_code = indicator.scale.code if indicator.scale else None
            parsed[str(year)] = ParsedTarget(target.value, target.unit, target.level).as_dict(scale_code)
    focus_item = indicator.focus_item
    return {
        "section": focus_item.section_code,
        "section_title": focus_item.title,
        "subheading": indicator.subheading or None,
        "order": indicator.order,
        "sasaran": indicator.sasaran,
        "indikator": indicator.name,
        "targets": raw,
        "parsed": parsed,
        "scale": indicator.scale.code if indicator.scale else None,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "opd": [opd.name for opd in indicator.perbup_opds()],
        # Who reports the row: the Perbup's OPDs, then those the Pemda assigned (not Perbup text)
        "reporters": [opd.name for opd in indicator.responsible_opds()],
        "assigned": [opd.name for opd in indicator.assigned_opds()],
        "periodicity": indicator.periodicity,
        "source": {"file": roadmap.source_document, "line": indicator.source_line},
    }


def _activities(roadmap: Roadmap):
    return Activity.objects.perbup().filter(area__roadmap=roadmap).with_details()


def _activity(activity: Activity, roadmap: Roadmap) -> dict:
    area = activity.area
    return {
        "area_no": area.number,
        "area": area.name,
        "hasil_yang_diharapkan": area.expected_result,
        "hasil_target": area.expected_result_target or None,
        "program": area.program or None,
        "subprogram_no": activity.subprogram_no,
        "subprogram": activity.subprogram or None,
        "letter": activity.letter or None,
        "kegiatan": activity.kegiatan,
        "kriteria": activity.criteria or None,
        "indikator_target": activity.output_target,
        "waktu": activity.schedule,
        "opd": [link.opd.name for link in activity.opd_links.all()],
        "continuation": activity.continuation,
        "source": {
            "file": roadmap.source_document,
            "line": activity.source_line,
            "area": area.number,
            "subprogram": activity.subprogram_no,
            "letter": activity.letter or None,
        },
        "inferred": sorted(activity.inferred),
        "inferred_reasons": activity.inferred,
    }


def _programs(roadmap: Roadmap):
    return Program.objects.filter(roadmap=roadmap).prefetch_related("items")


def _program(program: Program, roadmap: Roadmap) -> dict:
    return {
        "number": program.number,
        "program": program.name,
        "kegiatan_text": program.kegiatan_text or None,
        "kegiatan": [
            {
                "group_letter": item.group_letter or None,
                "group_title": item.group_title or None,
                "letter": item.letter,
                "text": item.text,
            }
            for item in program.items.all()
        ],
        "source": {"file": roadmap.source_document, "line": program.source_line},
    }


def _quick_wins(roadmap: Roadmap):
    return QuickWin.objects.filter(roadmap=roadmap).prefetch_related("opd_links__opd")


def _quick_win(quick_win: QuickWin, roadmap: Roadmap) -> dict:
    return {
        "list": quick_win.source,
        "number": quick_win.number,
        "text": quick_win.text,
        "kriteria": quick_win.criteria or None,
        "indikator": quick_win.indicator or None,
        "opd": [link.opd.name for link in quick_win.opd_links.all()],
        "source": {"file": roadmap.source_document, "line": quick_win.source_line},
    }
