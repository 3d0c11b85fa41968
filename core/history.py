"""History tables whose rows are hash-chained, so a row changed outside the application shows.

Each row of a chained table stores `prev_hash` (the hash of the row before it in its chain) and
`hash` = SHA-256 of `prev_hash` + the row's canonical content. A chain is the history of one
parent (one report, one assessment): the row is linked while the parent row is locked
(SELECT ... FOR NO KEY UPDATE), in the transaction that inserts it, so two writers on the same
report take turns instead of forking the chain, and writers on different reports never wait for
each other. `manage.py verify_history` recomputes every chain and names the first broken row.

The hashes are plain SHA-256, not keyed: they show a row changed by hand or by a script that
does not know to recompute them; the head hashes `verify_history` prints can be kept elsewhere
to show a whole chain was rewritten.
"""

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.apps import apps
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from core.scopes import VersionedQuerySet

GENESIS = ""  # prev_hash of the first row of a chain


def canonical(label: str, values: dict) -> str:
    """The row's content as one stable string: sorted keys, UTC timestamps, no whitespace."""
    return json.dumps(
        {"table": label, **values}, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain
    )


def _plain(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return str(value)


def digest(prev_hash: str, label: str, values: dict) -> str:
    return hashlib.sha256((prev_hash + canonical(label, values)).encode()).hexdigest()


def row_values(instance: models.Model, fields: Iterable[str]) -> dict:
    """The chained fields of a row (foreign keys as their id), also for historical models in migrations."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        values[field.attname] = getattr(instance, field.attname)
    return values


class ChainedQuerySet(VersionedQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Rows created in bulk (fixtures, benchmarks) are linked too, in the order given."""
        objs = list(objs)
        with transaction.atomic(using=self.db):
            heads = self.model.lock_chain_heads({getattr(obj, self.model.chain_parent_attname()) for obj in objs})
            for obj in objs:
                parent_id = getattr(obj, obj.chain_parent_attname())
                obj.link(heads.get(parent_id, GENESIS))
                heads[parent_id] = obj.hash
            return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs):
        raise TypeError(f"{self.model.__name__} is a hash-chained history: its rows are never updated.")


class HashChained(models.Model):
    """An append-only history row linked to the previous row of the same parent by its hash.

    Subclasses name the parent foreign key (`chain_parent`) and the fields that make up the
    row's content (`chain_fields`); changing either changes every hash, so it needs a migration
    that relinks the table (`relink`).
    """

    chain_parent: str = ""
    chain_fields: tuple[str, ...] = ()

    prev_hash = models.CharField(_("hash entri sebelumnya"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False)

    objects = ChainedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise TypeError(f"{type(self).__name__} is a hash-chained history: its rows are never changed.")
        with transaction.atomic(using=kwargs.get("using")):
            self.link(self.lock_chain_head())
            super().save(*args, **kwargs)

    @classmethod
    def chain_parent_attname(cls) -> str:
        return cls._meta.get_field(cls.chain_parent).attname

    @classmethod
    def chain_label(cls) -> str:
        return cls._meta.label_lower

    def lock_chain_head(self) -> str:
        parent_id = getattr(self, self.chain_parent_attname())
        return self.lock_chain_heads({parent_id}).get(parent_id, GENESIS)

    @classmethod
    def lock_chain_heads(cls, parent_ids: set) -> dict:
        """Lock the parent rows and return {parent id: hash of its newest history row}.

        NO KEY UPDATE is the lock an UPDATE of the parent takes anyway, and it does not wait for
        the KEY SHARE locks that inserting rows referring to the parent hold (no deadlock with an
        evidence upload on the same report). SQLite ignores it: there writers take turns already.
        """
        parent_attname = cls.chain_parent_attname()
        parents = cls._meta.get_field(cls.chain_parent).related_model._default_manager
        locked = parents.select_for_update(no_key=True, of=("self",)).filter(pk__in=parent_ids).order_by()
        list(locked.values_list("pk", flat=True))
        rows = cls._default_manager.filter(**{f"{parent_attname}__in": parent_ids})
        newest = rows.values(parent_attname).annotate(newest=models.Max("pk")).values("newest")
        return dict(cls._default_manager.filter(pk__in=newest).values_list(parent_attname, "hash"))

    def link(self, prev_hash: str) -> None:
        self.prev_hash = prev_hash
        self.hash = self.compute_hash()

    def compute_hash(self) -> str:
        return digest(self.prev_hash, self.chain_label(), row_values(self, self.chain_fields))


def relink(model, label: str, parent_attname: str, fields: Iterable[str]) -> int:
    """Link every row of `model` (a live or a historical model) in pk order; for data migrations."""
    heads: dict = {}
    fields = tuple(fields)
    changed = []
    for row in model._default_manager.order_by("pk").iterator(chunk_size=2000):
        parent_id = getattr(row, parent_attname)
        row.prev_hash = heads.get(parent_id, GENESIS)
        row.hash = digest(row.prev_hash, label, row_values(row, fields))
        heads[parent_id] = row.hash
        changed.append(row)
    # A plain queryset on purpose: this is the one place that writes hashes to existing rows.
    models.QuerySet(model).bulk_update(changed, ["prev_hash", "hash"], batch_size=1000)
    return len(changed)


@dataclass
class Break:
    """The first row of a table whose chain does not verify, and why."""

    label: str
    pk: int
    parent_id: int
    reason: str


@dataclass
class ChainReport:
    label: str
    rows: int
    chains: int
    breaks: list[Break]
    fingerprint: str  # SHA-256 over every chain's newest hash: kept elsewhere, it shows a rewrite

    @property
    def ok(self) -> bool:
        return not self.breaks


def chained_models() -> list[type[HashChained]]:
    return [model for model in apps.get_models() if issubclass(model, HashChained)]


def verify(model: type[HashChained]) -> ChainReport:
    """Recompute every chain of the table: each row's link to the row before it and its own hash."""
    parent_attname = model.chain_parent_attname()
    heads: dict = {}
    breaks = []
    rows = 0
    for row in _rows(model, parent_attname):
        rows += 1
        parent_id = getattr(row, parent_attname)
        expected_prev = heads.get(parent_id, GENESIS)
        if row.prev_hash != expected_prev:
            breaks.append(Break(model.chain_label(), row.pk, parent_id, "previous row removed, added or changed"))
        elif row.hash != row.compute_hash():
            breaks.append(Break(model.chain_label(), row.pk, parent_id, "content changed"))
        heads[parent_id] = row.hash
    fingerprint = hashlib.sha256("".join(f"{key}:{heads[key]}\n" for key in sorted(heads)).encode()).hexdigest()
    return ChainReport(model.chain_label(), rows, len(heads), breaks, fingerprint)


def _rows(model: type[HashChained], parent_attname: str) -> Iterator[HashChained]:
    return model._default_manager.order_by(parent_attname, "pk").iterator(chunk_size=2000)
