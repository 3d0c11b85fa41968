"""Load a PMPRB worksheet version and its sub-area mapping from JSON fixtures (fixtures/pmprb/)."""

import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from pmprb.models import (
    Certainty,
    Component,
    HasilIndicator,
    HasilLevel,
    LkeArea,
    Option,
    Question,
    SubArea,
    SubAreaMapping,
    WorksheetVersion,
)
from pmprb.scoring import weight_problems
from pmprb.versions import publish_problems, unknown_parts


class WorksheetError(Exception):
    pass


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@transaction.atomic
def load_worksheet(path: Path) -> tuple[WorksheetVersion, bool]:
    """Create the version if it does not exist yet. Returns (version, created). All or nothing."""
    data = json.loads(path.read_text(encoding="utf-8"))
    existing = WorksheetVersion.objects.filter(code=data["version"]["code"]).first()
    if existing is not None:
        return existing, False
    return load_version_data(data, label=path.name), True


@transaction.atomic
def load_version_data(data: dict, publish: bool = True, label: str = "") -> WorksheetVersion:
    """A version from fixture-format data (a fixture or an imported workbook).

    A version whose parts are all known must add up, else nothing is loaded; it is published when
    `publish` and nothing keeps it from being. A version with unknown parts (26/2020, 9/2023 before
    the official workbook is imported) loads as a draft.
    """
    meta = data["version"]
    years = meta.get("years") or {}
    version = WorksheetVersion.objects.create(
        code=meta["code"],
        name=meta["name"],
        regulation=meta["regulation"],
        source=meta.get("source", ""),
        notes=meta.get("notes", ""),
        first_year=years.get("first"),
        last_year=years.get("last"),
        total_weight=_decimal(meta.get("total_weight", 100)),
        predicate_scale=meta.get("predicate_scale", ""),
    )
    for order, component_data in enumerate(data["components"], start=1):
        _load_component(version, component_data, order, None)
    if not _has_gaps(version):
        problems = weight_problems(version)
        if problems:
            raise WorksheetError(f"{label or version.code}: bobot tidak sesuai — " + " ".join(problems))
    if publish and not publish_problems(version):
        version.is_published = True
        version.save(update_fields=["is_published"])
    return version


def _has_gaps(version: WorksheetVersion) -> bool:
    """Parts marked unknown or weights left empty: the version is a draft of a model not fully known."""
    empty_weight = {"weight__isnull": True}
    return bool(
        version.total_weight is None
        or unknown_parts(version)
        or version.components.filter(**empty_weight).exists()
        or LkeArea.objects.filter(component__version=version, **empty_weight).exists()
        or SubArea.objects.filter(area__component__version=version, **empty_weight).exists()
        or HasilIndicator.objects.filter(component__version=version, **empty_weight).exists()
    )


def _load_component(version: WorksheetVersion, data: dict, order: int, parent: Component | None) -> None:
    component = Component.objects.create(
        version=version,
        parent=parent,
        code=data["code"],
        name=data["name"],
        weight=_decimal(data.get("weight")),
        order=order,
        certainty=data.get("certainty", Certainty.VERIFIED),
        note=data.get("note", ""),
    )
    for child_order, child in enumerate(data.get("children", []), start=1):
        _load_component(version, child, child_order, component)
    for area_data in data.get("areas", []):
        _load_area(component, area_data)
    for index, indicator_data in enumerate(data.get("indicators", []), start=1):
        _load_hasil(component, indicator_data, index, data.get("groups", []))


def _load_area(component: Component, data: dict) -> None:
    area = LkeArea.objects.create(
        component=component,
        number=data["number"],
        name=data["name"],
        weight=_decimal(data.get("weight")),
        certainty=data.get("certainty", Certainty.VERIFIED),
    )
    for order, subarea_data in enumerate(data.get("subareas", []), start=1):
        subarea = SubArea.objects.create(
            area=area,
            code=subarea_data["code"],
            name=subarea_data["name"],
            weight=_decimal(subarea_data.get("weight")),
            order=order,
            certainty=subarea_data.get("certainty", Certainty.VERIFIED),
        )
        for q_order, question_data in enumerate(subarea_data.get("questions", []), start=1):
            question = Question.objects.create(
                subarea=subarea,
                code=question_data["code"],
                text=question_data["text"],
                answer_type=question_data["answer_type"],
                criteria=question_data.get("criteria") or "",
                order=q_order,
                rule=_rule(question_data.get("sheet_rule")),
                input_max=_decimal(question_data.get("input_max")),
            )
            Option.objects.bulk_create(
                Option(question=question, code=o["code"], text=o.get("text") or "", value=_decimal(o["value"]))
                for o in question_data.get("options", [])
            )


def _rule(sheet_rule: dict | None) -> dict:
    """Keep the rules the workbook really applies; its reference error (1.2.a) is not reproduced."""
    if not sheet_rule or sheet_rule.get("kind") not in {"multiply_by_value_of", "zero_if"}:
        return {}
    return {key: value for key, value in sheet_rule.items() if key in {"kind", "question", "answer", "effective"}}


def _load_hasil(component: Component, data: dict, order: int, groups: list[dict]) -> None:
    group = next((g["name"] for g in groups if data["code"] in g.get("indicators", [])), "")
    input_range = data.get("input_range")
    indicator = HasilIndicator.objects.create(
        component=component,
        code=data["code"],
        group_name=group,
        name=data["name"],
        weight=_decimal(data.get("weight")),
        input_max=_decimal(input_range[1]) if input_range else None,
        guidance=data.get("guidance") or "",
        formula=data.get("formula") or "",
        order=order,
        certainty=data.get("certainty", Certainty.VERIFIED),
    )
    for level in data.get("levels") or []:
        HasilLevel.objects.create(
            indicator=indicator, code=level["code"], label=level["label"], score=_decimal(level["score"])
        )


@transaction.atomic
def load_mapping(path: Path) -> int:
    """Mappings of sub-areas to Lampiran sub-programs; existing ones are kept. Returns how many were added."""
    data = json.loads(path.read_text(encoding="utf-8"))
    version = WorksheetVersion.objects.get(code=data["version"])
    added = 0
    for row in data["mappings"]:
        subarea = SubArea.objects.get(area__component__version=version, code=row["subarea"])
        _mapping, created = SubAreaMapping.objects.get_or_create(
            subarea=subarea,
            area_number=row["area_no"],
            subprogram_no=row["subprogram_no"],
            defaults={"reason": row["reason"]},
        )
        added += created
    return added
