"""Copying a worksheet version, so a later model (PermenPAN-RB 26/2020, 9/2023) can be edited from it."""

from django.utils import timezone

from pmprb.models import WorksheetVersion


def copy_version(version: WorksheetVersion) -> WorksheetVersion:
    """A deep copy, unpublished until its weights are checked."""
    copy = WorksheetVersion.objects.create(
        code=f"{version.code}-salinan-{timezone.now():%Y%m%d%H%M%S}",
        name=f"{version.name} (salinan)",
        regulation=version.regulation,
        source=version.source,
        notes=f"Disalin dari {version.code}.",
        is_published=False,
    )
    for component in version.components.all():
        areas = list(component.areas.prefetch_related("subareas__questions__options", "subareas__mappings"))
        indicators = list(component.hasil_indicators.prefetch_related("levels"))
        component.pk, component.version = None, copy
        component.save()
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
    return copy


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
