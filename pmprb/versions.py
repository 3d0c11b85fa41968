"""Worksheet versions: which one a year uses, what keeps one from being published, copying one."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import WorkflowError
from pmprb.models import (
    NUMBER_TYPES,
    Certainty,
    Component,
    HasilIndicator,
    LkeArea,
    Question,
    SubArea,
    WorksheetVersion,
)
from pmprb.scoring import weight_problems


def version_for_year(year: int, published_only: bool = False) -> WorksheetVersion | None:
    """The model the year was evaluated on (the version whose years include it, the latest start first)."""
    versions = WorksheetVersion.objects.for_year(year)
    if published_only:
        versions = versions.filter(is_published=True)
    return versions.first()


def is_usable(version: WorksheetVersion | None) -> bool:
    """Published and consistent: an assessment can be made on it."""
    return version is not None and version.is_published and not weight_problems(version)


def missing_model_text(year: int) -> str:
    """One sentence saying why the year cannot be assessed on its own model; '' when it can."""
    version = version_for_year(year)
    if version is None:
        return _("Model LKE untuk tahun evaluasi %(year)s belum dimuat.") % {"year": year}
    if is_usable(version):
        return ""
    return _(
        "Model tahun %(year)s (%(name)s) belum dapat dipakai karena lembar kerja resminya belum diimpor, "
        "sehingga sebagian bobot dan pertanyaannya belum diketahui."
    ) % {"year": year, "name": version.name}


def practice_version(year: int) -> WorksheetVersion | None:
    """The usable model a latihan of `year` is made on: the most recent usable one."""
    candidates = WorksheetVersion.objects.filter(is_published=True).order_by(
        F("last_year").desc(nulls_first=True), F("first_year").desc(nulls_last=True), "-created_at"
    )
    return next((version for version in candidates if is_usable(version)), None)


def unknown_parts(version: WorksheetVersion) -> list[str]:
    """'Komponen Reform', 'Area …', … — every part marked unknown."""
    parts = [
        *(_("Komponen %(name)s") % {"name": n} for n in _unknown(Component, "version", version)),
        *(_("Area %(name)s") % {"name": n} for n in _unknown(LkeArea, "component__version", version)),
        *(_("Sub-area %(name)s") % {"name": n} for n in _unknown(SubArea, "area__component__version", version)),
        *(_("Indikator %(name)s") % {"name": n} for n in _unknown(HasilIndicator, "component__version", version)),
    ]
    return parts


def _unknown(model, path: str, version) -> list[str]:
    return list(model.objects.filter(**{path: version, "certainty": Certainty.UNKNOWN}).values_list("name", flat=True))


def publish_problems(version: WorksheetVersion) -> list[str]:
    """Every reason the version cannot be published; empty when it can."""
    problems = list(weight_problems(version))
    unknown = unknown_parts(version)
    if unknown:
        problems.append(_("Bagian yang belum diketahui: %(parts)s.") % {"parts": "; ".join(unknown)})
    empty = SubArea.objects.filter(area__component__version=version, questions__isnull=True)
    names = list(empty.values_list("code", flat=True).order_by("area__number", "order"))
    if names:
        problems.append(_("Sub-area tanpa pertanyaan: %(codes)s.") % {"codes": ", ".join(names)})
    numeric = Question.objects.filter(subarea__area__component__version=version, answer_type__in=NUMBER_TYPES).exclude(
        answer_type="PERSEN"
    )
    missing_max = list(numeric.filter(input_max__isnull=True).values_list("code", flat=True))
    if missing_max:
        problems.append(_("Pertanyaan angka tanpa nilai maksimum: %(codes)s.") % {"codes": ", ".join(missing_max)})
    if not version.predicate_scale:
        problems.append(_("Skala predikat belum diketahui."))
    if version.first_year is None and version.last_year is None:
        problems.append(_("Tahun evaluasi yang memakai versi ini belum diisi."))
    return problems


@transaction.atomic
def publish(version: WorksheetVersion) -> WorksheetVersion:
    """Mark the version ready for assessments, or refuse with every reason."""
    problems = publish_problems(version)
    if problems:
        raise WorkflowError(_("Versi tidak dapat diterbitkan: ") + " ".join(problems))
    version.is_published = True
    version.save(update_fields=["is_published"])
    return version


def copy_version(version: WorksheetVersion) -> WorksheetVersion:
    """A deep copy, unpublished until it is checked and published."""
    copy = WorksheetVersion.objects.create(
        code=f"{version.code}-salinan-{timezone.now():%Y%m%d%H%M%S}",
        name=f"{version.name} (salinan)",
        regulation=version.regulation,
        source=version.source,
        notes=f"Disalin dari {version.code}.",
        total_weight=version.total_weight,
        predicate_scale=version.predicate_scale,
        is_published=False,
    )
    new_ids: dict[int, Component] = {}
    for component in version.components.order_by("pk"):  # a parent is created before its children
        _copy_component(component, copy, new_ids)
    return copy


def _copy_component(component: Component, copy: WorksheetVersion, new_ids: dict) -> None:
    areas = list(component.areas.prefetch_related("subareas__questions__options", "subareas__mappings"))
    indicators = list(component.hasil_indicators.prefetch_related("levels"))
    old_pk, parent_id = component.pk, component.parent_id
    component.pk, component.version = None, copy
    component.parent = new_ids.get(parent_id) if parent_id else None
    component.save()
    new_ids[old_pk] = component
    for area in areas:
        subareas = list(area.subareas.all())
        area.pk, area.component = None, component
        area.save()
        for subarea in subareas:
            _copy_subarea(subarea, area)
    for indicator in indicators:
        levels = list(indicator.levels.all())
        indicator.pk, indicator.component = None, component
        indicator.save()
        for level in levels:
            level.pk, level.indicator = None, indicator
            level.save()


def _copy_subarea(subarea, area) -> None:
    questions, mappings = list(subarea.questions.all()), list(subarea.mappings.all())
    subarea.pk, subarea.area = None, area
    subarea.save()
    for mapping in mappings:
        mapping.pk, mapping.subarea = None, subarea
        mapping.save()
    for question in questions:
        options = list(question.options.all())
        question.pk, question.subarea = None, subarea
        question.save()
        for option in options:
            option.pk, option.question = None, question
            option.save()
