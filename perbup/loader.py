"""Load the Perbup fixtures into the database: idempotent, all or nothing.

Each fixture file is read, every row is validated and upserted on its natural key. A row
that does not fit raises FixtureError naming the file and the row, and the surrounding
transaction rolls every change back.
"""

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models, transaction

from actionplan.models import Activity, ActivityOPD, Program, ProgramItem
from indicators.models import Indicator, IndicatorOPD, Scale, ScaleLevel, Target
from indicators.parsing import TargetParseError, parse_target
from indicators.seeding import apply_decisions, seed_reporting
from roadmap.models import (
    OPD,
    ChangeArea,
    FocusItem,
    FocusItemOPD,
    FocusPriority,
    NationalGoal,
    QuickWin,
    QuickWinOPD,
    Roadmap,
)


class FixtureError(Exception):
    """A fixture row that cannot be loaded; the message names the file and the row."""


@dataclass
class LoadReport:
    roadmap: Roadmap | None = None
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    @property
    def changes(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def summary(self) -> str:
        names = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        parts = [
            f"{name}: {self.created[name]} baru, {self.updated[name]} diubah, {self.unchanged[name]} tetap"
            for name in names
        ]
        return "\n".join(parts)


def read_directory(directory: Path) -> Callable[[str], Any]:
    """The fixture files of `directory`, read as JSON."""

    def read(filename: str) -> Any:
        path = directory / filename
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise FixtureError(f"{filename}: berkas tidak ditemukan") from exc
        except json.JSONDecodeError as exc:
            raise FixtureError(f"{filename}: JSON rusak pada baris {exc.lineno}: {exc.msg}") from exc

    return read


class _Loader:
    """Loads the fixture structures `read(filename)` returns: the Perbup's JSON files, or a roadmap
    workbook converted to the same structures (perbup/workbook.py), so both take one path."""

    def __init__(self, read: Callable[[str], Any], source_document: str = "") -> None:
        self.read = read
        self.source_document = source_document
        self.report = LoadReport()
        self.opd_by_name: dict[str, OPD] = {}

    # -- generic helpers -------------------------------------------------------------

    def upsert(self, model: type[models.Model], lookup: dict, values: dict) -> models.Model:
        label = model._meta.verbose_name_plural
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = model(**lookup, **values)
            instance.full_clean(validate_unique=False, validate_constraints=False)
            instance.save()
            self.report.created[str(label)] += 1
            return instance
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        if changed:
            for name in changed:
                setattr(instance, name, values[name])
            instance.full_clean(validate_unique=False, validate_constraints=False)
            instance.save(update_fields=changed)
            self.report.updated[str(label)] += 1
        else:
            self.report.unchanged[str(label)] += 1
        return instance

    def sync_opd_links(
        self, link_model: type[models.Model], owner_field: str, owner: models.Model, names: list[str]
    ) -> None:
        wanted = [self.opd(name) for name in names]
        current = list(link_model.objects.filter(**{owner_field: owner}).order_by("position"))
        if [link.opd_id for link in current] == [opd.pk for opd in wanted]:
            return
        link_model.objects.filter(**{owner_field: owner}).delete()
        link_model.objects.bulk_create(
            link_model(**{owner_field: owner}, opd=opd, position=position)
            for position, opd in enumerate(wanted, start=1)
        )
        counter = self.report.updated if current else self.report.created
        counter[str(link_model._meta.verbose_name_plural)] += 1

    def opd(self, name: str) -> OPD:
        try:
            return self.opd_by_name[name]
        except KeyError:
            raise ValueError(f"OPD '{name}' tidak ada di opd.json") from None

    def optional(self, filename: str) -> Any:
        """A fixture only some sources have: None where the source lacks it."""
        try:
            return self.read(filename)
        except KeyError:  # a workbook's structures
            return None
        except FixtureError as exc:
            if isinstance(exc.__cause__, FileNotFoundError):
                return None
            raise

    def rows(self, filename: str, rows: list, handler) -> None:
        for index, row in enumerate(rows, start=1):
            try:
                handler(row)
            except FixtureError:
                raise
            except Exception as exc:  # noqa: BLE001 - any failure is reported with its row
                line = row.get("source_line") if isinstance(row, dict) else None
                where = f"entri ke-{index}" + (f" (baris Perbup {line})" if line else "")
                raise FixtureError(f"{filename}, {where}: {exc}") from exc

    # -- the fixtures ------------------------------------------------------------------
    def load(self) -> LoadReport:
        self.load_roadmap()
        self.load_opds()
        self.load_scales()
        self.load_focus_and_indicators()
        self.load_areas_and_activities()
        self.load_programs()
        self.load_quick_wins()
        self.load_reporting()
        self.load_decisions()
        return self.report

    def load_decisions(self) -> None:
        """The Pemda's decisions a roadmap workbook carries (perbup/workbook.py), written into the records the
        admin edits; a source without them leaves every decision as it is."""
        data = self.optional("penetapan_pemda.json")
        if data is None:
            return
        try:
            counts = apply_decisions(self.roadmap, data)
        except Exception as exc:  # noqa: BLE001 - reported with the file, as every fixture row
            raise FixtureError(f"penetapan Pemda: {exc}") from exc
        for name, count in counts.items():
            self.report.updated[f"penetapan Pemda: {name}"] += count

    def load_reporting(self) -> None:
        """The Pemda's reporting decisions (not Perbup text), seeded once where none exist; a source
        without them (another roadmap) loads without them."""
        data = self.optional("reporting.json")  # a roadmap workbook carries its decisions otherwise
        if data is None:
            return
        try:
            counts = seed_reporting(data, self.roadmap)
        except Exception as exc:  # noqa: BLE001 - reported with the file, as every fixture row
            raise FixtureError(f"reporting.json: {exc}") from exc
        for name, count in counts.items():
            self.report.created[f"penetapan Pemda: {name}"] += count

    def load_roadmap(self) -> None:
        data = self.read("roadmap.json")
        meta = data["roadmap"]
        values = {
            "title": meta["title"],
            "enacted_on": date.fromisoformat(meta["enacted_on"]),
            "promulgated_on": date.fromisoformat(meta["promulgated_on"]),
            "start_year": meta["start_year"],
            "end_year": meta["end_year"],
            "lampiran_header": meta["lampiran_header"],
            "source_line": meta["source_line"],
            "source_document": meta.get("source_document") or self.source_document,
        }
        lookup = {"regulation": meta["regulation"], "number": meta["number"], "year": meta["year"]}
        self.roadmap = self.upsert(Roadmap, lookup, values)
        if not Roadmap.objects.filter(is_active=True).exists():  # the first roadmap is the one reported on
            Roadmap.objects.filter(pk=self.roadmap.pk).update(is_active=True)
            self.roadmap.is_active = True
        self.rows(
            "roadmap.json",
            data["national_goals"],
            lambda row: self.upsert(
                NationalGoal,
                {"roadmap": self.roadmap, "number": row["number"]},
                {"title": row["title"], "source_line": row["source_line"]},
            ),
        )

    def load_opds(self) -> None:
        def load(row: dict) -> None:
            # An OPD only the Pemda's decisions name is not the regulation's; another regulation naming it stays so
            named = (
                row.get("named_in_perbup", True)
                or OPD.objects.filter(short_name=row["short_name"], named_in_perbup=True).exists()
            )
            opd = self.upsert(
                OPD,
                {"short_name": row["short_name"]},
                {
                    "name": row["name"],
                    "aliases": row["aliases"],
                    "named_in_perbup": named,
                    "source_lines": row["source_lines"],
                },
            )
            self.opd_by_name[opd.short_name] = opd

        self.rows("opd.json", self.read("opd.json"), load)

    def load_scales(self) -> None:
        def load(row: dict) -> None:
            scale = self.upsert(
                Scale, {"code": row["code"]}, {"name": row["name"], "basis": row["basis"], "notes": row["notes"]}
            )
            for level in row["levels"]:
                self.upsert(
                    ScaleLevel,
                    {"scale": scale, "code": level["code"]},
                    {
                        "label": level.get("label", ""),
                        "rank": level["rank"],
                        "lower_bound": _decimal(level.get("lower")),
                        "lower_inclusive": level.get("lower_inclusive", True),
                        "upper_bound": _decimal(level.get("upper")),
                        "upper_inclusive": level.get("upper_inclusive", True),
                        "score": _decimal(level.get("score")),
                    },
                )
            for level in row["levels"]:
                if level.get("counts_as"):  # after every level of the scale exists
                    self.upsert(
                        ScaleLevel,
                        {"scale": scale, "code": level["code"]},
                        {
                            "counts_as": ScaleLevel.objects.get(scale=scale, code=level["counts_as"]),
                            "counts_as_basis": level.get("counts_as_basis", ""),
                        },
                    )

        self.rows("scales.json", self.read("scales.json")["scales"], load)
        self.scales = {scale.code: scale for scale in Scale.objects.prefetch_related("levels")}

    def load_focus_and_indicators(self) -> None:
        data = self.read("indicators.json")
        priorities: dict[int, FocusPriority] = {}
        sections: dict[str, FocusItem] = {}

        def load_priority(row: dict) -> None:
            priorities[row["number"]] = self.upsert(
                FocusPriority,
                {"roadmap": self.roadmap, "number": row["number"]},
                {"title": row["title"], "description": row.get("description") or "", "source_line": row["source_line"]},
            )

        def load_section(row: dict) -> None:
            item = self.upsert(
                FocusItem,
                {"priority": priorities[row["focus_no"]], "code": row["item_code"]},
                {
                    "title": row["title"],
                    "heading_text": row["heading_text"],
                    "opd_source": row.get("opd_source") or "",
                    "source_line": row["source_line"],
                },
            )
            self.sync_opd_links(FocusItemOPD, "focus_item", item, row.get("opd") or [])
            sections[row["code"]] = item

        def load_indicator(row: dict) -> None:
            scale = self.scales[row["scale"]] if row["scale"] else None
            indicator = self.upsert(
                Indicator,
                {"focus_item": sections[row["section"]], "order": row["order"]},
                {
                    "subheading": row.get("subheading") or "",
                    "sasaran": row["sasaran"],
                    "name": row["indikator"],
                    "key": row.get("key") or None,
                    "scale": scale,
                    "unit": row["unit"],
                    "direction": row["direction"],
                    "notes": row.get("notes") or "",
                    "source_line": row["source_line"],
                },
            )
            self.sync_opd_links(IndicatorOPD, "indicator", indicator, row.get("row_opd") or [])
            self.load_targets(indicator, scale, row["targets"])

        self.rows("indicators.json", data["focus"], load_priority)
        self.rows("indicators.json", data["sections"], load_section)
        self.rows("indicators.json", data["rows"], load_indicator)

    def load_targets(self, indicator: Indicator, scale: Scale | None, targets: dict) -> None:
        expected = {str(year) for year in self.roadmap.years}
        if set(targets) != expected:
            raise ValueError(f"target harus untuk tahun {sorted(expected)}, ditemukan {sorted(targets)}")
        levels = list(scale.levels.all()) if scale else []
        for year, raw in sorted(targets.items()):
            values = {"raw_text": raw, "value": None, "unit": "", "level": None}
            if raw is not None:
                try:
                    parsed = parse_target(raw, scale, levels)
                except TargetParseError as exc:
                    raise ValueError(f"target {year}: {exc}") from exc
                values.update(value=parsed.value, unit=parsed.unit or indicator.unit, level=parsed.level)
            self.upsert(Target, {"indicator": indicator, "year": int(year)}, values)

    def load_areas_and_activities(self) -> None:
        data = self.read("rencana_aksi.json")
        areas: dict[int, ChangeArea] = {}

        def load_area(row: dict) -> None:
            areas[row["number"]] = self.upsert(
                ChangeArea,
                {"roadmap": self.roadmap, "number": row["number"]},
                {
                    "name": row["name"] or "",
                    "name_inferred": row.get("name_inferred") or "",
                    "program": row.get("program") or "",
                    "program_inferred": row.get("program_inferred") or "",
                    "expected_result": row.get("hasil_yang_diharapkan") or "",
                    "expected_result_target": row.get("hasil_target") or "",
                    "notes": row.get("notes") or "",
                    "source_line": row.get("source_line"),
                },
            )

        order_in_area: Counter = Counter()

        def load_activity(row: dict) -> None:
            area = areas[row["area_no"]]
            order_in_area[area.number] += 1
            if not row["opd"]:
                raise ValueError("kegiatan tanpa penanggung jawab")
            # A row keeps its line in the source; a row typed without one is found by its place in the area
            lookup = (
                {"area": area, "source_line": row["source_line"]}
                if row.get("source_line")
                else {"area": area, "source_line": None, "order": order_in_area[area.number]}
            )
            activity = self.upsert(
                Activity,
                lookup,
                {
                    "order": order_in_area[area.number],
                    "subprogram_no": row.get("subprogram_no"),
                    "subprogram": row.get("subprogram") or "",
                    "letter": row.get("letter") or "",
                    "kegiatan": row.get("kegiatan") or "",
                    "criteria": row.get("kriteria") or "",
                    "output_target": row.get("indikator_target") or "",
                    "schedule": row.get("waktu") or {},
                    "continuation": row["continuation"],
                    "origin": Activity.Origin.PERBUP,
                    "inferred": row.get("inferred") or {},
                    "notes": row.get("notes") or "",
                },
            )
            self.sync_opd_links(ActivityOPD, "activity", activity, row["opd"])

        self.rows("rencana_aksi.json", data["areas"], load_area)
        self.rows("rencana_aksi.json", data["rows"], load_activity)

    def load_programs(self) -> None:
        def load(row: dict) -> None:
            program = self.upsert(
                Program,
                {"roadmap": self.roadmap, "number": row["number"]},
                {
                    "name": row["program"],
                    "kegiatan_text": row.get("kegiatan_text") or "",
                    "notes": row.get("notes") or "",
                    "source_line": row["source_line"],
                },
            )
            items = [("", "", item) for item in row["kegiatan"]]
            for group in row.get("subprograms") or []:
                items += [(group["letter"], group["title"], item) for item in group["kegiatan"]]
            for order, (group_letter, group_title, item) in enumerate(items, start=1):
                self.upsert(
                    ProgramItem,
                    {"program": program, "order": order},
                    {
                        "group_letter": group_letter,
                        "group_title": group_title,
                        "letter": item["letter"],
                        "text": item["text"],
                    },
                )
            ProgramItem.objects.filter(program=program, order__gt=len(items)).delete()

        self.rows("programs.json", self.read("programs.json")["table"], load)

    def load_quick_wins(self) -> None:
        def load_section_item(row: dict) -> None:
            self.upsert(
                QuickWin,
                {"roadmap": self.roadmap, "source": QuickWin.Source.SECTION_3_1_3_B, "number": row["number"]},
                {"text": row["text"], "criteria": "", "indicator": "", "source_line": row["source_line"]},
            )

        def load_lampiran_item(row: dict) -> None:
            quick_win = self.upsert(
                QuickWin,
                {"roadmap": self.roadmap, "source": QuickWin.Source.LAMPIRAN, "number": row["number"]},
                {
                    "text": row["kegiatan"],
                    "criteria": row.get("kriteria") or "",
                    "indicator": row.get("indikator") or "",
                    "source_line": row["source_line"],
                },
            )
            self.sync_opd_links(QuickWinOPD, "quick_win", quick_win, row["opd"])

        self.rows("quick_wins_3_1_3_b.json", self.read("quick_wins_3_1_3_b.json"), load_section_item)
        self.rows("quick_wins_lampiran.json", self.read("quick_wins_lampiran.json"), load_lampiran_item)


def _decimal(value: float | int | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


# The source as a reader knows it, published in the open data: not a path on our servers. Line numbers
# (source_line) count lines of the Perbup's extracted text (fixtures/README.md).
PERBUP_SOURCE_DOCUMENT = "Peraturan Bupati Pasuruan Nomor 15 Tahun 2019 (teks lengkap)"


def load_perbup(directory: Path) -> LoadReport:
    """Load every Perbup fixture from `directory` in one transaction."""
    return load_roadmap(read_directory(directory), PERBUP_SOURCE_DOCUMENT)


def load_roadmap(read: Callable[[str], Any], source_document: str = "") -> LoadReport:
    """Load a roadmap from fixture structures in one transaction: all or nothing."""
    with transaction.atomic():
        loader = _Loader(read, source_document)
        report = loader.load()
        report.roadmap = loader.roadmap
        return report
