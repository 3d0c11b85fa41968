"""Which data scope (core/cache.py) each model's writes change: the one registry.

Every model of INSTALLED_APPS is either here, by its app or by itself, or exempt with the reason why no
cached entry reads it; tests/core/test_scopes.py fails on a model that is neither. A registered model's
saves and deletes bump through signals, and its queryset's bulk writes (update, bulk_create, bulk_update)
through VersionedQuerySet, which the same test requires as its default manager's queryset: a write that
forgets to bump cannot be written.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

from core import cache


@dataclass(frozen=True)
class Fixed:
    """Every write of the model changes this scope."""

    scope: str

    def of_instance(self, instance: models.Model) -> Iterable[str]:
        return (self.scope,)

    def of_queryset(self, queryset: models.QuerySet) -> Iterable[str]:
        return (self.scope,)


@dataclass(frozen=True)
class PeriodReports:
    """A write changes the reports of the period at `period_path` (a field path ending in the period's id)."""

    period_path: str

    def of_instance(self, instance: models.Model) -> Iterable[str]:
        *hops, last = self.period_path.split("__")
        target = instance
        for hop in hops:
            target = getattr(target, hop)
        return cache.report_scopes(getattr(target, last))

    def of_queryset(self, queryset: models.QuerySet) -> Iterable[str]:
        period_ids = queryset.order_by().values_list(self.period_path, flat=True).distinct()
        return {scope for period_id in period_ids for scope in cache.report_scopes(period_id)}


# Whole apps whose every model is part of one scope
APP_SCOPES = {
    "roadmap": Fixed(cache.MASTER),
    "indicators": Fixed(cache.MASTER),
    "actionplan": Fixed(cache.MASTER),
    "pmprb": Fixed(cache.PMPRB),  # dashboards show the Indeks RB and overdue recommendations
}
MODEL_SCOPES = {
    # A report, its evidence or its history changes only that period's results
    "monev.Realisation": PeriodReports("period_id"),
    "monev.Evidence": PeriodReports("realisation__period_id"),
    "monev.ReportEvent": PeriodReports("realisation__period_id"),
    "monev.Period": Fixed(cache.MASTER),
    "monev.PeriodReopening": Fixed(cache.MASTER),
    "monev.OPDProposal": Fixed(cache.MASTER),
}
# Models no cached entry reads, and why
EXEMPT = {
    "admin.LogEntry": "the admin's own history; no page caches it",
    "auth.Permission": "powers are read per request for the reader (accounts/rules.py)",
    "auth.Group": "roles are read per request for the reader",
    "auth.User": "who reads is never part of a cached entry",
    "contenttypes.ContentType": "Django's own registry of models",
    "sessions.Session": "one reader's session",
    "axes.AccessAttempt": "login throttling, read per login",
    "axes.AccessLog": "login history, read per login",
    "axes.AccessFailureLog": "login history, read per login",
    "axes.AccessAttemptExpiration": "login throttling, read per login",
    "accounts.Membership": "who belongs to which OPD is read per request for the reader",
    "notifications.Notification": "one reader's notifications, read per request",
    "notifications.Preference": "one reader's choice",
    "core.DataVersion": "the versions themselves",
    "core.PendingUpload": "one user's upload between an import's preview and its apply",
    "django_tasks_database.DBTaskResult": "the task queue's own rows",
    "monev.UploadSession": "one uploader's evidence upload in progress, before it becomes a report's",
    "notifications.OutboxMessage": "one recipient's e-mail on its way",
    "dashboards.ReportFile": "a laid-out PDF keyed by the fingerprint of its own content, read per download",
    "snapshots.Snapshot": "a finalised document's fixed record, read by its verification page, never cached",
}


def rule_for(model: type[models.Model]) -> Fixed | PeriodReports | None:
    return MODEL_SCOPES.get(model._meta.label) or APP_SCOPES.get(model._meta.app_label)


class VersionedQuerySet(models.QuerySet):
    """Bulk writes that bump the scopes of the rows they touch, in the same transaction."""

    def update(self, **kwargs) -> int:
        with transaction.atomic(using=self.db):
            scopes = _rule(self.model).of_queryset(self)  # before: the rows as they are now
            count = super().update(**kwargs)
            cache.bump(*scopes)
        return count

    def bulk_create(self, objs, *args, **kwargs) -> list:
        objs = list(objs)
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            cache.bump(*_scopes_of(self.model, objs))
        return created

    def bulk_update(self, objs, *args, **kwargs) -> int:
        objs = list(objs)
        with transaction.atomic(using=self.db):
            count = super().bulk_update(objs, *args, **kwargs)
            cache.bump(*_scopes_of(self.model, objs))
        return count


def _rule(model: type[models.Model]) -> Fixed | PeriodReports:
    rule = rule_for(model)
    if rule is None:
        raise LookupError(f"{model._meta.label} has a VersionedQuerySet but no scope in core/scopes.py")
    return rule


def _scopes_of(model: type[models.Model], objs: list) -> set[str]:
    rule = _rule(model)
    return {scope for obj in objs for scope in rule.of_instance(obj)}


def _bump_for(sender, instance, raw: bool = False, **kwargs) -> None:
    cache.bump(*_rule(sender).of_instance(instance))


def connect_signals() -> None:
    """Saves and deletes of every registered model bump its scopes (called once from CoreConfig.ready)."""
    for model in apps.get_models():
        if rule_for(model) is not None:
            uid = f"core.scopes:{model._meta.label}"
            post_save.connect(_bump_for, sender=model, dispatch_uid=uid + ":save")
            post_delete.connect(_bump_for, sender=model, dispatch_uid=uid + ":delete")
