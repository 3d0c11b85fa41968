"""The registry of data scopes (core/scopes.py): no model can be written without bumping what it changes."""

import pytest
from django.apps import apps
from django.utils import timezone

from core import cache, scopes
from core.scopes import VersionedQuerySet
from monev.models import Period, Realisation
from tests import factories


def test_every_model_is_registered_or_exempt_with_a_reason():
    unaccounted = [
        model._meta.label
        for model in apps.get_models()
        if scopes.rule_for(model) is None and not scopes.EXEMPT.get(model._meta.label, "").strip()
    ]
    assert unaccounted == [], "add these models to core/scopes.py (a scope, or an exemption with its reason)"


def test_no_model_is_both_registered_and_exempt():
    both = [label for label in scopes.EXEMPT if scopes.rule_for(apps.get_model(label)) is not None]
    assert both == []


def test_every_registered_model_writes_in_bulk_through_a_versioned_queryset():
    plain = [
        model._meta.label
        for model in apps.get_models()
        if scopes.rule_for(model) is not None
        and not issubclass(model._default_manager._queryset_class, VersionedQuerySet)
    ]
    assert plain == [], "give these models `objects = VersionedQuerySet.as_manager()` (or base their QuerySet on it)"


def test_the_registry_names_only_models_that_exist():
    for label in [*scopes.MODEL_SCOPES, *scopes.EXEMPT]:
        assert apps.get_model(label), label


@pytest.mark.django_db
def test_a_bulk_update_of_reports_changes_the_version_of_their_period_only(operator_a, open_period, activity_a):
    other = factories.period(2022, 2)
    report = factories.report(operator_a, open_period, activity_a)
    before = cache.versions([cache.reports_scope(open_period.pk), cache.reports_scope(other.pk), cache.MASTER])
    Realisation.objects.filter(pk=report.pk).update(narrative="diubah lewat update()")
    after = cache.versions([cache.reports_scope(open_period.pk), cache.reports_scope(other.pk), cache.MASTER])
    assert after[0] != before[0] and after[1:] == before[1:]


@pytest.mark.django_db
def test_bulk_writes_of_master_data_change_the_master_version(open_period):
    before = cache.versions([cache.MASTER])
    Period.objects.filter(pk=open_period.pk).update(locked_at=timezone.now())
    middle = cache.versions([cache.MASTER])
    Period.objects.bulk_update([open_period], ["deadline"])
    assert before != middle != cache.versions([cache.MASTER])


@pytest.mark.django_db
def test_a_version_rolls_back_with_the_write_that_made_it(open_period):
    """(Inside the test's transaction the inner block is a savepoint: rolled back as a transaction would be.)"""
    from django.db import transaction

    before = cache.versions([cache.MASTER])
    with pytest.raises(RuntimeError), transaction.atomic():
        Period.objects.filter(pk=open_period.pk).update(locked_at=timezone.now())
        assert cache.versions([cache.MASTER]) != before  # the writer sees its own change
        raise RuntimeError("rolled back")
    assert cache.versions([cache.MASTER]) == before
